import {
	GetClusterCredentialsCommand,
	GetClusterCredentialsWithIAMCommand,
	RedshiftClient,
} from '@aws-sdk/client-redshift';
import {
	GetCredentialsCommand,
	RedshiftServerlessClient,
} from '@aws-sdk/client-redshift-serverless';

import type { AwsCredentialsOptions, IamLoginTarget } from '../types';
import {
	clusterCredentialsInput,
	clusterIamCredentialsInput,
	serverlessCredentialsInput,
} from './requests';
import type { IssueCredentials, TemporaryDbCredentials } from './temporaryCredentials';

function clientConfig(aws: AwsCredentialsOptions) {
	const keys =
		aws.accessKeyId && aws.secretAccessKey
			? {
					credentials: {
						accessKeyId: aws.accessKeyId,
						secretAccessKey: aws.secretAccessKey,
						...(aws.sessionToken ? { sessionToken: aws.sessionToken } : {}),
					},
				}
			: {}; // no keys: the SDK's default credential chain
	return { region: aws.region, ...keys, ...(aws.endpoint ? { endpoint: aws.endpoint } : {}) };
}

function issued(
	user: string | undefined,
	password: string | undefined,
	expiration: Date | undefined,
	nextRefresh: Date | undefined,
	operation: string,
): TemporaryDbCredentials {
	if (!user || !password || !expiration) {
		throw new Error(
			`IAM login: ${operation} answered without a user, password or expiration; the endpoint may not be Redshift's.`,
		);
	}
	return {
		user,
		password,
		expiresAt: expiration.getTime(),
		...(nextRefresh ? { nextRefreshAt: nextRefresh.getTime() } : {}),
	};
}

export interface AwsCredentialIssuer {
	issue: IssueCredentials;
	/** Releases the SDK client's sockets. */
	destroy(): void;
}

/**
 * Temporary database credentials from the Redshift control plane: GetClusterCredentials(WithIAM)
 * for a provisioned cluster, GetCredentials for a Serverless workgroup. Requests are checked when
 * this is built, so a bad setting fails before any network call.
 */
export function awsCredentialIssuer(
	target: IamLoginTarget,
	aws: AwsCredentialsOptions,
	database: string,
): AwsCredentialIssuer {
	if (target.kind === 'serverless') {
		const input = serverlessCredentialsInput(target, database);
		const client = new RedshiftServerlessClient(clientConfig(aws));
		return {
			async issue(signal) {
				const out = await client.send(new GetCredentialsCommand(input), { abortSignal: signal });
				return issued(
					out.dbUser,
					out.dbPassword,
					out.expiration,
					out.nextRefreshTime,
					'GetCredentials',
				);
			},
			destroy: () => client.destroy(),
		};
	}
	const client = new RedshiftClient(clientConfig(aws));
	if (target.kind === 'clusterIam') {
		const input = clusterIamCredentialsInput(target, database);
		return {
			async issue(signal) {
				const out = await client.send(new GetClusterCredentialsWithIAMCommand(input), {
					abortSignal: signal,
				});
				return issued(
					out.DbUser,
					out.DbPassword,
					out.Expiration,
					out.NextRefreshTime,
					'GetClusterCredentialsWithIAM',
				);
			},
			destroy: () => client.destroy(),
		};
	}
	const input = clusterCredentialsInput(target, database);
	return {
		async issue(signal) {
			const out = await client.send(new GetClusterCredentialsCommand(input), {
				abortSignal: signal,
			});
			return issued(out.DbUser, out.DbPassword, out.Expiration, undefined, 'GetClusterCredentials');
		},
		destroy: () => client.destroy(),
	};
}
