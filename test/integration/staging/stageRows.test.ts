import type { S3Client } from '@aws-sdk/client-s3';

import { listKeys } from '../../../nodes/shared/s3';
import {
	stageRows,
	StagingError,
	type StagingColumn,
	type StagingResult,
} from '../../../nodes/shared/staging';
import { s3Client, testServers, uniquePrefix } from '../../support/testServers';
import { objectBytes } from '../../support/s3Objects';
import { readStagedRows } from './stagingRoundTrip';

const { bucket } = testServers().s3;

async function keysUnder(s3: S3Client, prefix: string): Promise<string[]> {
	const keys: string[] = [];
	for await (const key of listKeys(s3, bucket, prefix)) keys.push(key);
	return keys;
}

async function* asAsync<T>(items: Iterable<T>): AsyncGenerator<T> {
	for (const item of items) yield item;
}

/** Every case of the bad-input list that staging must carry through unchanged. */
const trickyItems: Record<string, unknown>[] = [
	{
		id: 1,
		text: 'comma, "quote", back\\slash',
		note: '',
		big: '12345678901234567890123',
		at: '2024-01-01T10:00:00+05:30',
		doc: { a: [1, 'b'] },
	},
	{
		id: 2,
		text: 'multi\nline\r\nvalue',
		note: null,
		big: 9007199254740993n,
		at: 'infinity',
		doc: [1, 2, 3],
	},
	{ id: 3, text: 'emoji 😀 and ä', big: '-0.000000000000000000000001', at: '-infinity', doc: null },
	{
		id: 4,
		text: '\\N',
		note: ' ',
		big: '0',
		at: new Date('2024-02-29T12:00:00.000Z'),
		doc: { nested: { deep: true } },
	},
];
const trickyColumns: StagingColumn[] = [
	{ name: 'id' },
	{ name: 'text' },
	{ name: 'note' },
	{ name: 'big' },
	{ name: 'at' },
	{ name: 'doc', type: { name: 'SUPER' } },
];

describe('staging rows to S3', () => {
	let s3: S3Client;
	const results: StagingResult[] = [];

	beforeAll(() => {
		s3 = s3Client();
	});

	afterAll(async () => {
		for (const result of results) await result.cleanup();
		s3.destroy();
	});

	it('stages gzip CSV with a manifest that reads back exactly, NULL apart from empty string', async () => {
		const result = await stageRows(asAsync(trickyItems), {
			s3,
			bucket,
			prefix: uniquePrefix('staging-csv'),
			columns: trickyColumns,
		});
		results.push(result);
		expect(result.rowCount).toBe(4);
		expect(result.files).toHaveLength(1);
		expect(result.files[0].key).toBe(`${result.runPrefix}part-00000.csv.gz`);
		expect(result.manifestKey).toBe(`${result.runPrefix}manifest.json`);
		expect(result.manifestUrl).toBe(`s3://${bucket}/${result.runPrefix}manifest.json`);
		expect(result.columns).toEqual(['id', 'text', 'note', 'big', 'at', 'doc']);
		expect(result.copyOptions).toEqual({
			format: { type: 'CSV', nullAs: '__n8n_null__' },
			compression: 'GZIP',
			timeFormat: 'auto',
			dateFormat: 'auto',
		});
		expect(await readStagedRows(s3, result)).toEqual([
			[
				'1',
				'comma, "quote", back\\slash',
				'',
				'12345678901234567890123',
				'2024-01-01T10:00:00+05:30',
				'{"a":[1,"b"]}',
			],
			['2', 'multi\nline\r\nvalue', null, '9007199254740993', 'infinity', '[1,2,3]'],
			['3', 'emoji 😀 and ä', null, '-0.000000000000000000000001', '-infinity', null],
			['4', '\\N', ' ', '0', '2024-02-29T12:00:00.000Z', '{"nested":{"deep":true}}'],
		]);
	});

	it('stages JSON lines with gzip and with zstd that read back exactly', async () => {
		for (const compression of ['gzip', 'zstd'] as const) {
			const result = await stageRows(trickyItems, {
				s3,
				bucket,
				prefix: uniquePrefix('staging-jsonl'),
				columns: trickyColumns,
				format: 'jsonl',
				compression,
			});
			results.push(result);
			expect(result.files[0].key).toMatch(
				compression === 'gzip' ? /part-00000\.jsonl\.gz$/ : /part-00000\.jsonl\.zst$/,
			);
			expect(result.copyOptions).toEqual({
				format: { type: 'JSON', paths: 'auto' },
				compression: compression === 'gzip' ? 'GZIP' : 'ZSTD',
				timeFormat: 'auto',
				dateFormat: 'auto',
			});
			expect(await readStagedRows(s3, result)).toEqual([
				{
					id: 1,
					text: 'comma, "quote", back\\slash',
					note: '',
					big: '12345678901234567890123',
					at: '2024-01-01T10:00:00+05:30',
					doc: { a: [1, 'b'] },
				},
				// JSON.parse turns the exact digits into the nearest double; check the text itself below.
				{
					id: 2,
					text: 'multi\nline\r\nvalue',
					note: null,
					big: 9007199254740992,
					at: 'infinity',
					doc: [1, 2, 3],
				},
				{
					id: 3,
					text: 'emoji 😀 and ä',
					note: null,
					big: '-0.000000000000000000000001',
					at: '-infinity',
					doc: null,
				},
				{
					id: 4,
					text: '\\N',
					note: ' ',
					big: '0',
					at: '2024-02-29T12:00:00.000Z',
					doc: { nested: { deep: true } },
				},
			]);
		}
		const gzipRun = results[results.length - 2];
		const { gunzipSync } = await import('node:zlib');
		const text = gunzipSync(await objectBytes(s3, bucket, gzipRun.files[0].key)).toString('utf8');
		expect(text).toContain('"big":9007199254740993,');
	});

	it('stages typed Parquet files, rolled by row group, with exact sizes in the manifest', async () => {
		const items = Array.from({ length: 5000 }, (_, index) => ({
			id: index,
			name: index % 7 === 0 ? null : `name ${index} 😀`,
			amount: `${index}.25`,
			at: new Date(Date.UTC(2024, 0, 1, 0, 0, index)),
		}));
		const result = await stageRows(asAsync(items), {
			s3,
			bucket,
			prefix: uniquePrefix('staging-parquet'),
			format: 'parquet',
			columns: [
				{ name: 'id', type: { name: 'BIGINT' } },
				{ name: 'name', type: { name: 'VARCHAR', length: 256 } },
				{ name: 'amount', type: { name: 'NUMERIC', precision: 12, scale: 2 } },
				{ name: 'at', type: { name: 'TIMESTAMPTZ' } },
			],
			targetFileBytes: 20 * 1024,
			parquetRowGroupBytes: 16 * 1024,
		});
		results.push(result);
		expect(result.copyOptions).toEqual({ format: { type: 'PARQUET' } });
		expect(result.files.length).toBeGreaterThan(1);
		expect(result.files[0].key).toBe(`${result.runPrefix}part-00000.parquet`);
		const rows = (await readStagedRows(s3, result)) as Record<string, unknown>[];
		expect(rows).toEqual(
			items.map((item) => ({
				id: BigInt(item.id),
				name: item.name,
				amount: Number(item.amount),
				at: item.at,
			})),
		);
	});

	it('rolls files at the target size, uploads several at once, and keeps row order across files', async () => {
		const items = Array.from({ length: 3000 }, (_, index) => ({
			id: index,
			payload: `value-${index}-${'x'.repeat(index % 50)}`,
		}));
		const result = await stageRows(asAsync(items), {
			s3,
			bucket,
			prefix: uniquePrefix('staging-roll'),
			columns: [{ name: 'id' }, { name: 'payload' }],
			compression: 'none',
			targetFileBytes: 16 * 1024,
			maxFilesInFlight: 3,
			ordinalColumn: '_n8n_ordinal',
		});
		results.push(result);
		expect(result.files.length).toBeGreaterThan(3);
		expect(result.files.map((file) => file.key)).toEqual(
			result.files.map(
				(_, index) => `${result.runPrefix}part-${String(index).padStart(5, '0')}.csv`,
			),
		);
		expect(result.files.reduce((sum, file) => sum + file.rows, 0)).toBe(3000);
		for (const file of result.files.slice(0, -1))
			expect(file.bytes).toBeGreaterThanOrEqual(16 * 1024);
		expect(result.columns).toEqual(['id', 'payload', '_n8n_ordinal']);
		const rows = (await readStagedRows(s3, result)) as string[][];
		expect(rows).toEqual(
			items.map((item, index) => [String(item.id), item.payload, String(index)]),
		);
	});

	it('uploads a large file as a real multipart upload', async () => {
		const line = 'y'.repeat(1000);
		const items = Array.from({ length: 12_000 }, (_, index) => ({ id: index, line }));
		const result = await stageRows(items, {
			s3,
			bucket,
			prefix: uniquePrefix('staging-multipart'),
			columns: [{ name: 'id' }, { name: 'line' }],
			compression: 'none',
			partSizeBytes: 5 * 1024 * 1024,
		});
		results.push(result);
		expect(result.files).toHaveLength(1);
		expect(result.files[0].bytes).toBeGreaterThan(10 * 1024 * 1024);
		const { HeadObjectCommand } = await import('@aws-sdk/client-s3');
		const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: result.files[0].key }));
		expect(result.files[0].parts).toBe(3);
		expect(head.ContentLength).toBe(result.files[0].bytes);
		const rows = (await readStagedRows(s3, result)) as string[][];
		expect(rows).toHaveLength(12_000);
		expect(rows[11_999]).toEqual(['11999', line]);
	});

	it('writes no data file for zero rows, only an empty manifest', async () => {
		const result = await stageRows(asAsync([]), {
			s3,
			bucket,
			prefix: uniquePrefix('staging-empty'),
			columns: [{ name: 'a' }],
		});
		results.push(result);
		expect(result.rowCount).toBe(0);
		expect(result.files).toEqual([]);
		expect(JSON.parse((await objectBytes(s3, bucket, result.manifestKey)).toString())).toEqual({
			entries: [],
		});
		expect(await keysUnder(s3, result.runPrefix)).toEqual([result.manifestKey]);
	});

	it('cleanup deletes everything under the run prefix, across listing pages', async () => {
		const items = Array.from({ length: 1100 }, (_, index) => ({ id: index }));
		const result = await stageRows(items, {
			s3,
			bucket,
			prefix: uniquePrefix('staging-cleanup'),
			columns: [{ name: 'id' }],
			compression: 'none',
			targetFileBytes: 1,
			maxFilesInFlight: 8,
		});
		// One row per file (the target is one byte): more than one listing page of 1000 keys.
		expect(result.files).toHaveLength(1100);
		expect((await keysUnder(s3, result.runPrefix)).length).toBe(1101);
		expect(await result.cleanup()).toBe(1101);
		expect(await keysUnder(s3, result.runPrefix)).toEqual([]);
	});

	it('fails on a bad value after files were uploaded, names item and column, and leaves nothing behind', async () => {
		const prefix = uniquePrefix('staging-failure');
		const items = Array.from({ length: 2000 }, (_, index) => ({
			id: index,
			text: index === 1500 ? 'broken \ud800 text' : `row ${index}`,
		}));
		const failure = stageRows(asAsync(items), {
			s3,
			bucket,
			prefix,
			runId: 'failing-run',
			columns: [{ name: 'id' }, { name: 'text' }],
			targetFileBytes: 512,
			compression: 'none',
		});
		await expect(failure).rejects.toThrow(StagingError);
		await expect(failure).rejects.toMatchObject({ itemIndex: 1500, column: 'text' });
		expect(await keysUnder(s3, `${prefix}failing-run/`)).toEqual([]);
	});

	it('stops when the signal aborts, and leaves nothing behind', async () => {
		const prefix = uniquePrefix('staging-abort');
		const controller = new AbortController();
		async function* rowsThenAbort() {
			for (let index = 0; index < 5000; index++) {
				if (index === 3000) controller.abort();
				yield { id: index, text: `row ${index}` };
			}
		}
		await expect(
			stageRows(rowsThenAbort(), {
				s3,
				bucket,
				prefix,
				runId: 'aborted-run',
				columns: [{ name: 'id' }, { name: 'text' }],
				compression: 'none',
				targetFileBytes: 4096,
				signal: controller.signal,
			}),
		).rejects.toThrow(/cancelled|stopped/);
		expect(await keysUnder(s3, `${prefix}aborted-run/`)).toEqual([]);
	});

	it('reports a failed upload with the object it was writing', async () => {
		const failure = stageRows([{ id: 1 }], {
			s3,
			bucket: 'no-such-bucket-n8n',
			prefix: 'x',
			runId: 'upload-fails',
			columns: [{ name: 'id' }],
		});
		await expect(failure).rejects.toThrow(
			/Uploading s3:\/\/no-such-bucket-n8n\/x\/upload-fails\/part-00000\.csv\.gz failed: .*bucket/i,
		);
	});

	it('fails on NUL unless asked to strip it', async () => {
		const items = [{ id: 1, text: 'a\u0000b' }];
		const columns = [{ name: 'id' }, { name: 'text' }];
		await expect(
			stageRows(items, { s3, bucket, prefix: uniquePrefix('staging-nul'), columns }),
		).rejects.toThrow(/Item 0, column "text": the text contains a NUL character/);
		const result = await stageRows(items, {
			s3,
			bucket,
			prefix: uniquePrefix('staging-nul'),
			columns,
			nulBytes: 'strip',
		});
		results.push(result);
		expect(await readStagedRows(s3, result)).toEqual([['1', 'ab']]);
	});

	it('reports the staging rate for 100k rows (recorded for the report, not asserted)', async () => {
		const rows = Array.from({ length: 100_000 }, (_, index) => ({
			id: index,
			name: `customer-${index}-abcdefghij`,
			at: '2026-11-21T10:00:00.000Z',
			amount: '12345.67',
			active: index % 2 === 0,
		}));
		const columns = ['id', 'name', 'at', 'amount', 'active'].map((name) => ({ name }));
		// Baseline in the same run: plain CSV joined in 64 KiB chunks, then gzip level 1 in memory, no S3.
		const { gzipSync } = await import('node:zlib');
		const baselineStart = process.hrtime.bigint();
		let chunk = '';
		const compressed: Buffer[] = [];
		for (const row of rows) {
			chunk += `${row.id},${row.name},${row.at},${row.amount},${row.active}\n`;
			if (chunk.length >= 65536) {
				compressed.push(gzipSync(chunk, { level: 1 }));
				chunk = '';
			}
		}
		compressed.push(gzipSync(chunk, { level: 1 }));
		const baselineSeconds = Number(process.hrtime.bigint() - baselineStart) / 1e9;
		console.log(
			`baseline (plain CSV + gzip-1 in memory): ${baselineSeconds.toFixed(3)} s, ${Math.round(100_000 / baselineSeconds)} rows/s`,
		);
		for (const [source, input] of [
			['array', () => rows],
			['async generator', () => asAsync(rows)],
		] as const) {
			const started = process.hrtime.bigint();
			const result = await stageRows(input(), {
				s3,
				bucket,
				prefix: uniquePrefix('staging-rate'),
				columns,
			});
			const seconds = Number(process.hrtime.bigint() - started) / 1e9;
			results.push(result);
			expect(result.rowCount).toBe(100_000);
			expect(result.files.reduce((sum, file) => sum + file.rows, 0)).toBe(100_000);
			console.log(
				`staging 100k rows (${source}) as CSV gzip to s3rver: ${seconds.toFixed(3)} s, ${Math.round(100_000 / seconds)} rows/s, ${result.files[0].bytes} bytes compressed`,
			);
		}
	});
});
