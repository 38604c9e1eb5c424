import type { ICredentialType, INodeProperties } from 'n8n-workflow';

import { awsProperties } from './common/awsProperties';

/**
 * Where the Redshift nodes stage files: Amazon S3 or an S3-compatible store. The node writes and
 * removes the files with these credentials; COPY can read them with an IAM role or with these keys.
 * Tested by the nodes (`testedBy`).
 */
export class RedshiftS3StagingApi implements ICredentialType {
	name = 'redshiftS3StagingApi';

	displayName = 'Redshift S3 Staging API';

	icon = { light: 'file:../icons/s3.svg', dark: 'file:../icons/s3.dark.svg' } as const;

	documentationUrl =
		'https://github.com/n8n-nodes-redshift-cdc/n8n-nodes-redshift-cdc#redshift-s3-staging-api';

	properties: INodeProperties[] = [
		...awsProperties({
			regionDescription:
				'Region of the staging bucket; S3-compatible stores accept any region name',
			defaultChainDescription:
				'Environment variables, shared profile, container or instance role of the n8n host (self-hosted only); COPY then needs an IAM role',
			endpointPlaceholder: 'https://minio.example.com:9000',
			endpointDescription:
				'An S3-compatible store (MinIO, Ceph, R2) or a VPC endpoint; empty uses Amazon S3',
		}),
		{
			displayName: 'Force Path Style',
			name: 'forcePathStyle',
			type: 'boolean',
			default: true,
			description:
				'Whether to put the bucket in the URL path instead of the host name (most S3-compatible stores need it)',
			displayOptions: { hide: { endpoint: [''] } },
		},
		{
			displayName: 'Bucket to Test',
			name: 'testBucket',
			type: 'string',
			default: '',
			description:
				'The credential test checks that this bucket can be reached and listed; empty lists all buckets instead (needs s3:ListAllMyBuckets)',
		},
	];
}
