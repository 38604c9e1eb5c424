import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';

import { deletePrefix } from '../s3/deletePrefix';
import { assertBucketName, joinKey } from '../s3/url';
import type { NulHandling, StagingColumn } from './columns';
import type { StagingCompression } from './compression';
import { StagingError } from './errors';
import type { RowBatch, StagedFileOptions, StagingFileFormat } from './fileFormat';
import { buildCopyManifest } from './manifest';
import { parquetFormat } from './parquetFormat';
import { assertRunId, newRunId } from './runId';
import { RollingUploads } from './rollingUploads';
import type { StagedFile } from './stagedFileUpload';
import { csvFormat, jsonLinesFormat } from './textFormats';

export type StagingFormat = 'csv' | 'jsonl' | 'parquet';

export interface StagingOptions {
	s3: S3Client;
	bucket: string;
	/** Key prefix for all runs, e.g. `n8n/staging`; each run gets `<prefix>/<runId>/`. */
	prefix: string;
	/** Default: a new time-ordered random id. */
	runId?: string;
	/** The columns written, in file order. */
	columns: StagingColumn[];
	/** Default csv. Parquet needs every column's type and has its own (SNAPPY) compression. */
	format?: StagingFormat;
	/** Default gzip for csv and jsonl; ignored for parquet. */
	compression?: StagingCompression;
	compressionLevel?: number;
	/** A file is closed and a new one started after this many compressed bytes. Default 32 MiB. */
	targetFileBytes?: number;
	/** Multipart part size; at least 5 MiB. Default 8 MiB. */
	partSizeBytes?: number;
	/** Parts of one file in flight. Default 4. */
	partConcurrency?: number;
	/** Files uploading at once while the next is written. Default 2. */
	maxFilesInFlight?: number;
	/** Default 'error'. */
	nulBytes?: NulHandling;
	/** Parquet only: a row group is written when its buffered values reach about this many bytes. Default 8 MiB. */
	parquetRowGroupBytes?: number;
	/** Adds this column last, holding each row's 0-based position in the input (for dedup by last row). */
	ordinalColumn?: string;
	signal?: AbortSignal;
}

export interface StagingResult {
	runId: string;
	bucket: string;
	/** `<prefix>/<runId>/`, everything of this run is under it. */
	runPrefix: string;
	files: StagedFile[];
	rowCount: number;
	manifestKey: string;
	/** s3:// URL to give COPY … FROM … MANIFEST. */
	manifestUrl: string;
	/** The COPY column list, in file order (ordinal column included). */
	columns: string[];
	/** Format, compression, NULL marker and time formats that read the files back exactly. */
	copyOptions: StagedFileOptions;
	/** Deletes everything under runPrefix. Call after commit unless asked to keep the files. */
	cleanup(): Promise<number>;
}

const MiB = 1024 * 1024;
/** Text rows are joined into chunks of about this size before compression: one write per row is ~30x slower. */
const CHUNK_CHARACTERS = 64 * 1024;

/**
 * Writes rows as compressed files under a unique run prefix, uploading while writing, and puts
 * a COPY manifest next to them. On any failure, whatever was uploaded is deleted before the
 * error is rethrown. With zero rows no data file is written; the manifest then has no entries,
 * and COPY must be skipped (it fails on a manifest without files).
 */
export async function stageRows(
	rows: AsyncIterable<Record<string, unknown>> | Iterable<Record<string, unknown>>,
	options: StagingOptions,
): Promise<StagingResult> {
	const settings = resolve(options);
	const { s3, bucket, runPrefix } = settings;
	const cleanup = async () => await deletePrefix(s3, bucket, runPrefix);
	const format = createFormat(settings);
	const uploads = new RollingUploads(settings, format);
	try {
		// Smaller text chunks for small targets, so files still roll near the target size.
		const chunkLimit = Math.max(
			1,
			Math.min(CHUNK_CHARACTERS, Math.floor(settings.targetFileBytes / 2)),
		);
		let batch: RowBatch = format.newBatch(chunkLimit);
		let rowIndex = 0;
		const add = (item: Record<string, unknown>): boolean => {
			if (item === null || typeof item !== 'object') {
				throw new StagingError(`Item ${rowIndex} is not an object of column values.`, rowIndex);
			}
			return batch.add(item, rowIndex++);
		};
		const flush = async () => {
			if (settings.signal?.aborted) throw new Error('Staging was cancelled.');
			await uploads.write(batch);
			batch = format.newBatch(chunkLimit);
		};
		// A synchronous source is read without a promise per row; awaiting only happens per batch.
		if (isIterable(rows)) {
			for (const item of rows) if (add(item)) await flush();
		} else {
			for await (const item of rows) if (add(item)) await flush();
		}
		await uploads.write(batch);
		const files = await uploads.finish();

		const manifestKey = `${runPrefix}manifest.json`;
		await s3.send(
			new PutObjectCommand({
				Bucket: bucket,
				Key: manifestKey,
				Body: JSON.stringify(buildCopyManifest(files)),
				ContentType: 'application/json',
			}),
		);
		return {
			runId: settings.runId,
			bucket,
			runPrefix,
			files,
			rowCount: rowIndex,
			manifestKey,
			manifestUrl: `s3://${bucket}/${manifestKey}`,
			columns: settings.columns.map((column) => column.name),
			copyOptions: format.copyOptions,
			cleanup,
		};
	} catch (error) {
		await uploads.abort();
		await cleanup().catch((cleanupError: unknown) => {
			// The first error matters more; say that files may remain.
			if (error instanceof Error) {
				error.message += ` (Staged files under s3://${bucket}/${runPrefix} could not be removed: ${cleanupError instanceof Error ? cleanupError.message : String(cleanupError)})`;
			}
		});
		throw error;
	}
}

interface ResolvedSettings {
	s3: S3Client;
	bucket: string;
	runId: string;
	runPrefix: string;
	columns: StagingColumn[];
	format: StagingFormat;
	compression: StagingCompression;
	compressionLevel?: number;
	targetFileBytes: number;
	partSizeBytes: number;
	partConcurrency: number;
	maxFilesInFlight: number;
	nulBytes: NulHandling;
	parquetRowGroupBytes?: number;
	ordinalColumn?: string;
	signal?: AbortSignal;
}

function resolve(options: StagingOptions): ResolvedSettings {
	assertBucketName(options.bucket);
	const runId = options.runId ?? newRunId();
	assertRunId(runId);
	const format = options.format ?? 'csv';
	if (format !== 'csv' && format !== 'jsonl' && format !== 'parquet') {
		throw new Error(`Unknown staging format ${JSON.stringify(format)}; use csv, jsonl or parquet.`);
	}
	const columns = options.ordinalColumn
		? [
				...options.columns,
				{ name: options.ordinalColumn, type: { name: 'BIGINT' as const }, isOrdinal: true },
			]
		: [...options.columns];
	if (columns.length === 0) throw new Error('Staging needs at least one column.');
	assertDistinctNames(columns.map((column) => column.name));
	const positive = (value: number | undefined, fallback: number, what: string, min = 1) => {
		const result = value ?? fallback;
		if (!Number.isInteger(result) || result < min)
			throw new Error(`${what} must be a whole number of at least ${min}; got ${result}.`);
		return result;
	};
	return {
		s3: options.s3,
		bucket: options.bucket,
		runId,
		runPrefix: joinKey(options.prefix, `${runId}/`),
		columns,
		format,
		compression: options.compression ?? 'gzip',
		compressionLevel: options.compressionLevel,
		targetFileBytes: positive(options.targetFileBytes, 32 * MiB, 'targetFileBytes'),
		partSizeBytes: positive(options.partSizeBytes, 8 * MiB, 'partSizeBytes', 5 * MiB),
		partConcurrency: positive(options.partConcurrency, 4, 'partConcurrency'),
		maxFilesInFlight: positive(options.maxFilesInFlight, 2, 'maxFilesInFlight'),
		nulBytes: options.nulBytes ?? 'error',
		parquetRowGroupBytes: options.parquetRowGroupBytes,
		ordinalColumn: options.ordinalColumn,
		signal: options.signal,
	};
}

function createFormat(settings: ResolvedSettings): StagingFileFormat {
	const values = { nulBytes: settings.nulBytes };
	if (settings.format === 'parquet') {
		return parquetFormat(settings.columns, {
			...values,
			rowGroupBytes: settings.parquetRowGroupBytes,
		});
	}
	if (settings.format === 'jsonl')
		return jsonLinesFormat(settings.columns, settings.compression, values);
	return csvFormat(settings.columns, settings.compression, values);
}

function isIterable<T>(rows: AsyncIterable<T> | Iterable<T>): rows is Iterable<T> {
	return typeof (rows as Iterable<T>)[Symbol.iterator] === 'function';
}

/** Two columns of one name would write one key twice in a JSON line and clash in Parquet's schema. */
function assertDistinctNames(names: readonly string[]): void {
	const seen = new Set<string>();
	for (const name of names) {
		if (seen.has(name)) {
			throw new StagingError(
				`Two staged columns are both named ${JSON.stringify(name)}; rename one.`,
			);
		}
		seen.add(name);
	}
}
