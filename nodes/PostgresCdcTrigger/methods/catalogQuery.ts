import type { ILoadOptionsFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { connectSql } from '../../shared/cdc/replication/replicationConnection';
import { readReplicationCredential, toConnectionOptions } from '../transport/connectionOptions';

/** Schemas a user's tables live in (not the system catalogs, TOAST or temporary schemas). */
export const USER_SCHEMAS = `n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'`;

/** Runs one catalog query for the editor's pickers on a short-lived connection. */
export async function catalogQuery<Row extends Record<string, unknown>>(
	context: ILoadOptionsFunctions,
	text: string,
	values: unknown[] = [],
): Promise<Row[]> {
	const credential = readReplicationCredential(
		await context.getCredentials('postgresReplicationApi'),
	);
	const client = await connectSql(toConnectionOptions(credential, 'n8n-postgres-cdc-editor'));
	try {
		return (await client.query<Row>(text, values)).rows;
	} catch (error) {
		throw new NodeOperationError(
			context.getNode(),
			`Listing from the database failed: ${(error as Error).message}`,
			{ description: 'Check that the Postgres Replication credential can read the catalog.' },
		);
	} finally {
		await client.end();
	}
}
