import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { parse } from 'csv-parse';
import { Decompress } from 'fzstd';
import { Readable, Transform } from 'node:stream';
import { createGunzip } from 'node:zlib';

import { parseS3Url } from '../s3/url';
import { type NumberMode, normalizeValue, type ReadColumn } from './values';

export type UnloadCompression = 'gzip' | 'zstd' | 'none';

export interface UnloadedCsvOptions {
	compression: UnloadCompression;
	/** The `NULL AS` string the UNLOAD used, so NULL and '' stay distinct. */
	nullString: string;
	columns: readonly ReadColumn[];
	numbers?: NumberMode;
}

/** Node 20's zlib has no zstd; fzstd decompresses in JS, chunk by chunk. */
function zstdDecompressor(): Transform {
	const transform = new Transform({
		transform(chunk: Buffer, _encoding, done) {
			try {
				zstd.push(chunk);
				done();
			} catch (error) {
				done(error as Error);
			}
		},
		flush(done) {
			try {
				zstd.push(new Uint8Array(0), true);
				done();
			} catch (error) {
				done(error as Error);
			}
		},
	});
	// Declared after the transform it feeds; its callbacks only run once data flows.
	const zstd = new Decompress((data) => transform.push(Buffer.from(data)));
	return transform;
}

function decompressor(compression: UnloadCompression): Transform | undefined {
	if (compression === 'gzip') return createGunzip();
	if (compression === 'zstd') return zstdDecompressor();
	return undefined;
}

/**
 * Streams one unloaded CSV file as pages of rows converted like every other read path. SUPER
 * ignores NULL AS (DG r_UNLOAD.md): its NULL is an empty field, and no SUPER value is empty text.
 */
export async function* unloadedCsvRows(
	s3: S3Client,
	url: string,
	options: UnloadedCsvOptions,
	pageSize: number,
): AsyncIterable<Array<Record<string, unknown>>> {
	const { bucket, key } = parseS3Url(url);
	const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
	const body = object.Body as Readable | undefined;
	if (!body) return;
	const unpack = decompressor(options.compression);
	const source = unpack ? body.pipe(unpack) : body;
	body.on('error', (error) => source.destroy(error));
	const parser = source.pipe(parse({ relax_column_count: true, bom: false }));
	source.on('error', (error) => parser.destroy(error));

	const numbers = options.numbers ?? 'text';
	let page: Array<Record<string, unknown>> = [];
	let line = 0;
	const records = withFileContext(parser as AsyncIterable<string[]>, url, () => line);
	for await (const fields of records) {
		line++;
		if (fields.length !== options.columns.length) {
			throw new Error(
				`Line ${line} of ${url} has ${fields.length} fields, the UNLOAD schema has ${options.columns.length} columns.`,
			);
		}
		const row: Record<string, unknown> = {};
		options.columns.forEach((column, index) => {
			const text = fields[index];
			const isNull = text === options.nullString || (text === '' && column.kind === 'super');
			row[column.name] = isNull ? null : normalizeValue(text, column.kind, numbers);
		});
		page.push(row);
		if (page.length >= pageSize) {
			yield page;
			page = [];
		}
	}
	if (page.length > 0) yield page;
}

/** Decompression and CSV errors name the file and the last line read, so a user can find it. */
async function* withFileContext<T>(
	source: AsyncIterable<T>,
	url: string,
	line: () => number,
): AsyncIterable<T> {
	try {
		yield* source;
	} catch (error) {
		throw new Error(`Reading ${url} failed after line ${line()}: ${(error as Error).message}`);
	}
}
