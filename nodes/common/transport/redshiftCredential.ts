import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import type { ConnectionOptions } from '../../shared/redshift/connection/createConnection';
import type { WireIamLogin } from '../../shared/redshift/connection/types';
import { readAwsCredentialBlock } from './awsCredentialBlock';
import { credentialText as text } from './credentialFields';
import { readSslCredential } from './sslCredential';

const CREDENTIAL = 'The Redshift credential';

const IAM_LOGIN_TYPES = ['cluster', 'clusterIam', 'serverless'] as const;

/** The direct connection's IAM login: which API issues the temporary credentials, and the AWS side. */
function iamLogin(data: ICredentialDataDecryptedObject): WireIamLogin {
	const kind = (text(data, 'iamLoginType') || 'cluster') as (typeof IAM_LOGIN_TYPES)[number];
	if (!IAM_LOGIN_TYPES.includes(kind))
		throw new Error(`IAM login "${kind}" is not supported: use cluster, clusterIam or serverless.`);
	const { region, keys, endpoint } = readAwsCredentialBlock(data, {
		credential: CREDENTIAL,
		purpose: 'the IAM login',
		regionOf: 'the cluster or workgroup',
	});
	const aws = { region, ...keys, ...(endpoint ? { endpoint } : {}) };
	const rawDuration = data.iamDurationSeconds;
	const durationSeconds =
		rawDuration === undefined || rawDuration === null || rawDuration === ''
			? undefined
			: Number(rawDuration);
	const duration = durationSeconds !== undefined ? { durationSeconds } : {};
	if (kind === 'serverless') {
		const workgroupName = text(data, 'workgroupName');
		if (!workgroupName)
			throw new Error(
				'The Redshift credential has no Serverless workgroup name for the IAM login: enter it, or choose a provisioned cluster.',
			);
		return { kind, workgroupName, ...duration, aws };
	}
	const clusterIdentifier = text(data, 'clusterIdentifier');
	if (!clusterIdentifier)
		throw new Error(
			'The Redshift credential has no cluster identifier for the IAM login: enter it, or choose Serverless Workgroup.',
		);
	if (kind === 'clusterIam') return { kind, clusterIdentifier, ...duration, aws };
	const dbUser = text(data, 'dbUser');
	if (!dbUser)
		throw new Error(
			'The Redshift credential has no database user for the IAM login: enter the user to issue credentials for.',
		);
	const dbGroups = text(data, 'iamDbGroups')
		.split(',')
		.map((group) => group.trim())
		.filter((group) => group !== '');
	return {
		kind,
		clusterIdentifier,
		dbUser,
		autoCreate: data.iamAutoCreate === true,
		...(dbGroups.length > 0 ? { dbGroups } : {}),
		...duration,
		aws,
	};
}

/**
 * The Redshift credential as core connection options. Problems are reported with the field to
 * fix; no value of a secret field is ever part of a message.
 */
export function redshiftConnectionOptions(
	data: ICredentialDataDecryptedObject,
	applicationName = 'n8n-redshift-sink',
): ConnectionOptions {
	const database = text(data, 'database');
	if (!database)
		throw new Error('The Redshift credential has no database: enter the database name (e.g. dev).');
	if ((data.connectionType ?? 'direct') === 'direct') {
		const host = text(data, 'host');
		if (!host)
			throw new Error(
				'The Redshift credential has no host: enter the cluster or workgroup endpoint.',
			);
		const port = Number(data.port ?? 5439);
		if (!Number.isInteger(port) || port < 1 || port > 65535) {
			throw new Error(
				`The Redshift credential's port ${String(data.port)} is not a TCP port (1-65535).`,
			);
		}
		const tls = readSslCredential(data, 'require');
		const iam = (text(data, 'authentication') || 'password') === 'iam';
		return {
			transport: 'wire',
			host,
			port,
			database,
			// With an IAM login the temporary credentials replace the user and password.
			user: iam ? '' : text(data, 'user'),
			password: iam ? '' : String(data.password ?? ''),
			...tls,
			...(iam ? { iam: iamLogin(data) } : {}),
			applicationName,
		};
	}
	const serverless = data.deployment === 'serverless';
	const clusterIdentifier = serverless ? undefined : text(data, 'clusterIdentifier');
	const workgroupName = serverless ? text(data, 'workgroupName') : undefined;
	if (!serverless && !clusterIdentifier)
		throw new Error(
			'The Redshift credential has no cluster identifier: enter it, or choose Serverless Workgroup.',
		);
	if (serverless && !workgroupName)
		throw new Error(
			'The Redshift credential has no workgroup name: enter it, or choose Provisioned Cluster.',
		);
	const auth = text(data, 'databaseAuthentication') || 'secretArn';
	const secretArn = auth === 'secretArn' ? text(data, 'secretArn') : undefined;
	const dbUser = auth === 'databaseUser' ? text(data, 'dbUser') : undefined;
	if (auth === 'secretArn' && !secretArn)
		throw new Error(
			'The Redshift credential has no secret ARN: enter the Secrets Manager secret, or choose another database authentication.',
		);
	if (auth === 'databaseUser' && !dbUser)
		throw new Error(
			'The Redshift credential has no database user: enter it, or choose another database authentication.',
		);
	if (auth === 'databaseUser' && serverless)
		throw new Error(
			'Temporary credentials for a database user work with provisioned clusters only; for a Serverless workgroup choose IAM Identity or a secret.',
		);
	const aws = readAwsCredentialBlock(data, {
		credential: CREDENTIAL,
		regionOf: 'the cluster or workgroup',
	});
	return {
		transport: 'dataApi',
		database,
		region: aws.region,
		...(clusterIdentifier ? { clusterIdentifier } : {}),
		...(workgroupName ? { workgroupName } : {}),
		...(secretArn ? { secretArn } : {}),
		...(dbUser ? { dbUser } : {}),
		...aws.keys,
		...(aws.endpoint ? { endpoint: aws.endpoint } : {}),
	};
}

/** The secret values of a credential, to scrub from any text shown to the user. */
export function credentialSecrets(data: ICredentialDataDecryptedObject | undefined): string[] {
	if (!data) return [];
	return ['password', 'secretAccessKey', 'sessionToken', 'accessKeyId', 'caCertificate']
		.map((name) => String(data[name] ?? '').trim())
		.filter((value) => value.length >= 4);
}
