import type { SqlStatement } from '../redshift/connection/types';
import { MAX_VARCHAR_BYTES } from '../staging/columnTypes';
import { quoteIdentifier, quoteTable, type TableRef } from '../redshift/sql/identifiers';
import { newRunId } from '../staging/runId';
import { buildInsertBatches, type InsertBatch } from './insertBatches';
import type { StagedLoadPlan } from './stagedLoad';
import type { TableColumn } from './targetTable';
import type { LoadItem, StagedLoadOptions } from './types';

/** Rows checked and cut into INSERT batches, ready to fill any table that has their columns. */
export interface InsertFill {
	runId: string;
	rowCount: number;
	batches: InsertBatch[];
	/** The INSERT statements into `table` (the same rows and parameters, another target). */
	into: (table: TableRef) => SqlStatement[];
}

/**
 * Write mode `insert`: every row becomes part of a multi-row INSERT with its values as parameters,
 * checked against its column's type first (a bad value fails with its item and column before
 * anything is sent). The ordinal column, when the plan has one, gets the row's input position.
 */
export async function buildInsertFill(
	options: StagedLoadOptions,
	plan: StagedLoadPlan,
	check: { lengthsChecked?: boolean } = {},
): Promise<InsertFill> {
	const known = new Map((plan.tableColumns ?? []).map((column) => [column.name, column]));
	const columns: TableColumn[] = plan.columns.map((column) => {
		const table = known.get(column.name) ?? {
			name: column.name,
			type: column.type,
			typeName: column.type?.name ?? 'text',
			nullable: true,
		};
		return check.lengthsChecked ? withoutLengthLimit(table) : table;
	});
	const names = columns.map((column) => column.name);
	if (plan.ordinalColumn) {
		columns.push({ name: plan.ordinalColumn, typeName: 'bigint', nullable: false });
		names.push(plan.ordinalColumn);
	}
	const ordinal = plan.ordinalColumn;
	const withOrdinal = async function* (rows: StagedLoadPlan['rows']): AsyncGenerator<LoadItem> {
		let index = 0;
		for await (const row of rows) {
			yield ordinal ? { ...row, [ordinal]: index } : row;
			index++;
		}
	};
	const quotedColumns = names.map((name) => quoteIdentifier(name, options));
	const transport = options.connection.transport;
	const columnList = quotedColumns.join(', ');
	const { batches, rowCount } = await buildInsertBatches(
		quoteTable(options.table, options),
		quotedColumns,
		columns,
		withOrdinal(plan.rows),
		{
			transport,
			batchSize: options.insert?.batchSize,
			nulBytes: options.insert?.nulBytes,
			superStringsAreJson: options.superStringsAreJson,
			itemIndexOfRow: plan.itemIndexOfRow,
		},
	);
	return {
		runId: newRunId(),
		rowCount,
		batches,
		into: (table) =>
			batches.map((batch) => ({
				text: `INSERT INTO ${quoteTable(table, options)} (${columnList}) VALUES ${batch.valuesSql}`,
				values: batch.statement.values,
			})),
	};
}

/**
 * A VARCHAR as long as Redshift allows, for values the column fit check already measured (a value
 * longer than the column widens it before the load, so the INSERT must not refuse it).
 */
export function withoutLengthLimit(column: TableColumn): TableColumn {
	return column.type?.name === 'VARCHAR'
		? { ...column, type: { name: 'VARCHAR', length: MAX_VARCHAR_BYTES } }
		: column;
}
