import { mkdirSync } from 'node:fs';
import S3rver from 's3rver';

import { assertLegacyOpenSslProvider, type RunningS3 } from '../../test/support/s3Server';

/** s3rver accepts any signature made with its fixed key pair. */
const S3RVER_KEY = 'S3RVER';

/** s3rver on a fixed port (0: a free one) over a folder that keeps its objects when it stops. */
export async function startKeptS3(
	directory: string,
	port: number,
	bucket: string,
): Promise<RunningS3> {
	assertLegacyOpenSslProvider();
	mkdirSync(directory, { recursive: true });
	const server = new S3rver({
		address: '127.0.0.1',
		port,
		silent: true,
		directory,
		resetOnClose: false,
		configureBuckets: [{ name: bucket, configs: [] }],
	});
	const { port: bound } = (await server.run()) as { port: number };
	return {
		connection: {
			endpoint: `http://127.0.0.1:${bound}`,
			region: 'us-east-1',
			accessKeyId: S3RVER_KEY,
			secretAccessKey: S3RVER_KEY,
			bucket,
		},
		stop: async () => await server.close(),
	};
}
