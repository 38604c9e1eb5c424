import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';

import { RedshiftError } from '../session';

export interface S3Location {
	bucket: string;
	key: string;
}

/** Bucket and key (or prefix) of `s3://bucket/key`, or undefined when it is no S3 URL. */
export function matchS3Url(url: string): S3Location | undefined {
	const match = /^s3:\/\/([^/]+)\/?(.*)$/i.exec(url);
	return match ? { bucket: match[1], key: match[2] } : undefined;
}

export function parseS3Url(url: string): S3Location {
	const location = matchS3Url(url);
	if (!location)
		throw new RedshiftError(`Invalid S3 URL '${url}': expected s3://bucket/key`, '22023');
	return location;
}

export function s3Url(location: S3Location): string {
	return `s3://${location.bucket}/${location.key}`;
}

function errorName(error: unknown): string {
	return (error as { name?: string }).name ?? '';
}

/** The object's bytes, or undefined when the key (not the bucket) does not exist. */
export async function readObjectIfExists(
	s3: S3Client,
	location: S3Location,
): Promise<Uint8Array | undefined> {
	try {
		const response = await s3.send(
			new GetObjectCommand({ Bucket: location.bucket, Key: location.key }),
		);
		return response.Body ? await response.Body.transformToByteArray() : new Uint8Array();
	} catch (error) {
		if (errorName(error) === 'NoSuchKey') return undefined;
		throw s3ServiceError(error, location);
	}
}

/** Every object whose key starts with the prefix, in key order, "folder" markers left out. */
export async function listObjects(s3: S3Client, prefix: S3Location): Promise<S3Location[]> {
	const found: S3Location[] = [];
	let continuationToken: string | undefined;
	try {
		do {
			const page = await s3.send(
				new ListObjectsV2Command({
					Bucket: prefix.bucket,
					Prefix: prefix.key,
					ContinuationToken: continuationToken,
				}),
			);
			for (const object of page.Contents ?? []) {
				if (object.Key && !object.Key.endsWith('/'))
					found.push({ bucket: prefix.bucket, key: object.Key });
			}
			continuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
		} while (continuationToken);
	} catch (error) {
		throw s3ServiceError(error, prefix);
	}
	return found.sort((left, right) => (left.key < right.key ? -1 : left.key > right.key ? 1 : 0));
}

/** Redshift reports S3 failures as S3ServiceException text (DG s3serviceexception-error.md). */
function s3ServiceError(error: unknown, location: S3Location): RedshiftError {
	const name = errorName(error);
	const reason =
		name === 'NoSuchBucket'
			? 'The specified bucket does not exist'
			: (error as Error).message || name || 'unknown error';
	return new RedshiftError(
		`S3ServiceException:${reason},Status ${(error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode ?? 'unknown'},Error ${name || 'Unknown'}`,
		'XX000',
		`S3 object being read: ${s3Url(location)}`,
	);
}
