import type { SqlResult, SqlStatement, SqlValue } from '../redshift/connection/types';
import { quoteIdentifier, quoteTable } from '../redshift/sql/identifiers';
import { shapeItems } from './itemColumns';
import { redactingLog } from './log';
import { insertValue } from './insertValues';
import { prepareTarget } from './prepareTarget';
import { runLoadTransaction } from './transaction';
import type { LoadBaseOptions, LoadItems, LoadResult } from './types';
import type { NulHandling } from '../staging/columns';

export interface InsertOptions extends LoadBaseOptions {
	items: LoadItems;
	/** Rows per INSERT statement; default 500 (fewer when the parameter or size limits say so). */
	batchSize?: number;
	/** NUL characters in text: refuse (default) or strip. */
	nulBytes?: NulHandling;
}

/** A wire statement may bind at most 32767 parameters (the protocol's Int16 count). */
export const WIRE_MAX_PARAMETERS = 32767;
/** Redshift's statement limit is 16 MB; stay under it with room for the SQL around the values. */
export const MAX_STATEMENT_BYTES = 16 * 1024 * 1024 - 64 * 1024;
/** The Data API takes at most 100,000 characters of SQL; each `:s40p12345` placeholder costs ~13. */
export const DATA_API_MAX_PARAMETERS = 6000;
/** BatchExecuteStatement runs at most 40 statements. */
export const DATA_API_MAX_STATEMENTS = 40;

interface PendingBatch {
	firstItem: number;
	rows: string[];
	values: SqlValue[];
	bytes: number;
}

/**
 * Insert mode (no S3): batched multi-row `INSERT … VALUES (…), (…)` with every value a parameter
 * (SUPER values through JSON_PARSE). Batches respect the rows option, the parameter limit and
 * the 16 MB statement cap. On the wire every batch runs in one transaction: all items or none.
 * The Data API runs at most 40 statements per transaction, so larger inputs commit in groups of
 * 40 batches; a failure then leaves earlier groups committed (the error says how many items).
 * Values are checked against the column types first: a bad value fails with its item and column
 * before anything is sent.
 */
export async function insertRows(options: InsertOptions): Promise<LoadResult> {
	const started = Date.now();
	const log = redactingLog(options.log);
	const target = await prepareTarget(options, options.items, false);
	const table = quoteTable(options.table, options);
	const columns = target.columns;
	const columnList = columns.map((column) => quoteIdentifier(column.name, options)).join(', ');
	const head = `INSERT INTO ${table} (${columnList}) VALUES `;
	const dataApi = options.connection.transport === 'dataApi';
	const maxParameters = dataApi ? DATA_API_MAX_PARAMETERS : WIRE_MAX_PARAMETERS;
	const rowsPerBatch = Math.max(1, Math.min(options.batchSize ?? 500, Math.floor(maxParameters / columns.length)));
	const nulBytes = options.nulBytes ?? 'error';

	const statements: { statement: SqlStatement; firstItem: number; rows: number }[] = [];
	let batch: PendingBatch | undefined;
	const flush = () => {
		if (!batch || batch.rows.length === 0) return;
		statements.push({ statement: { text: head + batch.rows.join(', '), values: batch.values }, firstItem: batch.firstItem, rows: batch.rows.length });
		batch = undefined;
	};
	let items = 0;
	for await (const row of shapeItems(target.items, target.shaper)) {
		const values = columns.map((column) => insertValue(row[column.name], column, items, nulBytes, options.superStringsAreJson));
		const bytes = values.reduce((sum, value) => sum + (typeof value.value === 'string' ? Buffer.byteLength(value.value) : 8) + 16, 0);
		if (batch && (batch.rows.length >= rowsPerBatch || batch.bytes + bytes > MAX_STATEMENT_BYTES)) flush();
		batch ??= { firstItem: items, rows: [], values: [], bytes: head.length };
		const placeholders = values.map((value) => {
			batch!.values.push(value.value);
			const placeholder = `$${batch!.values.length}`;
			return value.super ? `JSON_PARSE(${placeholder})` : placeholder;
		});
		batch.rows.push(`(${placeholders.join(', ')})`);
		batch.bytes += bytes;
		items++;
	}
	flush();

	const createStatements = target.createStatements.map((text) => ({ text }));
	const groupSize = dataApi ? DATA_API_MAX_STATEMENTS - createStatements.length : Number.POSITIVE_INFINITY;
	const results: SqlResult[] = [];
	let attempts = 0;
	let committedItems = 0;
	for (let start = 0; start === 0 || start < statements.length; start += groupSize) {
		const group = statements.slice(start, start + groupSize);
		const first = start === 0 ? createStatements : [];
		const lastItem = group.length ? group[group.length - 1].firstItem + group[group.length - 1].rows - 1 : -1;
		const run = await runLoadTransaction(options, [...first, ...group.map((entry) => entry.statement)], {
			tableKey: target.key,
			quotedTable: table,
			log,
			stateAfterFailure:
				committedItems > 0
					? `items ${group[0]?.firstItem ?? 0} to ${lastItem} were not inserted; items 0 to ${committedItems - 1} were committed earlier (the Data API runs at most ${DATA_API_MAX_STATEMENTS} statements per transaction)`
					: undefined,
		});
		attempts += run.attempts;
		results.push(...run.results.slice(first.length));
		committedItems = lastItem + 1;
		if (statements.length === 0) break;
	}
	return {
		table: target.key,
		action: 'insert',
		rowsLoaded: results.reduce((sum, result) => sum + (result.rowCount ?? 0), 0),
		itemsRead: items,
		files: 0,
		bytes: 0,
		durationMs: Date.now() - started,
		attempts,
		tableCreated: target.createStatements.length > 0,
		statementIds: results.map((result) => result.statementId).filter((id): id is string => !!id),
		queryIds: [],
		stagedFilesKept: false,
		warnings: [],
	};
}
