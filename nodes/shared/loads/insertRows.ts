import type { SqlResult } from '../redshift/connection/types';
import { quoteIdentifier, quoteTable } from '../redshift/sql/identifiers';
import { buildTruncate } from '../redshift/sql/overwrite';
import { assertOneDataApiTransaction } from './dataApiTransaction';
import { ColumnFitCheck } from './columnFitCheck';
import { widenColumns } from './columnFitWiden';
import { withoutLengthLimit } from './insertFill';
import { shapeItems } from './itemColumns';
import { redactingLog } from './log';
import { buildInsertBatches, DATA_API_MAX_STATEMENTS } from './insertBatches';
import { prepareTarget } from './prepareTarget';
import { runAlone, runLoadTransaction } from './transaction';
import { LoadFailedError } from './errors';
import type { LoadBaseOptions, LoadItems, LoadResult } from './types';
import type { NulHandling } from '../staging/columns';

export interface InsertOptions extends LoadBaseOptions {
	items: LoadItems;
	/** Rows per INSERT statement; default 500 (fewer when the parameter or size limits say so). */
	batchSize?: number;
	/** NUL characters in text: refuse (default) or strip. */
	nulBytes?: NulHandling;
	/**
	 * Overwrite method `truncate`: empty the table with TRUNCATE once the values are checked, before
	 * the first INSERT. TRUNCATE commits at once in Redshift: not atomic.
	 */
	truncateFirst?: boolean;
}

/** What the table looks like when a load fails after its TRUNCATE (overwrite method truncate). */
export const TRUNCATED_BEFORE_FAILURE =
	'and the table was already emptied by TRUNCATE (overwrite method truncate is not atomic); it stays empty until a load succeeds';

export {
	DATA_API_MAX_PARAMETERS,
	DATA_API_MAX_STATEMENTS,
	MAX_STATEMENT_BYTES,
	WIRE_MAX_PARAMETERS,
} from './insertBatches';

/**
 * Insert mode (no S3): batched multi-row `INSERT … VALUES (…), (…)` with every value a parameter
 * (SUPER values through JSON_PARSE). Batches respect the rows option, the parameter limit and
 * the 16 MB statement cap. On the wire every batch runs in one transaction: all items or none.
 * The Data API runs at most 40 statements per transaction, so larger inputs commit in groups of
 * 40 batches; a failure then leaves earlier groups committed (the error says how many items).
 * Values are checked against the column types first: a bad value fails with its item and column
 * before anything is sent. With SQL before/after the load (`hooks`) the load is one transaction,
 * which on the Data API must fit its 40 statements (checked before anything is sent).
 */
export async function insertRows(options: InsertOptions): Promise<LoadResult> {
	const started = Date.now();
	const log = redactingLog(options.log);
	const target = await prepareTarget(options, options.items, false);
	const table = quoteTable(options.table, options);
	const columns = target.columns;
	const dataApi = options.connection.transport === 'dataApi';
	const fit = new ColumnFitCheck(
		columns.map((column) => ({ name: column.name, type: column.type, widenable: true })),
		options.columnFit,
		{
			tableName: table,
			nulBytes: options.nulBytes ?? 'error',
			tableCreated: target.createStatements.length > 0,
		},
	);
	const { batches: statements, rowCount: items } = await buildInsertBatches(
		table,
		columns.map((column) => quoteIdentifier(column.name, options)),
		// The check enforces the VARCHAR lengths (widening, cutting or refusing); the INSERT values only their types.
		columns.map(withoutLengthLimit),
		fit.rows(shapeItems(target.items, target.shaper)),
		{
			transport: options.connection.transport,
			batchSize: options.batchSize,
			nulBytes: options.nulBytes,
			superStringsAreJson: options.superStringsAreJson,
		},
	);
	const context = { tableKey: target.key, quotedTable: table, log };

	const createStatements = target.createStatements.map((text) => ({ text }));
	if (options.hooks && options.hooks.before.length + options.hooks.after.length > 0) {
		// The SQL before/after the load is in its transaction, so the load cannot commit in groups.
		assertOneDataApiTransaction(
			{ ...options, insert: { batchSize: options.batchSize } },
			{
				quotedTable: table,
				because: 'the SQL before/after the load shares its transaction',
				statements: createStatements.length + statements.length,
				inserts: statements,
				rowCount: items,
				columns: columns.length,
			},
		);
	}
	const groupSize = dataApi
		? DATA_API_MAX_STATEMENTS - createStatements.length
		: Number.POSITIVE_INFINITY;
	// Before the first transaction: Redshift refuses ALTER COLUMN … TYPE inside one.
	const warnings = [...fit.warnings, ...(await widenColumns(options, fit.columnsToWiden, context))];
	const truncated = options.truncateFirst === true && createStatements.length === 0;
	if (truncated) await runAlone(options, { text: buildTruncate(options.table, options) }, context);
	const results: SqlResult[] = [];
	let attempts = 0;
	let committedItems = 0;
	const loaded = (itemsRead: number): LoadResult => ({
		table: target.key,
		action: options.truncateFirst ? 'overwrite' : 'append',
		...(options.truncateFirst ? { overwriteMethod: 'truncate' as const } : {}),
		rowsLoaded: results.reduce((sum, result) => sum + (result.rowCount ?? 0), 0),
		itemsRead,
		files: 0,
		bytes: 0,
		durationMs: Date.now() - started,
		attempts,
		tableCreated: target.createStatements.length > 0,
		statementIds: results.map((result) => result.statementId).filter((id): id is string => !!id),
		queryIds: [],
		stagedFilesKept: false,
		warnings,
	});
	for (let start = 0; start === 0 || start < statements.length; start += groupSize) {
		const group = statements.slice(start, start + groupSize);
		const first = start === 0 ? createStatements : [];
		const lastItem = group.length
			? group[group.length - 1].firstItem + group[group.length - 1].rows - 1
			: -1;
		const run = await runLoadTransaction(
			options,
			[...first, ...group.map((entry) => entry.statement)],
			{
				...context,
				stateAfterFailure:
					committedItems > 0
						? `items ${group[0]?.firstItem ?? 0} to ${lastItem} were not inserted; items 0 to ${committedItems - 1} were committed earlier (the Data API runs at most ${DATA_API_MAX_STATEMENTS} statements per transaction)`
						: truncated
							? TRUNCATED_BEFORE_FAILURE
							: undefined,
			},
		).catch((error: unknown) => {
			// The caller must not load the committed items again: say what is in the table.
			if (committedItems === 0 || !(error instanceof LoadFailedError)) throw error;
			throw new LoadFailedError(error.message, {
				...error.details,
				committed: loaded(committedItems),
			});
		});
		attempts += run.attempts;
		results.push(...run.results.slice(first.length));
		committedItems = lastItem + 1;
		if (statements.length === 0) break;
	}
	return loaded(items);
}
