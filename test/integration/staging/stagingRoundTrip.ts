import { HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { parse } from 'csv-parse/sync';
import { parquetReadObjects } from 'hyparquet';
import { decompress as zstdDecompress } from 'fzstd';
import { gunzipSync } from 'node:zlib';

import { parseS3Url } from '../../../nodes/shared/s3';
import {
	CSV_NULL_MARKER,
	type CopyManifest,
	type StagingResult,
} from '../../../nodes/shared/staging';
import { objectBytes } from '../../support/s3Objects';

/**
 * Reads a staged run the way COPY would: the manifest's files in order, each checked against its
 * content_length and decompressed, then parsed with the run's own NULL rule.
 */
export async function readStagedRows(
	s3: S3Client,
	result: StagingResult,
): Promise<(string | null)[][] | unknown[]> {
	const manifest = JSON.parse(
		(await objectBytes(s3, result.bucket, result.manifestKey)).toString('utf8'),
	) as CopyManifest;
	const rows: unknown[] = [];
	for (const entry of manifest.entries) {
		expect(entry.mandatory).toBe(true);
		const { bucket, key } = parseS3Url(entry.url);
		const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
		expect(head.ContentLength).toBe(entry.meta.content_length);
		const raw = await objectBytes(s3, bucket, key);
		expect(raw.length).toBe(entry.meta.content_length);
		if (result.copyOptions.format.type === 'PARQUET') {
			rows.push(...(await parquetReadObjects({ file: new Uint8Array(raw).buffer })));
			continue;
		}
		const compression = result.copyOptions.compression;
		const text = (
			compression === 'GZIP'
				? gunzipSync(raw)
				: compression === 'ZSTD'
					? Buffer.from(zstdDecompress(raw))
					: raw
		).toString('utf8');
		if (result.copyOptions.format.type === 'CSV') {
			rows.push(
				...(parse(text, {
					cast: (value: string, context: { quoting: boolean }) =>
						!context.quoting && value === CSV_NULL_MARKER ? null : value,
				}) as unknown[]),
			);
		} else {
			rows.push(
				...text
					.split('\n')
					.filter((line) => line !== '')
					.map((line) => JSON.parse(line) as unknown),
			);
		}
	}
	return rows;
}
