import { existsSync } from 'node:fs';
import { join } from 'node:path';

import { loadEmbeddedPostgres, type RunningPostgres } from '../../test/support/embeddedPostgres';

const MAJORS = new Set([14, 16, 18]);

export interface KeptPostgresOptions {
	/** The cluster's folder; initialised when it has no cluster yet. */
	directory: string;
	major: number;
	port: number;
	password: string;
}

/**
 * A PostgreSQL whose cluster lives in a folder that outlives it: stopping it keeps the data, and
 * starting it again on the same folder brings the same databases back.
 */
export async function startKeptPostgres(options: KeptPostgresOptions): Promise<RunningPostgres> {
	if (!MAJORS.has(options.major))
		throw new Error(`PostgreSQL ${options.major} is not available; use 14, 16 or 18.`);
	// 14 and 18 are fetched into .cache/pg-majors on first use, as in the tests.
	const EmbeddedPostgres = loadEmbeddedPostgres(options.major);
	const logs: string[] = [];
	const server = new EmbeddedPostgres({
		databaseDir: options.directory,
		port: options.port,
		user: 'postgres',
		password: options.password,
		persistent: true,
		createPostgresUser: process.getuid?.() === 0,
		initdbFlags: ['--encoding=UTF8', '--locale=C'],
		postgresFlags: [
			'-c',
			'wal_level=logical',
			'-c',
			'max_replication_slots=40',
			'-c',
			'max_wal_senders=40',
			'-c',
			'max_connections=200',
			'-c',
			'listen_addresses=127.0.0.1',
			'-c',
			'unix_socket_directories=',
			'-c',
			'timezone=UTC',
		],
		onLog: (message: string) => logs.push(message),
		onError: (message: unknown) => logs.push(String(message)),
	});
	try {
		if (!existsSync(join(options.directory, 'PG_VERSION'))) await server.initialise();
		await server.start();
	} catch (error) {
		await server.stop().catch(() => undefined);
		throw new Error(
			`PostgreSQL ${options.major} did not start in ${options.directory} on port ${options.port}: ${(error as Error | undefined)?.message ?? 'it exited'} (is the port taken, or the folder not reachable by the postgres user?)\n${logs.slice(-20).join('\n')}`,
		);
	}
	return {
		connection: {
			host: '127.0.0.1',
			port: options.port,
			user: 'postgres',
			password: options.password,
			database: 'postgres',
			major: options.major as RunningPostgres['connection']['major'],
		},
		stop: async () => await server.stop(),
	};
}
