import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import type { ReplicationConnectionOptions } from '../../shared/cdc/replication/types';

export type SslMode = 'disable' | 'require' | 'verify-full';

/** The credential's fields as typed values. */
export interface ReplicationCredential {
	host: string;
	port: number;
	database: string;
	user: string;
	password: string;
	ssl: SslMode;
	caCertificate: string;
}

export function readReplicationCredential(
	data: ICredentialDataDecryptedObject,
): ReplicationCredential {
	const ssl = String(data.ssl ?? 'disable');
	if (ssl !== 'disable' && ssl !== 'require' && ssl !== 'verify-full') {
		throw new Error(`SSL mode "${ssl}" is not supported: use disable, require or verify-full.`);
	}
	const host = String(data.host ?? '').trim();
	if (host === '')
		throw new Error('The credential has no host: enter the Postgres server name or address.');
	const port = Number(data.port ?? 5432);
	if (!Number.isInteger(port) || port < 1 || port > 65535) {
		throw new Error(`The credential's port ${String(data.port)} is not a TCP port (1-65535).`);
	}
	return {
		host,
		port,
		database: String(data.database ?? 'postgres'),
		user: String(data.user ?? ''),
		password: String(data.password ?? ''),
		ssl,
		caCertificate: String(data.caCertificate ?? ''),
	};
}

/**
 * Connection options for the replication core. `require` encrypts without checking the certificate
 * (libpq's meaning); `verify-full` checks the chain (against the given CA, or the system store) and the host.
 */
export function toConnectionOptions(
	credential: ReplicationCredential,
	applicationName: string,
): ReplicationConnectionOptions {
	const ssl: ReplicationConnectionOptions['ssl'] =
		credential.ssl === 'disable'
			? false
			: credential.ssl === 'require'
				? { rejectUnauthorized: false }
				: {
						rejectUnauthorized: true,
						...(credential.caCertificate.trim() ? { ca: credential.caCertificate } : {}),
					};
	return {
		host: credential.host,
		port: credential.port,
		database: credential.database,
		user: credential.user,
		password: credential.password,
		ssl,
		applicationName,
	};
}
