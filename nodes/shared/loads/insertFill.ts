import type { SqlStatement } from '../redshift/connection/types';
import { MAX_VARCHAR_BYTES } from '../redshift/sql/columnTypes';
import { quoteIdentifier, quoteTable, type TableRef } from '../redshift/sql/identifiers';
import { newRunId } from '../staging/runId';
import { LoadSetupError } from './errors';
import {
	buildInsertBatches,
	DATA_API_MAX_STATEMENTS,
	rowsPerInsert,
	type InsertBatch,
} from './insertBatches';
import type { StagedLoadPlan, StagedTransaction } from './stagedLoad';
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
 * Fill `insert`: every row becomes part of a multi-row INSERT with its values as parameters,
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

/**
 * The Data API runs a transaction as one BatchExecuteStatement of at most 40 statements, and a
 * temporary staging table lives only inside it: a load that needs more is refused before
 * anything is sent, saying how many rows would fit.
 */
export function assertFitsDataApi(
	options: StagedLoadOptions,
	plan: StagedLoadPlan,
	fill: InsertFill,
	transaction: StagedTransaction,
): void {
	if (options.connection.transport !== 'dataApi') return;
	const extra = options.insert?.extraStatements ?? 0;
	const total = transaction.statements.length + extra;
	if (total <= DATA_API_MAX_STATEMENTS) return;
	const others = total - fill.batches.length;
	const room = DATA_API_MAX_STATEMENTS - others;
	const fit = room <= 0 ? 0 : (fill.batches[room]?.firstItem ?? fill.rowCount);
	const perInsert = rowsPerInsert(plan.columns.length + (plan.ordinalColumn ? 1 : 0), {
		transport: 'dataApi',
		batchSize: options.insert?.batchSize,
	});
	const what = plan.rowsAre ?? 'items';
	throw new LoadSetupError(
		`Write mode Insert over the Data API runs the whole load into ${plan.quotedTable} as one transaction of at most ${DATA_API_MAX_STATEMENTS} statements (BatchExecuteStatement; the staging table lives only inside it). ` +
			`These ${fill.rowCount} ${what} need ${fill.batches.length} INSERT statement(s) of up to ${perInsert} rows plus ${others} other statement(s), so at most ${fit} ${what} fit. ` +
			'Nothing was sent. Use write mode Copy (stage in S3), send fewer items per run, or use a direct connection.',
	);
}
