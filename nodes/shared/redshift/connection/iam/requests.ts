import type {
	GetClusterCredentialsCommandInput,
	GetClusterCredentialsWithIAMCommandInput,
} from '@aws-sdk/client-redshift';
import type { GetCredentialsCommandInput } from '@aws-sdk/client-redshift-serverless';

import type { IamLoginTarget } from '../types';
import { MAX_DURATION_SECONDS, MIN_DURATION_SECONDS } from './temporaryCredentials';

/** Redshift refuses durations outside 900–3600 s; saying so here names the setting to change. */
export function checkedDuration(seconds: number | undefined): number | undefined {
	if (seconds === undefined) return undefined;
	if (
		!Number.isInteger(seconds) ||
		seconds < MIN_DURATION_SECONDS ||
		seconds > MAX_DURATION_SECONDS
	) {
		throw new Error(
			`IAM login: the credentials' duration ${String(seconds)} s is outside what Redshift accepts: use a whole number of seconds from ${MIN_DURATION_SECONDS} to ${MAX_DURATION_SECONDS}.`,
		);
	}
	return seconds;
}

function required(value: string | undefined, what: string): string {
	const trimmed = value?.trim() ?? '';
	if (!trimmed) throw new Error(`IAM login needs ${what}: enter it in the connection settings.`);
	return trimmed;
}

/** The GetClusterCredentials request for a database user on a provisioned cluster. */
export function clusterCredentialsInput(
	target: Extract<IamLoginTarget, { kind: 'cluster' }>,
	database: string,
): GetClusterCredentialsCommandInput {
	const groups = (target.dbGroups ?? [])
		.map((group) => group.trim())
		.filter((group) => group !== '');
	const duration = checkedDuration(target.durationSeconds);
	return {
		ClusterIdentifier: required(target.clusterIdentifier, 'the cluster identifier'),
		DbUser: required(target.dbUser, 'the database user'),
		DbName: database,
		...(target.autoCreate !== undefined ? { AutoCreate: target.autoCreate } : {}),
		...(groups.length > 0 ? { DbGroups: groups } : {}),
		...(duration !== undefined ? { DurationSeconds: duration } : {}),
	};
}

/** The GetClusterCredentialsWithIAM request: the user comes from the caller's AWS identity. */
export function clusterIamCredentialsInput(
	target: Extract<IamLoginTarget, { kind: 'clusterIam' }>,
	database: string,
): GetClusterCredentialsWithIAMCommandInput {
	const duration = checkedDuration(target.durationSeconds);
	return {
		ClusterIdentifier: required(target.clusterIdentifier, 'the cluster identifier'),
		DbName: database,
		...(duration !== undefined ? { DurationSeconds: duration } : {}),
	};
}

/** The Serverless GetCredentials request for a workgroup. */
export function serverlessCredentialsInput(
	target: Extract<IamLoginTarget, { kind: 'serverless' }>,
	database: string,
): GetCredentialsCommandInput {
	const duration = checkedDuration(target.durationSeconds);
	return {
		workgroupName: required(target.workgroupName, 'the Serverless workgroup name'),
		dbName: database,
		...(duration !== undefined ? { durationSeconds: duration } : {}),
	};
}
