import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { connectSql } from '../../shared/cdc/replication/replicationConnection';
import { formatQualifiedTable } from '../options/qualifiedName';
import { readReplicationCredential, toConnectionOptions } from '../transport/connectionOptions';

const USER_SCHEMAS = `n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'`;

async function query<Row extends Record<string, unknown>>(
	context: ILoadOptionsFunctions,
	text: string,
): Promise<Row[]> {
	const credential = readReplicationCredential(
		await context.getCredentials('postgresReplicationApi'),
	);
	const client = await connectSql(toConnectionOptions(credential, 'n8n-postgres-cdc-editor'));
	try {
		return (await client.query<Row>(text)).rows;
	} catch (error) {
		throw new NodeOperationError(
			context.getNode(),
			`Listing from the database failed: ${(error as Error).message}`,
		);
	} finally {
		await client.end();
	}
}

/** The tables a publication can hold (ordinary and partitioned), as `schema.table`. */
export async function getTables(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const rows = await query<{ schema: string; table: string }>(
		this,
		`SELECT n.nspname AS schema, c.relname AS table FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		 WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition AND ${USER_SCHEMAS} ORDER BY 1, 2`,
	);
	return rows.map((row) => {
		const value = formatQualifiedTable(row);
		return { name: value, value };
	});
}

export async function getSchemas(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const rows = await query<{ schema: string }>(
		this,
		`SELECT n.nspname AS schema FROM pg_namespace n WHERE ${USER_SCHEMAS} ORDER BY 1`,
	);
	return rows.map((row) => ({ name: row.schema, value: row.schema }));
}
