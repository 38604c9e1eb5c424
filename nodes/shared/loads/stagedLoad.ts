import type { SqlResult, SqlStatement } from '../redshift/connection/types';
import { buildCopy } from '../redshift/sql/copy';
import type { TableRef } from '../redshift/sql/identifiers';
import { buildLastCopyIdQuery, COPY_ID_COLUMN } from '../redshift/sql/loadErrors';
import type { StagingColumn } from '../staging/columns';
import { stageRows, type StagingResult } from '../staging/stageRows';
import { columnFitOf, widenColumns } from './columnFitWiden';
import { LoadFailedError, LoadSetupError } from './errors';
import { assertOneDataApiTransaction } from './dataApiTransaction';
import { buildInsertFill } from './insertFill';
import type { TableColumn } from './targetTable';
import { redactingLog } from './log';
import type { LineLocator } from './loadErrorDetail';
import { runAlone, runLoadTransaction } from './transaction';
import type { LoadItem, LoadResult, StagedLoadOptions, StagingSettings, WriteMode } from './types';

/**
 * A statement run before the load transaction. `alreadyDone` matches the error it fails with when a
 * concurrent load did the same first (CREATE TABLE IF NOT EXISTS and ADD COLUMN racing): then it is done.
 */
export interface SetupStatement extends SqlStatement {
	alreadyDone?: RegExp;
}

/** The rows a load put in place for its transaction: staged files (COPY) or INSERT batches. */
export interface FilledRows {
	writeMode: WriteMode;
	/** Unique per load; names the helper tables. */
	runId: string;
	rowCount: number;
}

export interface StagedTransaction {
	statements: SqlStatement[];
	/** Rows this load wrote, from the statements' results. */
	rowsLoaded: (results: SqlResult[], staged: FilledRows) => number;
}

export interface StagedLoadPlan {
	action: LoadResult['action'];
	tableKey: string;
	quotedTable: string;
	tableCreated: boolean;
	/** Rows to stage, already keyed by column name. */
	rows: AsyncIterable<LoadItem> | Iterable<LoadItem>;
	columns: StagingColumn[];
	/** The table's columns (nullability, types), for the checks of fill `insert`; default: nullable. */
	tableColumns?: readonly TableColumn[];
	/** What the rows are, in messages (default "items"). */
	rowsAre?: string;
	/** Adds the row's input position as this column (for "last row per key wins"). */
	ordinalColumn?: string;
	/** Staged row index → item index, when they differ (changelog). */
	itemIndexOfRow?: (row: number) => number | undefined;
	/** Newlines inside text values per item (CSV), to map error lines to items. */
	extraLines?: ReadonlyMap<number, number>;
	/**
	 * The transaction, given the statements that fill a table with the rows (COPY of the staged
	 * files, or the INSERT batches); `staged.rowCount` 0 means there is nothing to fill with.
	 */
	transaction: (
		copyInto: (table: TableRef) => SqlStatement[],
		staged: FilledRows,
	) => StagedTransaction;
	/** What the target looks like after a failure (default: unchanged). */
	stateAfterFailure?: string;
	/** Why the load is one transaction, for the Data API's limit (default: the whole load commits at once). */
	oneTransactionBecause?: string;
	/** Besides Copy and a direct connection, what makes a too-large load fit the Data API. */
	dataApiAlternative?: string;
	/**
	 * Statements run one by one before the load transaction, once the files are staged: those
	 * Redshift cannot run inside it (TRUNCATE commits) or that must be in place first.
	 */
	before?: (staged: FilledRows) => SetupStatement[];
}

const WHOLE_LOAD = 'its statements commit or roll back together';

/**
 * The COPY of the staged files into a table, and the id Redshift gave it (pg_last_copy_id()),
 * read right after in the same session.
 */
function copyStatements(
	options: StagedLoadOptions,
	settings: StagingSettings,
	staged: StagingResult,
	table: TableRef,
): SqlStatement[] {
	const copy = buildCopy({
		...staged.copyOptions,
		...options.copy,
		caseSensitive: options.caseSensitive,
		table,
		columns: staged.columns,
		from: staged.manifestUrl,
		manifest: true,
		authorization: settings.authorization,
		region: settings.region,
	});
	return [{ text: copy }, { text: buildLastCopyIdQuery() }];
}

function lineLocator(staged: StagingResult, plan: StagedLoadPlan): LineLocator {
	return (file, line) => {
		let firstRow = 0;
		for (const entry of staged.files) {
			if (entry.url === file || entry.key === file || file.endsWith(entry.key)) {
				let at = 1;
				for (let row = firstRow; row < firstRow + entry.rows; row++) {
					const item = plan.itemIndexOfRow ? plan.itemIndexOfRow(row) : row;
					const lines = 1 + (item === undefined ? 0 : (plan.extraLines?.get(item) ?? 0));
					if (line < at + lines) return item;
					at += lines;
				}
				return undefined;
			}
			firstRow += entry.rows;
		}
		return undefined;
	};
}

/**
 * Stages rows in S3, runs the load transaction (retried whole on conflicts, re-using the staged
 * files), and removes the files afterwards, after a failure too, unless asked to keep them.
 */
export async function runStagedLoad(
	options: StagedLoadOptions,
	plan: StagedLoadPlan,
): Promise<LoadResult> {
	if (options.writeMode === 'insert') return await runInsertFilledLoad(options, plan);
	const started = Date.now();
	const log = redactingLog(options.log);
	const settings = options.staging;
	if (!settings)
		throw new LoadSetupError(
			'Loading by COPY needs staging settings (S3 bucket, prefix and how Redshift reads it); or fill by INSERT.',
		);
	const columns = options.superStringsAreJson
		? jsonTextColumns(plan.columns, settings.format ?? 'csv')
		: plan.columns;
	// Values are checked against their columns as they are staged; long ones widen columns below.
	const fit = columnFitOf(options, plan);
	const staged = await stageRows(fit.rows(plan.rows), {
		s3: settings.s3,
		bucket: settings.bucket,
		prefix: settings.prefix,
		runId: settings.runId,
		columns,
		format: settings.format,
		compression: settings.compression,
		targetFileBytes: settings.targetFileBytes,
		nulBytes: settings.nulBytes,
		ordinalColumn: plan.ordinalColumn,
		signal: options.signal,
	});
	log(
		`Staged ${staged.rowCount} row(s) in ${staged.files.length} file(s) under s3://${staged.bucket}/${staged.runPrefix}`,
	);
	const warnings: string[] = [...fit.warnings];
	const filled: FilledRows = { writeMode: 'copy', runId: staged.runId, rowCount: staged.rowCount };
	try {
		const context = {
			tableKey: plan.tableKey,
			quotedTable: plan.quotedTable,
			locate: lineLocator(staged, plan),
			stateAfterFailure: plan.stateAfterFailure,
			log,
		};
		const transaction = plan.transaction(
			(table) => copyStatements(options, settings, staged, table),
			filled,
		);
		assertOneDataApiTransaction(options, {
			quotedTable: plan.quotedTable,
			because: plan.oneTransactionBecause ?? WHOLE_LOAD,
			statements: transaction.statements.length,
			otherwise: plan.dataApiAlternative,
		});
		warnings.push(...(await widenColumns(options, fit.columnsToWiden, context)));
		for (const statement of plan.before?.(filled) ?? [])
			await runSetup(options, statement, context);
		const { results, attempts } = await runLoadTransaction(
			options,
			transaction.statements,
			context,
		);
		const rowsLoaded = transaction.rowsLoaded(results, filled);
		const copied = ['append', 'overwrite'].includes(plan.action);
		if (copied && options.copy?.maxError && rowsLoaded < staged.rowCount) {
			warnings.push(
				`${staged.rowCount - rowsLoaded} row(s) were skipped as bad (MAXERROR ${options.copy.maxError}); stl_load_errors / sys_load_error_detail list them under query ${copyIds(results).join(', ') || '?'}.`,
			);
		}
		return {
			table: plan.tableKey,
			action: plan.action,
			rowsLoaded,
			itemsRead: staged.rowCount,
			files: staged.files.length,
			bytes: staged.files.reduce((sum, file) => sum + file.bytes, 0),
			durationMs: Date.now() - started,
			attempts,
			tableCreated: plan.tableCreated,
			statementIds: results.map((result) => result.statementId).filter((id): id is string => !!id),
			queryIds: copyIds(results),
			manifestUrl: staged.manifestUrl,
			stagedFilesKept: settings.keepFiles === true,
			warnings,
		};
	} finally {
		if (!settings.keepFiles) {
			await staged.cleanup().then(
				(removed) =>
					log(
						`Removed ${removed} staged object(s) under s3://${staged.bucket}/${staged.runPrefix}`,
					),
				(error: unknown) => {
					// The load's own outcome stands; the leftover files are reported, not fatal.
					const message = `Staged files under s3://${staged.bucket}/${staged.runPrefix} could not be removed: ${error instanceof Error ? error.message : String(error)}`;
					warnings.push(message);
					log(message);
				},
			);
		}
	}
}

/**
 * Write mode `insert` (no S3): the rows are checked and cut into multi-row INSERTs that fill the
 * same table the COPY would, inside the same transaction. On the Data API the transaction must fit
 * one BatchExecuteStatement; that is checked before anything is sent.
 */
async function runInsertFilledLoad(
	options: StagedLoadOptions,
	plan: StagedLoadPlan,
): Promise<LoadResult> {
	const started = Date.now();
	const log = redactingLog(options.log);
	const fit = columnFitOf(options, plan);
	// The check enforces the VARCHAR lengths (widening, cutting or refusing); the INSERT values only their types.
	const fill = await buildInsertFill(
		options,
		{ ...plan, rows: fit.rows(plan.rows) },
		{ lengthsChecked: true },
	);
	const filled: FilledRows = { writeMode: 'insert', runId: fill.runId, rowCount: fill.rowCount };
	log(`Checked ${fill.rowCount} row(s) into ${fill.batches.length} INSERT statement(s)`);
	const transaction = plan.transaction(fill.into, filled);
	assertOneDataApiTransaction(options, {
		quotedTable: plan.quotedTable,
		because: plan.oneTransactionBecause ?? WHOLE_LOAD,
		statements: transaction.statements.length,
		inserts: fill.batches,
		rowCount: fill.rowCount,
		rowsAre: plan.rowsAre,
		columns: plan.columns.length + (plan.ordinalColumn ? 1 : 0),
		otherwise: plan.dataApiAlternative,
	});
	const context = {
		tableKey: plan.tableKey,
		quotedTable: plan.quotedTable,
		stateAfterFailure: plan.stateAfterFailure,
		log,
	};
	const warnings = [...fit.warnings, ...(await widenColumns(options, fit.columnsToWiden, context))];
	for (const statement of plan.before?.(filled) ?? []) await runSetup(options, statement, context);
	const { results, attempts } = await runLoadTransaction(options, transaction.statements, context);
	return {
		table: plan.tableKey,
		action: plan.action,
		rowsLoaded: transaction.rowsLoaded(results, filled),
		itemsRead: fill.rowCount,
		files: 0,
		bytes: 0,
		durationMs: Date.now() - started,
		attempts,
		tableCreated: plan.tableCreated,
		statementIds: results.map((result) => result.statementId).filter((id): id is string => !!id),
		queryIds: [],
		stagedFilesKept: false,
		warnings,
	};
}

async function runSetup(
	options: StagedLoadOptions,
	statement: SetupStatement,
	context: Parameters<typeof runAlone>[2],
): Promise<void> {
	try {
		await runAlone(options, statement, context);
	} catch (error) {
		const server = error instanceof LoadFailedError ? (error.details.serverMessage ?? '') : '';
		if (!statement.alreadyDone?.test(server)) throw error;
		context.log(`Already done by a concurrent load: ${statement.text}`);
	}
}

/**
 * SUPER columns staged as plain CSV text: a string is then written as it is (JSON text that COPY
 * parses into a SUPER value), while objects, arrays, numbers and booleans still become JSON.
 */
function jsonTextColumns(columns: StagingColumn[], format: string): StagingColumn[] {
	const superColumns = columns.filter((column) => column.type?.name === 'SUPER');
	if (superColumns.length === 0) return columns;
	if (format !== 'csv') {
		const names = superColumns.map((column) => `"${column.name}"`).join(', ');
		throw new LoadSetupError(
			`SUPER column(s) ${names} take strings as JSON text, which needs CSV staging: COPY from ${format === 'parquet' ? 'Parquet' : 'JSON lines'} would store each as a SUPER string scalar. Use CSV staging (the default) or Insert.`,
		);
	}
	return columns.map((column) =>
		column.type?.name === 'SUPER' ? { ...column, type: undefined } : column,
	);
}

/** The COPY query ids read back with pg_last_copy_id(). */
export function copyIds(results: readonly SqlResult[]): string[] {
	return results
		.filter((result) => result.columns.length === 1 && result.columns[0].name === COPY_ID_COLUMN)
		.map((result) => String(result.rows[0]?.[COPY_ID_COLUMN] ?? ''))
		.filter((id) => id !== '' && id !== '-1');
}

/** Rows a statement reports, 0 when the transport does not say. */
export function affected(result: SqlResult | undefined): number {
	return result?.rowCount ?? 0;
}
