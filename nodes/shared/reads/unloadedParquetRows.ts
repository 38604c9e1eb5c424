import { GetObjectCommand, HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { AsyncBuffer, FileMetaData, SchemaElement } from 'hyparquet';

import { parseS3Url } from '../s3/url';
import { scaledDecimal } from './numberText';
import { type NumberMode, normalizeValue, type ReadColumn, readColumn } from './values';

/** Smaller files are fetched in one GET; larger ones by the byte ranges the reader asks for. */
const WHOLE_FILE_BYTES = 16 * 1024 * 1024;
const UTF8 = new TextDecoder();

export interface UnloadedParquetOptions {
	/** The manifest's column types; without them, types are taken from the Parquet schema (TIMESTAMPTZ then reads as TIMESTAMP). */
	columns?: readonly ReadColumn[];
	/** The file's size from the manifest, saving a HEAD request. */
	size?: number;
	numbers?: NumberMode;
	signal?: AbortSignal;
	/** Files up to this size are fetched in one GET (default 16 MB); larger ones by byte ranges. */
	wholeFileBytes?: number;
}

type Hyparquet = typeof import('hyparquet');

/** Loaded on first use: an ES module that Node 20.19+ loads with require(). */
function hyparquet(): Hyparquet {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	return require('hyparquet') as Hyparquet;
}

async function bytesOf(
	s3: S3Client,
	bucket: string,
	key: string,
	range?: string,
): Promise<ArrayBuffer> {
	const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key, Range: range }));
	const bytes = (await object.Body?.transformToByteArray()) ?? new Uint8Array(0);
	return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

/** The S3 object as hyparquet's random-access buffer. */
async function s3Buffer(
	s3: S3Client,
	url: string,
	size: number | undefined,
	wholeFileBytes: number,
): Promise<AsyncBuffer> {
	const { bucket, key } = parseS3Url(url);
	const byteLength =
		size ?? (await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }))).ContentLength ?? 0;
	if (byteLength <= wholeFileBytes) {
		const whole = await bytesOf(s3, bucket, key);
		return { byteLength: whole.byteLength, slice: (start, end) => whole.slice(start, end) };
	}
	return {
		byteLength,
		slice: async (start, end) =>
			await bytesOf(s3, bucket, key, `bytes=${start}-${(end ?? byteLength) - 1}`),
	};
}

const isDecimal = (element: SchemaElement) =>
	element.converted_type === 'DECIMAL' || element.logical_type?.type === 'DECIMAL';

/** Big-endian two's complement bytes, an INT32 or an INT64 as the unscaled integer. */
function unscaled(value: unknown): bigint {
	if (typeof value === 'bigint') return value;
	if (typeof value === 'number') return BigInt(value);
	const bytes = value as Uint8Array;
	let result = 0n;
	for (const byte of bytes) result = (result << 8n) | BigInt(byte);
	if (bytes.length > 0 && bytes[0] >= 0x80) result -= 1n << BigInt(bytes.length * 8);
	return result;
}

/** Column types from the Parquet schema, when no manifest gave them. */
function schemaColumn(element: SchemaElement): ReadColumn {
	if (isDecimal(element))
		return readColumn(element.name, 'numeric', `(${element.precision},${element.scale ?? 0})`);
	const converted = element.converted_type;
	if (converted === 'DATE') return readColumn(element.name, 'date');
	if (converted === 'TIMESTAMP_MICROS' || converted === 'TIMESTAMP_MILLIS')
		return readColumn(element.name, 'timestamp');
	if (converted === 'INT_16') return readColumn(element.name, 'smallint');
	if (converted === 'JSON') return readColumn(element.name, 'super');
	switch (element.type) {
		case 'BOOLEAN':
			return readColumn(element.name, 'boolean');
		case 'INT32':
			return readColumn(element.name, 'integer');
		case 'INT64':
			return readColumn(element.name, 'bigint');
		case 'FLOAT':
			return readColumn(element.name, 'real');
		case 'DOUBLE':
			return readColumn(element.name, 'double');
		default:
			return readColumn(element.name, 'varchar');
	}
}

/**
 * Streams one unloaded Parquet file, a row group at a time, as pages of rows converted like every
 * other read path. hyparquet would turn DECIMAL into a rounded JS number and timestamps into
 * millisecond Dates, so DECIMAL columns are read without their annotation (the exact unscaled
 * integer) and timestamps as their microseconds.
 */
export async function* unloadedParquetRows(
	s3: S3Client,
	url: string,
	options: UnloadedParquetOptions,
	pageSize: number,
): AsyncIterable<Array<Record<string, unknown>>> {
	const { parquetMetadataAsync, parquetSchema, parquetRead } = hyparquet();
	const file = await s3Buffer(s3, url, options.size, options.wholeFileBytes ?? WHOLE_FILE_BYTES);
	let metadata: FileMetaData;
	try {
		metadata = await parquetMetadataAsync(file);
	} catch (error) {
		throw new Error(`${url} is not a readable Parquet file: ${(error as Error).message}`);
	}
	const leaves = parquetSchema(metadata).children.map((child) => child.element);
	const columns = options.columns ?? leaves.map(schemaColumn);
	if (columns.length !== leaves.length) {
		throw new Error(
			`${url} has ${leaves.length} columns, the UNLOAD schema has ${columns.length}; read it with the manifest it came with.`,
		);
	}
	const decimalScales = leaves.map((element) =>
		isDecimal(element)
			? (element.scale ?? (element.logical_type as { scale?: number } | undefined)?.scale ?? 0)
			: undefined,
	);
	const bare = new Set(leaves.filter(isDecimal));
	const rawMetadata: FileMetaData = {
		...metadata,
		schema: metadata.schema.map((element) =>
			bare.has(element)
				? { ...element, converted_type: undefined, logical_type: undefined }
				: element,
		),
	};
	const numbers = options.numbers ?? 'text';
	let rowStart = 0;
	let page: Array<Record<string, unknown>> = [];
	for (const group of metadata.row_groups) {
		options.signal?.throwIfAborted();
		const rowEnd = rowStart + Number(group.num_rows);
		const rows = await new Promise<unknown[][]>((resolve, reject) => {
			parquetRead({
				file,
				metadata: rawMetadata,
				rowStart,
				rowEnd,
				rowFormat: 'array',
				utf8: false,
				parsers: {
					timestampFromMicroseconds: (micros: bigint) => BigInt(micros),
					timestampFromMilliseconds: (millis: bigint) => BigInt(millis) * 1000n,
					timestampFromNanoseconds: (nanos: bigint) => BigInt(nanos) / 1000n,
					dateFromDays: (days: number) => Number(days),
					// SUPER is a JSON column: its text is parsed once, by the shared conversion.
					jsonFromBytes: (bytes: Uint8Array) => UTF8.decode(bytes),
				},
				onComplete: resolve,
			}).catch(reject);
		}).catch((error: unknown) => {
			throw new Error(
				`Reading rows ${rowStart}–${rowEnd} of ${url} failed: ${(error as Error).message}`,
			);
		});
		rowStart = rowEnd;
		for (const values of rows) {
			const row: Record<string, unknown> = {};
			columns.forEach((column, index) => {
				const value = values[index];
				const scale = decimalScales[index];
				row[column.name] =
					value === null || value === undefined
						? null
						: scale !== undefined
							? normalizeValue(scaledDecimal(unscaled(value), scale), 'numeric', numbers)
							: normalizeValue(value, column.kind, numbers);
			});
			page.push(row);
			if (page.length >= pageSize) {
				yield page;
				page = [];
			}
		}
	}
	if (page.length > 0) yield page;
}
