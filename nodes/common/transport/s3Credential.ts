import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import type { S3ConnectionOptions } from '../../shared/s3/client';

export interface S3StagingCredential {
	connection: S3ConnectionOptions;
	/** The keys COPY can use when no IAM role is given; undefined with the default credential chain. */
	keys?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
	/** A bucket the credential test checks; empty lists buckets instead. */
	testBucket: string;
}

/** The S3 staging credential as core S3 options. */
export function readS3StagingCredential(data: ICredentialDataDecryptedObject): S3StagingCredential {
	const region = String(data.region ?? '').trim();
	if (!region)
		throw new Error(
			'The S3 staging credential has no region: enter the region of the staging bucket (e.g. us-east-1).',
		);
	const useKeys = (data.authentication ?? 'accessKeys') === 'accessKeys';
	const accessKeyId = String(data.accessKeyId ?? '').trim();
	const secretAccessKey = String(data.secretAccessKey ?? '').trim();
	const sessionToken = String(data.sessionToken ?? '').trim();
	if (useKeys && (!accessKeyId || !secretAccessKey)) {
		throw new Error(
			'The S3 staging credential needs both the access key ID and the secret access key, or choose the default credential chain.',
		);
	}
	const endpoint = String(data.endpoint ?? '').trim();
	const keys = useKeys
		? { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) }
		: undefined;
	return {
		connection: {
			region,
			...(keys ?? {}),
			...(endpoint ? { endpoint, forcePathStyle: data.forcePathStyle !== false } : {}),
		},
		keys,
		testBucket: String(data.testBucket ?? '').trim(),
	};
}
