import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import {
	loadEmbeddedPostgres,
	type PostgresConnection,
	type RunningPostgres,
} from '../../support/embeddedPostgres';
import { freePort } from '../../support/freePort';

/**
 * A PostgreSQL 16 that is NOT ready for logical replication (`wal_level=replica`, PostgreSQL's default):
 * what the credential test must recognise and explain. The shared starter always sets `logical`.
 */
export async function startReplicaOnlyPostgres(): Promise<RunningPostgres> {
	// From a copy the postgres user can run when the checkout is out of its reach (as the tests do).
	const EmbeddedPostgres = loadEmbeddedPostgres(16);
	const dir = mkdtempSync(join(tmpdir(), 'n8n-e2e-pg-replica-'));
	chmodSync(dir, 0o755); // as root, the server runs as the postgres user, which must reach the data dir
	const port = await freePort();
	const password = randomBytes(12).toString('hex');
	const server = new EmbeddedPostgres({
		databaseDir: join(dir, 'data'),
		port,
		user: 'postgres',
		password,
		persistent: false,
		createPostgresUser: process.getuid?.() === 0,
		initdbFlags: ['--encoding=UTF8', '--locale=C'],
		postgresFlags: [
			'-c',
			'wal_level=replica',
			'-c',
			'listen_addresses=127.0.0.1',
			'-c',
			'unix_socket_directories=',
			'-c',
			'fsync=off',
		],
		onLog: () => undefined,
		onError: () => undefined,
	});
	try {
		await server.initialise();
		await server.start();
	} catch (error) {
		rmSync(dir, { recursive: true, force: true });
		throw new Error(`the wal_level=replica PostgreSQL did not start: ${(error as Error).message}`);
	}
	const connection: PostgresConnection = {
		host: '127.0.0.1',
		port,
		user: 'postgres',
		password,
		database: 'postgres',
		major: 16,
	};
	return {
		connection,
		async stop() {
			await server.stop();
			rmSync(dir, { recursive: true, force: true });
		},
	};
}
