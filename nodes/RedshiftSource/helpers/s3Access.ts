import type { S3Client } from '@aws-sdk/client-s3';
import type { IExecuteFunctions } from 'n8n-workflow';

import { credentialSecrets } from '../../common/transport/redshiftCredential';
import { readS3StagingCredential } from '../../common/transport/s3Credential';
import type { AwsAuthorization } from '../../shared/redshift/sql/authorization';
import { createS3Client } from '../../shared/s3/client';
import { SourceError } from './errors';
import type { UnloadSettings } from './interfaces';

export interface OpenedS3 {
	s3: S3Client;
	/** UNLOAD's authorization: the IAM role(s), or the credential's keys (which end up in the SQL). */
	authorization?: AwsAuthorization;
	secrets: string[];
}

/** The S3 client from the S3 staging credential, and how UNLOAD reaches the bucket. */
export async function openS3(
	context: Pick<IExecuteFunctions, 'getCredentials'>,
	unload?: UnloadSettings,
): Promise<OpenedS3> {
	const data = await context.getCredentials('redshiftS3StagingApi');
	const secrets = credentialSecrets(data);
	let credential;
	try {
		credential = readS3StagingCredential(data);
	} catch (error) {
		// eslint-disable-next-line @n8n/community-nodes/require-node-api-error -- the router turns it into a NodeOperationError
		throw new SourceError((error as Error).message, 'Fix the Redshift S3 Staging API credential.');
	}
	let authorization: AwsAuthorization | undefined;
	if (unload) {
		if (unload.authorization === 'credentialKeys') {
			if (!credential.keys)
				throw new SourceError(
					"Unload is set to use the S3 staging credential's keys, but that credential uses the default credential chain.",
					'Enter access keys in the S3 staging credential, or set *Unload Authorization* to IAM Role.',
				);
			authorization = credential.keys;
		} else {
			const roles = unload.authorization.iamRoles;
			authorization = {
				iamRole: roles.length === 1 && roles[0].toLowerCase() === 'default' ? 'default' : roles,
			};
		}
	}
	return { s3: createS3Client(credential.connection), authorization, secrets };
}
