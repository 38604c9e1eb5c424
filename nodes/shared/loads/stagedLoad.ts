import type { SqlResult, SqlStatement } from '../redshift/connection/types';
import { buildCopy } from '../redshift/sql/copy';
import type { TableRef } from '../redshift/sql/identifiers';
import { buildLastCopyIdQuery, COPY_ID_COLUMN } from '../redshift/sql/loadErrors';
import type { StagingColumn } from '../staging/columns';
import { stageRows, type StagingResult } from '../staging/stageRows';
import { LoadSetupError } from './errors';
import { redactingLog } from './log';
import type { LineLocator } from './loadErrorDetail';
import { runAlone, runLoadTransaction } from './transaction';
import type { LoadItem, LoadResult, StagedLoadOptions } from './types';

export interface StagedTransaction {
	statements: SqlStatement[];
	/** Rows this load wrote, from the statements' results. */
	rowsLoaded: (results: SqlResult[], staged: StagingResult) => number;
}

export interface StagedLoadPlan {
	action: LoadResult['action'];
	tableKey: string;
	quotedTable: string;
	tableCreated: boolean;
	/** Rows to stage, already keyed by column name. */
	rows: AsyncIterable<LoadItem> | Iterable<LoadItem>;
	columns: StagingColumn[];
	/** Adds the row's input position as this column (for "last row per key wins"). */
	ordinalColumn?: string;
	/** Staged row index → item index, when they differ (changelog). */
	itemIndexOfRow?: (row: number) => number | undefined;
	/** Newlines inside text values per item (CSV), to map error lines to items. */
	extraLines?: ReadonlyMap<number, number>;
	/** The transaction, given the COPY builder; `staged.rowCount` 0 means no COPY is possible. */
	transaction: (copyInto: (table: TableRef) => SqlStatement[], staged: StagingResult) => StagedTransaction;
	/** What the target looks like after a failure (default: unchanged). */
	stateAfterFailure?: string;
	/**
	 * Statements run one by one before the load transaction, once the files are staged: those
	 * Redshift cannot run inside it (TRUNCATE commits) or that must be in place first.
	 */
	before?: (staged: StagingResult) => SqlStatement[];
}

/**
 * The COPY of the staged files into a table, and the id Redshift gave it (pg_last_copy_id()),
 * read right after in the same session.
 */
function copyStatements(options: StagedLoadOptions, staged: StagingResult, table: TableRef): SqlStatement[] {
	const copy = buildCopy({
		...staged.copyOptions,
		...options.copy,
		caseSensitive: options.caseSensitive,
		table,
		columns: staged.columns,
		from: staged.manifestUrl,
		manifest: true,
		authorization: options.staging.authorization,
		region: options.staging.region,
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
export async function runStagedLoad(options: StagedLoadOptions, plan: StagedLoadPlan): Promise<LoadResult> {
	const started = Date.now();
	const log = redactingLog(options.log);
	const settings = options.staging;
	const columns = options.superStringsAreJson ? jsonTextColumns(plan.columns, settings.format ?? 'csv') : plan.columns;
	const staged = await stageRows(plan.rows, {
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
	log(`Staged ${staged.rowCount} row(s) in ${staged.files.length} file(s) under s3://${staged.bucket}/${staged.runPrefix}`);
	const warnings: string[] = [];
	try {
		const context = {
			tableKey: plan.tableKey,
			quotedTable: plan.quotedTable,
			locate: lineLocator(staged, plan),
			stateAfterFailure: plan.stateAfterFailure,
			log,
		};
		for (const statement of plan.before?.(staged) ?? []) await runAlone(options, statement, context);
		const transaction = plan.transaction((table) => copyStatements(options, staged, table), staged);
		const { results, attempts } = await runLoadTransaction(options, transaction.statements, context);
		const rowsLoaded = transaction.rowsLoaded(results, staged);
		const copied = ['append', 'overwrite', 'fastOverwrite'].includes(plan.action);
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
				(removed) => log(`Removed ${removed} staged object(s) under s3://${staged.bucket}/${staged.runPrefix}`),
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
 * SUPER columns staged as plain CSV text: a string is then written as it is (JSON text that COPY
 * parses into a SUPER value), while objects, arrays, numbers and booleans still become JSON.
 */
function jsonTextColumns(columns: StagingColumn[], format: string): StagingColumn[] {
	if (!columns.some((column) => column.type?.name === 'SUPER')) return columns;
	if (format !== 'csv') {
		throw new LoadSetupError('Loading strings as JSON text into SUPER columns needs CSV staging; JSON lines would store them as string scalars.');
	}
	return columns.map((column) => (column.type?.name === 'SUPER' ? { ...column, type: undefined } : column));
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
