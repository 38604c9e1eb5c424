import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';

/** What a user configures to reach S3 or an S3-compatible store. */
export interface S3ConnectionOptions {
	region: string;
	/** Without keys the SDK's default chain (environment, instance role…) is used. */
	accessKeyId?: string;
	secretAccessKey?: string;
	sessionToken?: string;
	/** An S3-compatible endpoint (MinIO, Ceph, R2, a local test server), e.g. http://127.0.0.1:9000. */
	endpoint?: string;
	/** Bucket in the path instead of the host name; most S3-compatible stores need it. Default: true with an endpoint. */
	forcePathStyle?: boolean;
	/** Attempts per request, including the first (SDK default 3). */
	maxAttempts?: number;
}

/**
 * An S3 client. With a custom endpoint, checksums are only sent when an operation requires
 * them: with the SDK default, a streamed PutObject goes out aws-chunked with a CRC32 trailer,
 * which several S3-compatible servers store verbatim, silently corrupting the object.
 */
export function createS3Client(options: S3ConnectionOptions): S3Client {
	return new S3Client(s3ClientConfig(options));
}

/** The client configuration, exposed so that it can be checked without a network. */
export function s3ClientConfig(options: S3ConnectionOptions): S3ClientConfig {
	if (!options.region)
		throw new Error('S3 needs a region (e.g. us-east-1), even for an S3-compatible endpoint.');
	if ((options.accessKeyId === undefined) !== (options.secretAccessKey === undefined)) {
		throw new Error(
			'Give both the S3 access key id and the secret access key, or neither (to use the default credential chain).',
		);
	}
	const config: S3ClientConfig = { region: options.region };
	if (options.accessKeyId !== undefined && options.secretAccessKey !== undefined) {
		config.credentials = {
			accessKeyId: options.accessKeyId,
			secretAccessKey: options.secretAccessKey,
			...(options.sessionToken ? { sessionToken: options.sessionToken } : {}),
		};
	}
	if (options.maxAttempts !== undefined) config.maxAttempts = options.maxAttempts;
	if (options.endpoint) {
		let url: URL;
		try {
			url = new URL(options.endpoint);
		} catch {
			throw new Error(
				`The S3 endpoint ${JSON.stringify(options.endpoint)} is not a URL; write e.g. https://minio.example.com:9000.`,
			);
		}
		if (url.protocol !== 'http:' && url.protocol !== 'https:') {
			throw new Error(`The S3 endpoint must use http or https; got ${url.protocol}`);
		}
		config.endpoint = options.endpoint;
		config.forcePathStyle = options.forcePathStyle ?? true;
		config.requestChecksumCalculation = 'WHEN_REQUIRED';
		config.responseChecksumValidation = 'WHEN_REQUIRED';
	} else if (options.forcePathStyle !== undefined) {
		config.forcePathStyle = options.forcePathStyle;
	}
	return config;
}
