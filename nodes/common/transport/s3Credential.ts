import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import type { AwsAuthorization } from '../../shared/redshift/sql/authorization';
import type { S3ConnectionOptions } from '../../shared/s3/client';
import { readAwsCredentialBlock, type AwsAccessKeys } from './awsCredentialBlock';
import { credentialText } from './credentialFields';

export interface S3StagingCredential {
	connection: S3ConnectionOptions;
	/** The keys COPY can use when no IAM role is given; undefined with the default credential chain. */
	keys?: AwsAccessKeys;
	/** A bucket the credential test checks; empty lists buckets instead. */
	testBucket: string;
}

/** The S3 staging credential as core S3 options. */
export function readS3StagingCredential(data: ICredentialDataDecryptedObject): S3StagingCredential {
	const { region, keys, endpoint } = readAwsCredentialBlock(data, {
		credential: 'The S3 staging credential',
		regionOf: 'the staging bucket',
	});
	return {
		connection: {
			region,
			...keys,
			...(endpoint ? { endpoint, forcePathStyle: data.forcePathStyle !== false } : {}),
		},
		keys,
		testBucket: credentialText(data, 'testBucket'),
	};
}

/** How COPY or UNLOAD reaches the bucket, as the node's parameters choose it. */
export type BucketAuthorizationChoice = 'credentialKeys' | { iamRoles: string[] };

/**
 * The authorization clause's input for COPY and UNLOAD: the IAM role(s) (one, chained, or
 * 'default'), or the staging credential's keys; undefined when keys were chosen but the credential
 * uses the default credential chain (the node says which parameter to change).
 */
export function bucketAuthorization(
	credential: S3StagingCredential,
	choice: BucketAuthorizationChoice,
): AwsAuthorization | undefined {
	return choice === 'credentialKeys' ? credential.keys : { iamRole: choice.iamRoles };
}
