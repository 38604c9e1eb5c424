import { S3Client } from '@aws-sdk/client-s3';

import type { S3Connection } from '../../test/support/s3Server';

/** A client for the bench's s3rver; checksums only when required (s3rver keeps aws-chunked framing). */
export function benchS3Client(connection: S3Connection): S3Client {
	return new S3Client({
		endpoint: connection.endpoint,
		region: connection.region,
		forcePathStyle: true,
		credentials: {
			accessKeyId: connection.accessKeyId,
			secretAccessKey: connection.secretAccessKey,
		},
		requestChecksumCalculation: 'WHEN_REQUIRED',
		responseChecksumValidation: 'WHEN_REQUIRED',
	});
}
