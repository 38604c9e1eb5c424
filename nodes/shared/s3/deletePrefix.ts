import { DeleteObjectsCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';

/** Every key under a prefix, page by page (S3 returns at most 1000 per page). */
export async function* listKeys(
	s3: S3Client,
	bucket: string,
	prefix: string,
): AsyncGenerator<string> {
	let token: string | undefined;
	do {
		const page = await s3.send(
			new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
		);
		for (const object of page.Contents ?? []) if (object.Key !== undefined) yield object.Key;
		token = page.IsTruncated ? page.NextContinuationToken : undefined;
	} while (token);
}

/**
 * Deletes everything under a folder-like prefix, in DeleteObjects batches of 1000 (the S3
 * maximum). The prefix must end with '/': `runs/r1` would also match `runs/r10/…`.
 * Returns how many objects were deleted.
 */
export async function deletePrefix(s3: S3Client, bucket: string, prefix: string): Promise<number> {
	if (!prefix.endsWith('/') || prefix.replace(/\/+/g, '') === '') {
		throw new Error(
			`Refusing to delete under ${JSON.stringify(prefix)}: give a non-empty folder prefix ending with '/'.`,
		);
	}
	let deleted = 0;
	let batch: string[] = [];
	const flush = async () => {
		if (batch.length === 0) return;
		const result = await s3.send(
			new DeleteObjectsCommand({
				Bucket: bucket,
				Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true },
			}),
		);
		const errors = result.Errors ?? [];
		if (errors.length > 0) {
			const first = errors[0];
			throw new Error(
				`Could not delete ${errors.length} staged object(s) under s3://${bucket}/${prefix}, e.g. ${first.Key}: ${first.Code ?? ''} ${first.Message ?? ''}. Check the s3:DeleteObject permission, or remove them by hand.`,
			);
		}
		deleted += batch.length;
		batch = [];
	};
	// Listing continues from a token, so deleting the page already listed does not skip keys.
	for await (const key of listKeys(s3, bucket, prefix)) {
		batch.push(key);
		if (batch.length === 1000) await flush();
	}
	await flush();
	return deleted;
}
