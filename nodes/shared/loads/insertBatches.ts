import type { SqlStatement, SqlValue } from '../redshift/connection/types';
import type { NulHandling } from '../staging/columns';
import { insertValue } from './insertValues';
import type { TableColumn } from './targetTable';
import type { LoadItem } from './types';

/** A wire statement may bind at most 32767 parameters (the protocol's Int16 count). */
export const WIRE_MAX_PARAMETERS = 32767;
/** Redshift's statement limit is 16 MB; stay under it with room for the SQL around the values. */
export const MAX_STATEMENT_BYTES = 16 * 1024 * 1024 - 64 * 1024;
/** The Data API takes at most 100,000 characters of SQL; each `:s40p12345` placeholder costs ~13. */
export const DATA_API_MAX_PARAMETERS = 6000;
/** BatchExecuteStatement runs at most 40 statements. */
export const DATA_API_MAX_STATEMENTS = 40;

/** One multi-row INSERT and the rows it carries (0-based, in input order). */
export interface InsertBatch {
	statement: SqlStatement;
	/** The `(…), (…)` after VALUES, to send the same rows into another table. */
	valuesSql: string;
	firstItem: number;
	rows: number;
}

export interface InsertBatchOptions {
	transport: 'wire' | 'dataApi';
	/** Rows per INSERT statement; default 500 (fewer when the parameter or size limits say so). */
	batchSize?: number;
	nulBytes?: NulHandling;
	superStringsAreJson?: boolean;
	/** The item a row came from, when they differ (for errors); default the row's own index. */
	itemIndexOfRow?: (row: number) => number | undefined;
}

interface PendingBatch {
	firstItem: number;
	rows: string[];
	values: SqlValue[];
	bytes: number;
}

/** Rows one INSERT may carry: the rows option, capped by the transport's parameter limit. */
export function rowsPerInsert(
	columns: number,
	options: Pick<InsertBatchOptions, 'transport' | 'batchSize'>,
): number {
	const maxParameters =
		options.transport === 'dataApi' ? DATA_API_MAX_PARAMETERS : WIRE_MAX_PARAMETERS;
	return Math.max(
		1,
		Math.min(options.batchSize ?? 500, Math.floor(maxParameters / Math.max(1, columns))),
	);
}

/**
 * Builds batched multi-row `INSERT INTO <table> (…) VALUES (…), (…)` statements with every value a
 * parameter (SUPER values through JSON_PARSE). Batches respect the rows option, the parameter limit
 * and the 16 MB statement cap. Every value is checked against its column first, so a bad value
 * fails with its item and column before anything is sent.
 */
export async function buildInsertBatches(
	quotedTable: string,
	quotedColumns: readonly string[],
	columns: readonly TableColumn[],
	rows: AsyncIterable<LoadItem> | Iterable<LoadItem>,
	options: InsertBatchOptions,
): Promise<{ batches: InsertBatch[]; rowCount: number }> {
	const head = `INSERT INTO ${quotedTable} (${quotedColumns.join(', ')}) VALUES `;
	const rowsPerBatch = rowsPerInsert(columns.length, options);
	const nulBytes = options.nulBytes ?? 'error';
	const batches: InsertBatch[] = [];
	let batch: PendingBatch | undefined;
	const flush = () => {
		if (!batch || batch.rows.length === 0) return;
		const valuesSql = batch.rows.join(', ');
		batches.push({
			statement: { text: head + valuesSql, values: batch.values },
			valuesSql,
			firstItem: batch.firstItem,
			rows: batch.rows.length,
		});
		batch = undefined;
	};
	let count = 0;
	for await (const row of rows) {
		const item = options.itemIndexOfRow?.(count) ?? count;
		const values = columns.map((column) =>
			insertValue(row[column.name], column, item, nulBytes, options.superStringsAreJson),
		);
		const bytes = values.reduce(
			(sum, value) =>
				sum + (typeof value.value === 'string' ? Buffer.byteLength(value.value) : 8) + 16,
			0,
		);
		if (batch && (batch.rows.length >= rowsPerBatch || batch.bytes + bytes > MAX_STATEMENT_BYTES))
			flush();
		batch ??= { firstItem: count, rows: [], values: [], bytes: head.length };
		const placeholders = values.map((value) => {
			batch!.values.push(value.value);
			const placeholder = `$${batch!.values.length}`;
			return value.super ? `JSON_PARSE(${placeholder})` : placeholder;
		});
		batch.rows.push(`(${placeholders.join(', ')})`);
		batch.bytes += bytes;
		count++;
	}
	flush();
	return { batches, rowCount: count };
}
