import type { IExecuteFunctions, ILoadOptionsFunctions } from 'n8n-workflow';

import { createConnection } from '../../shared/redshift/connection/createConnection';
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
	return { connection: createConnection(options), transport: options.transport, secrets: credentialSecrets(data), target };
}
