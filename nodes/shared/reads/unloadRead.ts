import type { S3Client } from '@aws-sdk/client-s3';
import { randomBytes } from 'node:crypto';

import type { RedshiftConnection, SqlStatement } from '../redshift/connection/types';
import type { AwsAuthorization } from '../redshift/sql/authorization';
import { buildUnload } from '../redshift/sql/unload';
import { deletePrefix } from '../s3/deletePrefix';
import { parseS3Url } from '../s3/url';
import { inlineParameters } from './inlineParameters';
import { mergeConcurrently } from './mergeConcurrently';
import type { RowPage } from './readDirect';
import { unloadedCsvRows } from './unloadedCsvRows';
import { unloadedParquetRows } from './unloadedParquetRows';
import { readUnloadManifest } from './unloadManifest';
import type { NumberMode, ReadColumn } from './values';

/** Parquet (typed, the default) or CSV compressed with gzip. */
export type UnloadFormat = 'parquet' | 'csv';

/**
 * How a CSV unload writes NULL, so it differs from an empty string. ASCII, as spark-redshift's
 * '@NULL@' is: a text equal to it would read as NULL, so it is long and unlikely.
 */
export const UNLOAD_NULL_MARKER = '@n8n:NULL:7f3e@';

export interface UnloadRequest {
	connection: RedshiftConnection;
	s3: S3Client;
	/** `$n` parameters are written into the query as quoted literals: UNLOAD binds none. */
	statement: SqlStatement;
	/** s3://bucket/path/ — the files go under a fresh folder below it. */
	prefixUrl: string;
	authorization: AwsAuthorization;
	format?: UnloadFormat;
	parallel?: boolean;
	maxFileSizeMb?: number;
	region?: string;
	signal?: AbortSignal;
}

export interface UnloadedFile {
	url: string;
	size: number;
	rowCount: number;
	format: UnloadFormat;
	columns: ReadColumn[];
}

export interface UnloadResult {
	/** The fresh folder the files were written to. */
	prefixUrl: string;
	format: UnloadFormat;
	columns: ReadColumn[];
	files: UnloadedFile[];
	rowCount: number;
	/** Deletes everything under the fresh folder: the data files and the manifest. */
	deleteFiles(): Promise<void>;
}

export interface ReadFileOptions {
	pageSize: number;
	numbers?: NumberMode;
	signal?: AbortSignal;
}

/** A folder no other run uses: the time (sortable) and random bytes. */
function freshFolder(prefixUrl: string): string {
	const base = prefixUrl.endsWith('/') ? prefixUrl : `${prefixUrl}/`;
	const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*$/, '');
	return `${base}${stamp}-${randomBytes(6).toString('hex')}/`;
}

/** UNLOAD refuses a LIMIT on its outer SELECT; such a query is wrapped in a subquery. */
function hasLimit(query: string): boolean {
	return /\blimit\b/i.test(query.replace(/'(?:[^'\\]|\\.|'')*'|"(?:[^"]|"")*"/g, "''"));
}

/**
 * Runs UNLOAD (MANIFEST VERBOSE) into a fresh folder under `prefixUrl` and reads its manifest:
 * the files with their sizes, row counts and the column types. No manifest means no rows.
 */
export async function runUnload(request: UnloadRequest): Promise<UnloadResult> {
	const format = request.format ?? 'parquet';
	const prefixUrl = freshFolder(request.prefixUrl);
	const { bucket, key } = parseS3Url(prefixUrl);
	const query = inlineParameters(request.statement);
	const text = buildUnload({
		query,
		to: prefixUrl,
		authorization: request.authorization,
		format: format === 'parquet' ? 'PARQUET' : 'CSV',
		...(format === 'csv' ? { compression: 'GZIP' as const, nullAs: UNLOAD_NULL_MARKER } : {}),
		manifest: 'VERBOSE',
		parallel: request.parallel ?? true,
		maxFileSizeMb: request.maxFileSizeMb,
		region: request.region,
		nestQuery: hasLimit(query),
	});
	const deleteFiles = async () => {
		await deletePrefix(request.s3, bucket, key);
	};
	await request.connection.query({ text }, { signal: request.signal });
	const manifest = await readUnloadManifest(request.s3, bucket, `${key}manifest`);
	const columns = manifest.columns ?? [];
	if (manifest.files.length > 0 && columns.length === 0) {
		throw new Error(
			`The UNLOAD manifest ${prefixUrl}manifest has no schema; the column types are needed to read the files.`,
		);
	}
	const files = manifest.files.map((file) => ({
		url: file.url,
		size: file.contentLength ?? 0,
		rowCount: file.recordCount ?? 0,
		format,
		columns,
	}));
	return {
		prefixUrl,
		format,
		columns,
		files,
		rowCount: files.reduce((sum, file) => sum + file.rowCount, 0),
		deleteFiles,
	};
}

/** The rows of one unloaded file, as pages; its format and column types come with it. */
export async function* readUnloadedFile(
	s3: S3Client,
	file: UnloadedFile,
	options: ReadFileOptions,
): AsyncIterable<RowPage> {
	const columns = file.columns;
	const rows =
		file.format === 'parquet'
			? unloadedParquetRows(
					s3,
					file.url,
					{
						columns: columns.length > 0 ? columns : undefined,
						size: file.size || undefined,
						numbers: options.numbers,
						signal: options.signal,
					},
					options.pageSize,
				)
			: unloadedCsvRows(
					s3,
					file.url,
					{
						compression: 'gzip',
						nullString: UNLOAD_NULL_MARKER,
						columns,
						numbers: options.numbers,
					},
					options.pageSize,
				);
	for await (const page of rows) {
		options.signal?.throwIfAborted();
		yield { columns, rows: page };
	}
}

/**
 * The rows of all the files, read `concurrency` files at a time; memory is bounded by that many
 * pages (plus, for Parquet, the row group being read) whatever the total size.
 */
export async function* readUnloadedFiles(
	s3: S3Client,
	files: readonly UnloadedFile[],
	options: ReadFileOptions & { concurrency?: number },
): AsyncIterable<RowPage> {
	const sources = files.map((file) => () => readUnloadedFile(s3, file, options));
	yield* mergeConcurrently(sources, options.concurrency ?? 4);
}
