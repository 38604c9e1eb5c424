import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { compress, init } from '@bokuweb/zstd-wasm';
import { gzipSync } from 'node:zlib';

import { unloadedCsvRows } from '../../../nodes/shared/reads/unloadedCsvRows';
import { readColumn } from '../../../nodes/shared/reads/values';
import { s3Client, testServers, uniquePrefix } from '../../support/testServers';

const NULL = '__n8n_null__';
const columns = [
	readColumn('id', 'bigint'),
	readColumn('note', 'character varying'),
	readColumn('ok', 'boolean'),
];
const csv =
	[`1,"a, ""quoted""\nline",t`, `9223372036854775807,,f`, `3,${NULL},t`].join('\n') + '\n';
const expected = [
	{ id: '1', note: 'a, "quoted"\nline', ok: true },
	{ id: '9223372036854775807', note: '', ok: false },
	{ id: '3', note: null, ok: true },
];

async function collect(
	s3: S3Client,
	url: string,
	compression: 'gzip' | 'zstd' | 'none',
	pageSize = 100,
) {
	const pages: Array<Array<Record<string, unknown>>> = [];
	for await (const page of unloadedCsvRows(
		s3,
		url,
		{ compression, nullString: NULL, columns },
		pageSize,
	))
		pages.push(page);
	return pages;
}

describe('unloaded CSV files from S3', () => {
	const { bucket } = testServers().s3;
	let s3: S3Client;
	beforeAll(async () => {
		s3 = s3Client();
		await init();
	});
	afterAll(() => s3.destroy());

	it.each([
		['gzip', (data: Buffer) => gzipSync(data)],
		['zstd', (data: Buffer) => Buffer.from(compress(data, 3))],
		['none', (data: Buffer) => data],
	] as const)(
		'reads %s files into typed rows, NULL distinct from empty',
		async (compression, pack) => {
			const key = `${uniquePrefix('unloaded')}0000_part_00`;
			await s3.send(
				new PutObjectCommand({ Bucket: bucket, Key: key, Body: pack(Buffer.from(csv)) }),
			);
			expect(await collect(s3, `s3://${bucket}/${key}`, compression)).toEqual([expected]);
		},
	);

	it('cuts pages at the page size', async () => {
		const key = `${uniquePrefix('unloaded')}0001_part_00`;
		await s3.send(
			new PutObjectCommand({ Bucket: bucket, Key: key, Body: gzipSync(Buffer.from(csv)) }),
		);
		const pages = await collect(s3, `s3://${bucket}/${key}`, 'gzip', 2);
		expect(pages.map((page) => page.length)).toEqual([2, 1]);
	});

	it('says which line of which file does not match the schema', async () => {
		const key = `${uniquePrefix('unloaded')}0002_part_00`;
		await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: '1,a,t\n2,b\n' }));
		await expect(collect(s3, `s3://${bucket}/${key}`, 'none')).rejects.toThrow(
			`Line 2 of s3://${bucket}/${key} has 2 fields, the UNLOAD schema has 3 columns.`,
		);
	});

	it('fails clearly on a corrupt compressed file', async () => {
		const key = `${uniquePrefix('unloaded')}0003_part_00`;
		await s3.send(
			new PutObjectCommand({ Bucket: bucket, Key: key, Body: Buffer.from('not gzip at all') }),
		);
		await expect(collect(s3, `s3://${bucket}/${key}`, 'gzip')).rejects.toThrow(
			new RegExp(`Reading s3://${bucket}/${key} failed after line 0: incorrect header check`),
		);
	});
});
