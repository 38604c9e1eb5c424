import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import type { ReplicationConnectionOptions } from '../../shared/cdc/replication/types';
import { sslOptions, type SslMode } from '../../shared/net/sslMode';
import { readSslCredential } from '../../common/transport/sslCredential';

export type { SslMode };

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
	const { ssl, ca } = readSslCredential(data, 'disable');
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
		caCertificate: ca ?? '',
	};
}

/** Connection options for the replication core; SSL modes mean what they mean in libpq (see sslOptions). */
export function toConnectionOptions(
	credential: ReplicationCredential,
	applicationName: string,
): ReplicationConnectionOptions {
	const ca = credential.caCertificate.trim() ? credential.caCertificate : undefined;
	return {
		host: credential.host,
		port: credential.port,
		database: credential.database,
		user: credential.user,
		password: credential.password,
		ssl: sslOptions(credential.ssl, ca),
		applicationName,
	};
}
