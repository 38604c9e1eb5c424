/** An object (or prefix) in S3. */
export interface S3Location {
	bucket: string;
	/** The key or key prefix, without a leading slash; may be empty (the bucket root). */
	key: string;
}

// S3's own rule for (new) bucket names: 3–63 of a-z 0-9 . -, starting and ending with a letter or digit.
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** Parses `s3://bucket/key`; throws an error that says what a valid URL looks like. */
export function parseS3Url(url: string): S3Location {
	const match = /^s3:\/\/([^/]+)(?:\/(.*))?$/s.exec(typeof url === 'string' ? url.trim() : '');
	if (!match) {
		throw new Error(
			`${JSON.stringify(url)} is not an S3 URL; write s3://bucket/prefix (s3a:// and https:// are not accepted by COPY).`,
		);
	}
	const [, bucket, key = ''] = match;
	assertBucketName(bucket);
	return { bucket, key };
}

export function formatS3Url(location: S3Location): string {
	assertBucketName(location.bucket);
	return `s3://${location.bucket}/${location.key.replace(/^\/+/, '')}`;
}

/** Joins key parts with single slashes, keeping a trailing slash on the last part. */
export function joinKey(...parts: string[]): string {
	return parts
		.filter((part) => part !== '')
		.map((part, index, all) => {
			const trimmed = part.replace(/^\/+/, '');
			return index === all.length - 1 ? trimmed : trimmed.replace(/\/+$/, '');
		})
		.join('/');
}

export function assertBucketName(bucket: string): void {
	if (!BUCKET_NAME.test(bucket) || bucket.includes('..')) {
		throw new Error(
			`${JSON.stringify(bucket)} is not a valid S3 bucket name (3–63 lower-case letters, digits, dots and hyphens).`,
		);
	}
}
