import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';

export interface S3Connection {
	endpoint: string;
	region: string;
	accessKeyId: string;
	secretAccessKey: string;
	bucket: string;
}

export interface RunningS3 {
	connection: S3Connection;
	stop(): Promise<void>;
}

/** s3rver accepts any signature made with its fixed key pair. */
const S3RVER_KEY = 'S3RVER';

/**
 * Starts s3rver in this process on a free loopback port with one bucket.
 * Paged listings need the process to run with --openssl-legacy-provider (s3rver signs its
 * continuation tokens with DES); `assertLegacyOpenSslProvider` fails early if it is missing.
 */
export async function startS3Server(bucket = 'n8n-redshift-cdc-test'): Promise<RunningS3> {
	assertLegacyOpenSslProvider();
	const directory = mkdtempSync(join(tmpdir(), 'n8n-redshift-cdc-s3-'));
	const server = new S3rver({
		address: '127.0.0.1',
		port: 0,
		silent: true,
		directory,
		resetOnClose: true,
		configureBuckets: [{ name: bucket, configs: [] }],
	});
	const { port } = (await server.run()) as { port: number };
	return {
		connection: {
			endpoint: `http://127.0.0.1:${port}`,
			region: 'us-east-1',
			accessKeyId: S3RVER_KEY,
			secretAccessKey: S3RVER_KEY,
			bucket,
		},
		async stop() {
			await server.close();
			rmSync(directory, { recursive: true, force: true });
		},
	};
}

export function assertLegacyOpenSslProvider(): void {
	const flags = `${process.execArgv.join(' ')} ${process.env.NODE_OPTIONS ?? ''}`;
	if (!flags.includes('--openssl-legacy-provider')) {
		throw new Error(
			's3rver needs Node started with --openssl-legacy-provider for paged listings; ' +
				'run the tests through `npm test`, which sets NODE_OPTIONS.',
		);
	}
}
