import { RedshiftError, type BackendSession, type EngineContext } from '../session';
import type { CopyCommand } from './copyCommand';
import { convertRecords, type LoadRow } from './convertRecords';
import type { LoadError } from './loadErrors';
import { parseRecords } from './parseRecords';
import { compileJsonPathsFile } from './records/jsonPaths';
import { parquetRecords } from './records/parquetRecords';
import { readParquetRows, type ParquetRows } from './records/parquetRows';
import { resolvePendingCasts } from './resolveCasts';
import { readJsonPathsFile, readSourceFiles } from './sourceFiles';
import type { TargetColumn } from './targetTable';

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

export interface LoadedData {
	rows: LoadRow[];
	/** Bad rows in file order, then line order. */
	errors: LoadError[];
	fileCount: number;
	fileBytes: number;
	dataBytes: number;
}

/** Reads every source file, parses and converts its records, and sorts good rows from bad ones. */
export async function loadRows(
	command: CopyCommand,
	columns: TargetColumn[],
	session: BackendSession,
	context: EngineContext,
): Promise<LoadedData> {
	const { format } = command;
	const jsonPaths =
		format.kind === 'json' && format.mode === 'jsonpaths'
			? compileJsonPathsFile(
					await readJsonPathsFile(context.s3, format.jsonPathsUrl),
					columns.length,
				)
			: undefined;
	const files = await readSourceFiles(context.s3, command);
	const options = { ...command, positional: format.kind !== 'json' };
	let rows: LoadRow[] = [];
	let errors: LoadError[] = [];
	for (const file of files) {
		const records =
			format.kind === 'parquet'
				? parquetRecords(
						await decodeParquet(file.content, file.url),
						columns.length,
						command.fillRecord,
					)
				: parseRecords(
						file.content,
						command,
						columns.map((column) => column.name),
						jsonPaths,
					);
		const converted = convertRecords(file.url, records, columns, options);
		rows = rows.concat(converted.rows);
		errors = errors.concat(converted.errors);
	}
	const resolved = await resolvePendingCasts(session, rows, columns);
	const fileOrder = new Map(files.map((file, index) => [file.url, index]));
	const order = (error: LoadError) => (fileOrder.get(error.file) ?? 0) * 1e12 + error.lineNumber;
	return {
		rows: resolved.rows,
		errors: errors.concat(resolved.errors).sort((left, right) => order(left) - order(right)),
		fileCount: files.length,
		fileBytes: files.reduce((sum, file) => sum + file.storedBytes, 0),
		dataBytes: files.reduce((sum, file) => sum + file.content.length, 0),
	};
}
