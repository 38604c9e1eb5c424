import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';

/** An object's bytes (empty when S3 returns no body). */
export async function objectBytes(s3: S3Client, bucket: string, key: string): Promise<Buffer> {
	const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
	return Buffer.from((await object.Body?.transformToByteArray()) ?? new Uint8Array());
}
