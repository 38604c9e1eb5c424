import { Client } from 'pg';

import { startKeptPostgres } from '../../redshift-local/storage/keptPostgres';
import type { PostgresConnection, RunningPostgres } from '../../test/support/embeddedPostgres';

/** The source database (the shop) and n8n's own database live in one cluster. */
export const SHOP_DATABASE = 'shop';
export const N8N_DATABASE = 'n8n';

/**
 * The source PostgreSQL 16 (embedded), wal_level=logical, in `directory` on a fixed port: a rerun with
 * the same folder finds the same data, replication slot and n8n database.
 */
export async function startSourcePostgres(
	directory: string,
	port: number,
	password: string,
): Promise<RunningPostgres> {
	return await startKeptPostgres({ directory, major: 16, port, password });
}

export async function ensureDatabase(connection: PostgresConnection, name: string): Promise<void> {
	const client = new Client(connection);
	await client.connect();
	try {
		const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
		if (!found.rowCount) await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
	} finally {
		await client.end();
	}
}
