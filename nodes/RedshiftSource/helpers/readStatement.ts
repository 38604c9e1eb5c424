import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { RedshiftConnection, SqlStatement } from '../../shared/redshift/connection/types';
import { readDirect, readUnloadedFiles, runUnload, type RowPage } from '../../shared/reads';
import { rowsToBinaryFile } from './binaryOutput';
import { CursorTracker, cursorBound, loadCursorState, saveCursorState } from './incremental';
import type { SourceSettings } from './interfaces';
import { collectWithinLimit, tooManyRows } from './rowLimit';
import type { OpenedS3 } from './s3Access';
import { buildRowCount, type CursorBound } from './selectStatement';
import { unloadedFileJson } from './unloadedFileItem';

/** Everything an operation needs to read: settings, the open connection and (Unload) S3. */
export interface SourceRun {
	context: IExecuteFunctions;
	settings: SourceSettings;
	connection: RedshiftConnection;
	s3?: OpenedS3;
	signal?: AbortSignal;
	/** Base name of a Binary File output: the table's name, or "query". */
	name: string;
}

/** Builds the operation's SELECT; an incremental read passes where to start. */
export type StatementBuilder = (bound?: CursorBound) => SqlStatement;

const FIRST_ITEM = { item: 0 };

/**
 * Runs the operation's statement in the chosen read mode and returns the chosen output. An
 * incremental read remembers where it stopped only after its rows were read completely.
 */
export async function readStatement(
	run: SourceRun,
	build: StatementBuilder,
): Promise<INodeExecutionData[]> {
	const { incremental } = run.settings;
	if (!incremental) return await readInMode(run, build());
	const staticData = run.context.getWorkflowStaticData('node');
	const { state, discarded } = loadCursorState(staticData, incremental);
	if (discarded === 'reset')
		hint(
			run,
			'Options > Incremental: Reset State is on: the remembered position was forgotten. Turn it off, or every run reads from the start.',
		);
	if (discarded === 'changed')
		hint(
			run,
			'The incremental cursor or key columns changed: the read started again from the start.',
		);
	if (run.context.getMode() === 'manual')
		hint(
			run,
			'n8n saves the incremental position only in production runs (active workflow, schedule, webhook); a manual run reads from the saved position and does not move it.',
		);
	const tracker = new CursorTracker(incremental, state);
	const items = await readInMode(run, build(cursorBound(incremental, state)), tracker);
	saveCursorState(staticData, tracker.state());
	return items;
}

function hint(run: SourceRun, message: string): void {
	run.context.addExecutionHints({ message, location: 'outputPane' });
}

async function readInMode(
	run: SourceRun,
	statement: SqlStatement,
	tracker?: CursorTracker,
): Promise<INodeExecutionData[]> {
	const { settings, connection, signal } = run;
	if (settings.readMode === 'unload') return await readByUnload(run, statement);
	const pages = readDirect(connection, statement, {
		pageSize: settings.pageSize,
		numbers: settings.numbers,
		signal,
	});
	const kept = tracker ? keepNew(pages, tracker) : pages;
	if (settings.output === 'binaryFile') return await binaryItems(run, kept);
	const rows = await collectWithinLimit(
		rowsOf(kept),
		settings.maxRows,
		async () => await countRows(connection, statement, signal),
		'direct',
	);
	return rows.map((json) => ({ json: json as INodeExecutionData['json'], pairedItem: FIRST_ITEM }));
}

async function readByUnload(
	run: SourceRun,
	statement: SqlStatement,
): Promise<INodeExecutionData[]> {
	const { settings, s3, signal } = run;
	const unload = settings.unload;
	if (!unload || !s3?.authorization)
		throw new Error('Unload read without its S3 settings; this is a bug in the node.');
	const result = await runUnload({
		connection: run.connection,
		s3: s3.s3,
		statement,
		prefixUrl: `s3://${unload.bucket}/${unload.prefix ? `${unload.prefix}/` : ''}`,
		authorization: s3.authorization,
		format: unload.format === 'csvGzip' ? 'csv' : 'parquet',
		parallel: unload.parallel,
		maxFileSizeMb: unload.maxFileSizeMb,
		signal,
	});
	const keep = unload.keepFiles || settings.output === 'unloadedFiles';
	try {
		if (settings.output === 'unloadedFiles')
			return result.files.map((file, index) => ({
				json: unloadedFileJson(file, index, result.files.length),
				pairedItem: FIRST_ITEM,
			}));
		const pages = readUnloadedFiles(s3.s3, result.files, {
			pageSize: settings.pageSize,
			concurrency: unload.concurrency,
			numbers: settings.numbers,
			signal,
		});
		if (settings.output === 'binaryFile') return await binaryItems(run, pages);
		// The manifest counts the rows: the guard fails before any file is read.
		if (result.rowCount > settings.maxRows)
			throw tooManyRows(result.rowCount, settings.maxRows, 'unload');
		const rows = await collectWithinLimit(
			rowsOf(pages),
			settings.maxRows,
			async () => result.rowCount,
			'unload',
		);
		return rows.map((json) => ({
			json: json as INodeExecutionData['json'],
			pairedItem: FIRST_ITEM,
		}));
	} finally {
		if (!keep) await result.deleteFiles().catch(() => undefined);
	}
}

async function binaryItems(
	run: SourceRun,
	pages: AsyncIterable<RowPage>,
): Promise<INodeExecutionData[]> {
	const binary = run.settings.binary;
	if (!binary)
		throw new Error('Binary File output without its settings; this is a bug in the node.');
	const file = await rowsToBinaryFile(pages, binary.format, run.name);
	const fileName = binary.fileName || file.fileName;
	const data = await run.context.helpers.prepareBinaryData(file.data, fileName, file.mimeType);
	return [
		{
			json: { fileName, format: binary.format, rowCount: file.rowCount },
			binary: { [binary.propertyName]: data },
			pairedItem: FIRST_ITEM,
		},
	];
}

async function* keepNew(
	pages: AsyncIterable<RowPage>,
	tracker: CursorTracker,
): AsyncIterable<RowPage> {
	for await (const page of pages)
		yield { ...page, rows: page.rows.filter((row) => tracker.accept(row)) };
}

async function* rowsOf(pages: AsyncIterable<RowPage>) {
	for await (const page of pages) yield page.rows;
}

async function countRows(
	connection: RedshiftConnection,
	statement: SqlStatement,
	signal?: AbortSignal,
): Promise<number> {
	const result = await connection.query(buildRowCount(statement), { signal });
	return Number(result.rows[0]?.row_count ?? 0);
}
