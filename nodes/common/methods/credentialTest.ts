import { HeadBucketCommand, ListBucketsCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import type {
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	INodeCredentialTestResult,
} from 'n8n-workflow';

import type { ConnectionOptions } from '../../shared/redshift/connection/createConnection';
import { createS3Client } from '../../shared/s3/client';
import { describeConnectionError } from '../helpers/connectionErrors';
import { redactSecrets } from '../helpers/redact';
import { connectRedshift } from '../transport/openConnection';
import { credentialSecrets, redshiftConnectionOptions } from '../transport/redshiftCredential';
import { readS3StagingCredential, type S3StagingCredential } from '../transport/s3Credential';
import { checkCredential } from './checkCredential';

/** Runs `SELECT 1` the way the node will connect (wire, or Data API ExecuteStatement + polling). */
export async function redshiftConnectionTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	return await checkCredential(
		credential,
		(data) => redshiftConnectionOptions(data, 'n8n-redshift-credential-test'),
		async (options, data) => await selectOne(options, credentialSecrets(data)),
	);
}

async function selectOne(
	options: ConnectionOptions,
	secrets: string[],
): Promise<INodeCredentialTestResult> {
	const target =
		options.transport === 'wire'
			? `${options.host}:${options.port}/${options.database}`
			: `the Data API (${options.clusterIdentifier ? `cluster ${options.clusterIdentifier}` : `workgroup ${options.workgroupName}`}, database ${options.database}, ${options.region})`;
	let connection;
	try {
		connection = connectRedshift(options);
		await connection.query({ text: 'SELECT 1 AS ok' });
		return { status: 'OK', message: 'Connection successful.' };
	} catch (error) {
		return {
			status: 'Error',
			message: redactSecrets(describeConnectionError(error, target, 'redshift'), secrets),
		};
	} finally {
		await connection?.close().catch(() => undefined);
	}
}

/** Checks the S3 staging credential: HeadBucket and a one-key listing of the bucket to test, else ListBuckets. */
export async function redshiftS3StagingTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	return await checkCredential(
		credential,
		readS3StagingCredential,
		async (settings, data) => await listBucket(settings, credentialSecrets(data)),
	);
}

async function listBucket(
	settings: S3StagingCredential,
	secrets: string[],
): Promise<INodeCredentialTestResult> {
	const endpoint = settings.connection.endpoint ?? `Amazon S3 (${settings.connection.region})`;
	let client;
	try {
		client = createS3Client({ ...settings.connection, maxAttempts: 1 });
		if (settings.testBucket) {
			await client.send(new HeadBucketCommand({ Bucket: settings.testBucket }));
			await client.send(new ListObjectsV2Command({ Bucket: settings.testBucket, MaxKeys: 1 }));
			return {
				status: 'OK',
				message: `Connection successful: bucket ${settings.testBucket} can be listed.`,
			};
		}
		await client.send(new ListBucketsCommand({}));
		return { status: 'OK', message: 'Connection successful: the buckets can be listed.' };
	} catch (error) {
		const target = settings.testBucket ? `bucket ${settings.testBucket} at ${endpoint}` : endpoint;
		const failure = error as { name?: string; $metadata?: { httpStatusCode?: number } };
		// HeadBucket answers without a body, so the SDK only knows the HTTP status.
		const status = failure.$metadata?.httpStatusCode;
		const described =
			failure.name === 'NotFound' || status === 404
				? `The bucket ${settings.testBucket} does not exist at ${endpoint}: check the bucket name and region.`
				: status === 403 && (failure.name === 'Forbidden' || failure.name === '403')
					? `S3 refused access to ${target}: check the access keys and that they may list the bucket (s3:ListBucket).`
					: describeConnectionError(error, target, 'redshift');
		return { status: 'Error', message: redactSecrets(described, secrets) };
	} finally {
		client?.destroy();
	}
}
