import type { ICredentialsDisplayOptions, INodeCredentialDescription } from 'n8n-workflow';

/**
 * The credentials of a Redshift node: the Redshift API always, the S3 staging credential where the
 * node's parameters need a bucket (`stagingShown`). Both are tested by redshiftMethods' tests.
 */
export function redshiftNodeCredentials(
	stagingShown: ICredentialsDisplayOptions,
): INodeCredentialDescription[] {
	return [
		{ name: 'redshiftApi', required: true, testedBy: 'redshiftConnectionTest' },
		{
			name: 'redshiftS3StagingApi',
			required: true,
			testedBy: 'redshiftS3StagingTest',
			displayOptions: stagingShown,
		},
	];
}
