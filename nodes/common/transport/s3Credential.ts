import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

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
