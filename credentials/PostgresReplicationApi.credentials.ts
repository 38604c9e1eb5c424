import type { ICredentialType, INodeProperties } from 'n8n-workflow';

import { sslProperties } from './common/sslProperties';

/**
 * A PostgreSQL login that may stream logical replication (`replication=database`).
 * Tested by the Postgres CDC Trigger node (`testedBy`), which checks the server settings and privileges.
 */
export class PostgresReplicationApi implements ICredentialType {
	name = 'postgresReplicationApi';

	displayName = 'Postgres Replication';

	icon = { light: 'file:../icons/postgres.svg', dark: 'file:../icons/postgres.dark.svg' } as const;

	documentationUrl =
		'https://github.com/n8n-nodes-redshift-cdc/n8n-nodes-redshift-cdc#postgres-replication';

	properties: INodeProperties[] = [
		{
			displayName: 'Host',
			name: 'host',
			type: 'string',
			default: 'localhost',
			required: true,
		},
		{
			displayName: 'Port',
			name: 'port',
			type: 'number',
			default: 5432,
		},
		{
			displayName: 'Database',
			name: 'database',
			type: 'string',
			default: 'postgres',
			required: true,
			description:
				'The database whose changes are captured (a replication slot belongs to one database)',
		},
		{
			displayName: 'User',
			name: 'user',
			type: 'string',
			default: 'postgres',
			required: true,
			description: 'A role with the REPLICATION attribute (or a superuser)',
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
		},
		...sslProperties({
			default: 'disable',
			caDescription:
				'PEM certificate of the authority that signed the server certificate; empty uses the system trust store',
		}),
	];
}
