import { formatS3Url, joinKey, parseS3Url, s3ClientConfig } from '../../../nodes/shared/s3';

describe('S3 URLs', () => {
	it('parses and formats s3://bucket/key', () => {
		const location = parseS3Url('s3://my-bucket/a/b/manifest.json');
		expect([location.bucket, location.key]).toEqual(['my-bucket', 'a/b/manifest.json']);
		expect(parseS3Url('s3://my-bucket').key).toBe('');
		expect(formatS3Url({ bucket: 'my-bucket', key: '/a/b' })).toBe('s3://my-bucket/a/b');
		expect(() => parseS3Url('s3a://my-bucket/x')).toThrow(/not an S3 URL/);
		expect(() => parseS3Url('s3://My_Bucket/x')).toThrow(/not a valid S3 bucket name/);
	});

	it('joins key parts with single slashes', () => {
		expect(joinKey('n8n/staging/', '/run-1/')).toBe('n8n/staging/run-1/');
		expect(joinKey('', 'run-1/')).toBe('run-1/');
	});
});

describe('S3 client configuration', () => {
	it('uses path style and checksums only when required for a custom endpoint', () => {
		expect(
			s3ClientConfig({
				region: 'us-east-1',
				endpoint: 'http://127.0.0.1:9000',
				accessKeyId: 'k',
				secretAccessKey: 's',
			}),
		).toEqual({
			region: 'us-east-1',
			endpoint: 'http://127.0.0.1:9000',
			forcePathStyle: true,
			credentials: { accessKeyId: 'k', secretAccessKey: 's' },
			requestChecksumCalculation: 'WHEN_REQUIRED',
			responseChecksumValidation: 'WHEN_REQUIRED',
		});
	});

	it('leaves AWS defaults alone without an endpoint, and passes a session token', () => {
		expect(
			s3ClientConfig({
				region: 'eu-west-1',
				accessKeyId: 'k',
				secretAccessKey: 's',
				sessionToken: 't',
			}),
		).toEqual({
			region: 'eu-west-1',
			credentials: { accessKeyId: 'k', secretAccessKey: 's', sessionToken: 't' },
		});
		expect(s3ClientConfig({ region: 'eu-west-1' })).toEqual({ region: 'eu-west-1' });
	});

	it('refuses half a key pair, a missing region and a non-http endpoint', () => {
		expect(() => s3ClientConfig({ region: 'eu-west-1', accessKeyId: 'k' })).toThrow(/both/);
		expect(() => s3ClientConfig({ region: '' })).toThrow(/region/);
		expect(() => s3ClientConfig({ region: 'r', endpoint: 'ftp://x' })).toThrow(/http or https/);
		expect(() => s3ClientConfig({ region: 'r', endpoint: 'not a url' })).toThrow(/not a URL/);
	});
});

describe('prefix deletion guard', () => {
	it('refuses prefixes that are empty or not folder-like, before any request', async () => {
		const { deletePrefix } = await import('../../../nodes/shared/s3');
		const { S3Client } = await import('@aws-sdk/client-s3');
		const client = new S3Client({
			region: 'us-east-1',
			endpoint: 'http://127.0.0.1:9',
			credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
		});
		await expect(deletePrefix(client, 'bucket-1', '')).rejects.toThrow(
			/non-empty folder prefix ending with '\/'/,
		);
		await expect(deletePrefix(client, 'bucket-1', '/')).rejects.toThrow(/Refusing/);
		await expect(deletePrefix(client, 'bucket-1', 'runs/r1')).rejects.toThrow(/Refusing/);
		client.destroy();
	});
});
