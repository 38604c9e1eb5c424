import type { IExecuteFunctions, ILoadOptionsFunctions } from 'n8n-workflow';

import {
	createConnection,
	type ConnectionOptions,
} from '../../shared/redshift/connection/createConnection';
import type { RedshiftConnection } from '../../shared/redshift/connection/types';
import { credentialSecrets, redshiftConnectionOptions } from './redshiftCredential';

export interface OpenedConnection {
	connection: RedshiftConnection;
	transport: 'wire' | 'dataApi';
	/** Secret values of the credential, to scrub from messages. */
	secrets: string[];
	/** Where the connection goes, for messages (no secrets). */
	target: string;
}

/** A connection from the node's Redshift credential; the caller closes it. */
export async function openRedshift(
	context: IExecuteFunctions | ILoadOptionsFunctions,
	applicationName: string,
): Promise<OpenedConnection> {
	const data = await context.getCredentials('redshiftApi');
	const options = redshiftConnectionOptions(data, applicationName);
	const target =
		options.transport === 'wire'
			? `${options.host}:${options.port}/${options.database}`
			: `the Data API (${options.clusterIdentifier ?? options.workgroupName}/${options.database})`;
	return {
		connection: connectRedshift(options),
		transport: options.transport,
		secrets: credentialSecrets(data),
		target,
	};
}

interface ClientEvents {
	on(event: 'error', listener: (error: Error) => void): unknown;
}

/**
 * The core's connection, with one guard: the wire pool gives a checked-out client no 'error'
 * listener, so a connection lost in the middle of a statement would emit an unhandled 'error'
 * and crash the n8n process. The statement itself still fails and is reported.
 */
export function connectRedshift(options: ConnectionOptions): RedshiftConnection {
	const connection = createConnection(options);
	const pool = (
		connection as unknown as {
			pool?: { on(event: 'connect', listener: (client: ClientEvents) => void): unknown };
		}
	).pool;
	pool?.on('connect', (client) => client.on('error', () => undefined));
	return connection;
}
