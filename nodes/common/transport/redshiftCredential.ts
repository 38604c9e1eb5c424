import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import type { ConnectionOptions } from '../../shared/redshift/connection/createConnection';
import type { SslMode, WireIamLogin } from '../../shared/redshift/connection/types';

const SSL_MODES: readonly SslMode[] = ['disable', 'require', 'verify-full'];

function text(data: ICredentialDataDecryptedObject, name: string): string {
	const value = data[name];
	return value === undefined || value === null ? '' : String(value).trim();
}

const IAM_LOGIN_TYPES = ['cluster', 'clusterIam', 'serverless'] as const;

/** The direct connection's IAM login: which API issues the temporary credentials, and the AWS side. */
function iamLogin(data: ICredentialDataDecryptedObject): WireIamLogin {
	const kind = (text(data, 'iamLoginType') || 'cluster') as (typeof IAM_LOGIN_TYPES)[number];
	if (!IAM_LOGIN_TYPES.includes(kind))
		throw new Error(`IAM login "${kind}" is not supported: use cluster, clusterIam or serverless.`);
	const region = text(data, 'iamRegion');
	if (!region)
		throw new Error(
			'The Redshift credential has no AWS region for the IAM login: enter the region of the cluster or workgroup (e.g. us-east-1).',
		);
	const keys = (text(data, 'iamAwsCredentials') || 'accessKeys') === 'accessKeys';
	const accessKeyId = text(data, 'iamAccessKeyId');
	const secretAccessKey = String(data.iamSecretAccessKey ?? '').trim();
	if (keys && (!accessKeyId || !secretAccessKey)) {
		throw new Error(
			'The Redshift credential needs both the AWS access key ID and the secret access key for the IAM login, or choose the default credential chain.',
		);
	}
	const sessionToken = String(data.iamSessionToken ?? '').trim();
	const endpoint = text(data, 'iamEndpoint');
	const aws = {
		region,
		...(keys ? { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) } : {}),
		...(endpoint ? { endpoint } : {}),
	};
	const rawDuration = data.iamDurationSeconds;
	const durationSeconds =
		rawDuration === undefined || rawDuration === null || rawDuration === ''
			? undefined
			: Number(rawDuration);
	const duration = durationSeconds !== undefined ? { durationSeconds } : {};
	if (kind === 'serverless') {
		const workgroupName = text(data, 'iamWorkgroupName');
		if (!workgroupName)
			throw new Error(
				'The Redshift credential has no Serverless workgroup name for the IAM login: enter it, or choose a provisioned cluster.',
			);
		return { kind, workgroupName, ...duration, aws };
	}
	const clusterIdentifier = text(data, 'iamClusterIdentifier');
	if (!clusterIdentifier)
		throw new Error(
			'The Redshift credential has no cluster identifier for the IAM login: enter it, or choose Serverless Workgroup.',
		);
	if (kind === 'clusterIam') return { kind, clusterIdentifier, ...duration, aws };
	const dbUser = text(data, 'iamDbUser');
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
		const ssl = (text(data, 'ssl') || 'require') as SslMode;
		if (!SSL_MODES.includes(ssl))
			throw new Error(`SSL mode "${ssl}" is not supported: use disable, require or verify-full.`);
		const ca = String(data.caCertificate ?? '');
		const iam = (text(data, 'authentication') || 'password') === 'iam';
		return {
			transport: 'wire',
			host,
			port,
			database,
			// With an IAM login the temporary credentials replace the user and password.
			user: iam ? '' : text(data, 'user'),
			password: iam ? '' : String(data.password ?? ''),
			ssl,
			...(ssl === 'verify-full' && ca.trim() ? { ca } : {}),
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
	const region = text(data, 'region');
	if (!region)
		throw new Error(
			'The Redshift credential has no region: enter the AWS region of the cluster (e.g. us-east-1).',
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
	const keys = (text(data, 'awsCredentials') || 'accessKeys') === 'accessKeys';
	const accessKeyId = text(data, 'accessKeyId');
	const secretAccessKey = String(data.secretAccessKey ?? '').trim();
	if (keys && (!accessKeyId || !secretAccessKey)) {
		throw new Error(
			'The Redshift credential needs both the AWS access key ID and the secret access key, or choose the default credential chain.',
		);
	}
	const sessionToken = String(data.sessionToken ?? '').trim();
	const endpoint = text(data, 'endpoint');
	return {
		transport: 'dataApi',
		database,
		region,
		...(clusterIdentifier ? { clusterIdentifier } : {}),
		...(workgroupName ? { workgroupName } : {}),
		...(secretArn ? { secretArn } : {}),
		...(dbUser ? { dbUser } : {}),
		...(keys ? { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) } : {}),
		...(endpoint ? { endpoint } : {}),
	};
}

/** The secret values of a credential, to scrub from any text shown to the user. */
export function credentialSecrets(data: ICredentialDataDecryptedObject | undefined): string[] {
	if (!data) return [];
	return [
		'password',
		'secretAccessKey',
		'sessionToken',
		'accessKeyId',
		'caCertificate',
		'iamSecretAccessKey',
		'iamSessionToken',
		'iamAccessKeyId',
	]
		.map((name) => String(data[name] ?? '').trim())
		.filter((value) => value.length >= 4);
}
