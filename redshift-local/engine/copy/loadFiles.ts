import { RedshiftError, type BackendSession, type EngineContext } from '../session';
import type { CopyCommand } from './copyCommand';
import { convertRecords } from './convertRecords';
import type { LoadError } from './loadErrors';
import { parseRecords } from './parseRecords';
import { compileJsonPathsFile, type JsonPathStep } from './records/jsonPaths';
import { parquetRecords } from './records/parquetRecords';
import { readParquetRows, type ParquetRows } from './records/parquetRows';
import type { ParsedRecord } from './records/sourceRecord';
import { copyFromStdinSql, copyTextChunks } from './pgCopyText';
import { resolvePendingCasts } from './resolveCasts';
import { readJsonPathsFile, sourceFiles, type SourceFile } from './sourceFiles';
import type { TargetColumn, TargetTable } from './targetTable';

export interface LoadResult {
	/** Bad rows in file order, then line order; at most one more than allowed. */
	errors: LoadError[];
	loadedRows: number;
	fileCount: number;
	fileBytes: number;
	dataBytes: number;
}

/**
 * Parquet DATE and TIMESTAMP values are typed, not text: no DATEFORMAT/TIMEFORMAT applies (COPY
 * refuses both with PARQUET). Their text (any year, BC, an explicit UTC offset) goes to
 * PostgreSQL's input as under 'auto', which also applies Redshift's range checks.
 */
const PARQUET_TYPED_DATES = { dateFormat: 'auto', timeFormat: 'auto' } as const;

/** A file that is not valid Parquet fails the whole COPY, as Spectrum's scan does. */
async function decodeParquet(content: Buffer, url: string): Promise<ParquetRows> {
	try {
		return await readParquetRows(content);
	} catch (error) {
		throw new RedshiftError(
			`Spectrum Scan Error: ${(error as Error).message}`,
			'XX000',
			`File: ${url}`,
		);
	}
}

async function fileRecords(
	file: SourceFile,
	command: CopyCommand,
	columns: TargetColumn[],
	jsonPaths: JsonPathStep[][] | undefined,
): Promise<ParsedRecord[]> {
	if (command.format.kind === 'parquet') {
		return parquetRecords(
			await decodeParquet(file.content, file.url),
			columns.length,
			command.fillRecord,
		);
	}
	const names = columns.map((column) => column.name);
	return parseRecords(file.content, command, names, jsonPaths);
}

/**
 * Loads the source files one by one: each file's good rows go to PostgreSQL (COPY FROM STDIN in
 * the client's session) before the next file is read, so memory holds one file. Stops as soon
 * as the bad rows exceed `allowed`; the caller then fails the statement, which undoes the rows
 * already copied.
 */
export async function loadFiles(
	command: CopyCommand,
	table: TargetTable,
	columns: TargetColumn[],
	allowed: number,
	session: BackendSession,
	context: EngineContext,
): Promise<LoadResult> {
	const { format } = command;
	const jsonPaths =
		format.kind === 'json' && format.mode === 'jsonpaths'
			? compileJsonPathsFile(
					await readJsonPathsFile(context.s3, format.jsonPathsUrl),
					columns.length,
				)
			: undefined;
	const options = {
		...command,
		...(format.kind === 'parquet' ? PARQUET_TYPED_DATES : {}),
		positional: format.kind !== 'json',
	};
	const result: LoadResult = {
		errors: [],
		loadedRows: 0,
		fileCount: 0,
		fileBytes: 0,
		dataBytes: 0,
	};
	for await (const file of sourceFiles(context.s3, command)) {
		Object.assign(result, {
			fileCount: result.fileCount + 1,
			fileBytes: result.fileBytes + file.storedBytes,
			dataBytes: result.dataBytes + file.content.length,
		});
		const converted = convertRecords(
			file.url,
			await fileRecords(file, command, columns, jsonPaths),
			columns,
			options,
		);
		const resolved = await resolvePendingCasts(session, converted.rows, columns);
		const fileErrors = converted.errors
			.concat(resolved.errors)
			.sort((left, right) => left.lineNumber - right.lineNumber);
		result.errors.push(...fileErrors);
		if (result.errors.length > allowed) {
			result.errors = result.errors.slice(0, allowed + 1);
			return result;
		}
		if (!command.noLoad && resolved.rows.length > 0) {
			result.loadedRows += await session.copyFrom(
				copyFromStdinSql(table.schema, table.name, columns),
				copyTextChunks(resolved.rows.map((row) => row.values)),
			);
		}
	}
	return result;
}
