import {
	DeleteObjectsCommand,
	GetObjectCommand,
	ListObjectsV2Command,
	PutObjectCommand,
	type S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { createHash, randomBytes } from 'node:crypto';

import { s3Client, testServers, uniquePrefix } from '../support/testServers';

const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

async function listAll(s3: S3Client, bucket: string, prefix: string) {
	const keys: string[] = [];
	let pages = 0;
	let token: string | undefined;
	do {
		const page = await s3.send(
			new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
		);
		pages++;
		keys.push(...(page.Contents ?? []).map((object) => object.Key ?? ''));
		token = page.IsTruncated ? page.NextContinuationToken : undefined;
	} while (token);
	return { keys, pages };
}

/** Proves the local S3 is a real server with paging and byte-exact multipart uploads. */
describe('local S3 smoke', () => {
	const { bucket } = testServers().s3;
	let s3: S3Client;

	beforeAll(() => {
		s3 = s3Client();
	});

	afterAll(() => s3.destroy());

	it('puts, gets and deletes an object', async () => {
		const key = `${uniquePrefix('smoke')}hello.json`;
		const body = JSON.stringify({ entries: [{ url: 's3://x/y', mandatory: true }] });
		await s3.send(
			new PutObjectCommand({
				Bucket: bucket,
				Key: key,
				Body: body,
				ContentType: 'application/json',
			}),
		);
		const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
		expect(await got.Body?.transformToString()).toBe(body);
		expect(got.ContentType).toBe('application/json');

		await s3.send(
			new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: [{ Key: key }] } }),
		);
		await expect(s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }))).rejects.toMatchObject(
			{
				name: 'NoSuchKey',
			},
		);
	});

	it('lists more than 1000 keys across pages', async () => {
		const prefix = uniquePrefix('paging');
		const keys = Array.from(
			{ length: 1005 },
			(_, i) => `${prefix}part-${String(i).padStart(5, '0')}`,
		);
		for (let i = 0; i < keys.length; i += 50) {
			await Promise.all(
				keys
					.slice(i, i + 50)
					.map(
						async (Key) => await s3.send(new PutObjectCommand({ Bucket: bucket, Key, Body: Key })),
					),
			);
		}

		const listed = await listAll(s3, bucket, prefix);
		expect(listed.pages).toBe(2);
		expect(listed.keys.sort()).toEqual(keys);

		for (let i = 0; i < keys.length; i += 1000) {
			const batch = keys.slice(i, i + 1000).map((Key) => ({ Key }));
			const result = await s3.send(
				new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: batch } }),
			);
			expect(result.Errors ?? []).toEqual([]);
		}
		expect((await listAll(s3, bucket, prefix)).keys).toEqual([]);
	});

	it('reads back a 20 MB multipart upload byte for byte', async () => {
		const key = `${uniquePrefix('multipart')}big.bin`;
		const data = randomBytes(20 * 1024 * 1024);
		const upload = new Upload({
			client: s3,
			params: { Bucket: bucket, Key: key, Body: data },
			partSize: 5 * 1024 * 1024,
			queueSize: 4,
		});
		const parts: number[] = [];
		upload.on('httpUploadProgress', (progress) => parts.push(progress.part ?? 0));
		await upload.done();
		expect(new Set(parts).size).toBe(4);

		const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
		const bytes = await got.Body?.transformToByteArray();
		expect(bytes?.length).toBe(data.length);
		expect(sha256(bytes ?? new Uint8Array())).toBe(sha256(data));
	});
});
