import {
	DeleteObjectCommand,
	ListObjectsV2Command,
	PutObjectCommand,
	type S3Client,
} from '@aws-sdk/client-s3';

import { RedshiftError } from '../session';
import type { UnloadCommand } from './unloadCommand';

async function* keysUnder(s3: S3Client, bucket: string, prefix: string): AsyncGenerator<string> {
	let token: string | undefined;
	do {
		const page = await s3.send(
			new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
		);
		for (const object of page.Contents ?? []) if (object.Key) yield object.Key;
		token = page.IsTruncated ? page.NextContinuationToken : undefined;
	} while (token);
}

/**
 * Applies the overwrite rule before anything is written (DG r_UNLOAD.md): by default UNLOAD fails
 * when objects exist at the prefix; ALLOWOVERWRITE writes over them; CLEANPATH deletes them first.
 */
export async function prepareDestination(command: UnloadCommand, s3: S3Client): Promise<void> {
	const { bucket, prefix } = command;
	try {
		if (command.overwrite === 'allow') {
			await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, MaxKeys: 1 }));
			return;
		}
		for await (const key of keysUnder(s3, bucket, prefix)) {
			if (command.overwrite === 'fail') {
				throw new RedshiftError(
					'Specified unload destination on S3 is not empty. Consider using a different bucket / prefix, manually removing the target files in S3, or using the ALLOWOVERWRITE option.',
					'XX000',
					`Found s3://${bucket}/${key}`,
				);
			}
			await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
		}
	} catch (error) {
		throw asS3Error(error, bucket, prefix);
	}
}

export async function putManifest(
	command: UnloadCommand,
	s3: S3Client,
	body: string,
): Promise<string> {
	const key = `${command.prefix}manifest`;
	try {
		await s3.send(
			new PutObjectCommand({
				Bucket: command.bucket,
				Key: key,
				Body: body,
				ContentType: 'application/json',
			}),
		);
	} catch (error) {
		throw asS3Error(error, command.bucket, key);
	}
	return key;
}

/** S3 failures as Redshift reports them: S3ServiceException with the service's own message. */
export function asS3Error(error: unknown, bucket: string, key: string): Error {
	if (error instanceof RedshiftError) return error;
	const name = (error as { name?: string }).name ?? 'Error';
	const message = (error as { message?: string }).message ?? String(error);
	return new RedshiftError(
		`S3ServiceException:${message},Status ${name}`,
		'XX000',
		`UNLOAD could not write to s3://${bucket}/${key}: check that the bucket exists and the local S3 is running.`,
	);
}
