import { Client, type ClientConfig } from 'pg';

import type { ReplicationConnectionOptions } from './types';

const SETTING_NAME = /^[a-z_][a-z0-9_.]*$/;
const SETTING_VALUE = /^[A-Za-z0-9_.:-]+$/;

/** A node-postgres config for a logical replication connection (walsender in database mode). */
export function replicationClientConfig(options: ReplicationConnectionOptions): ClientConfig {
	return { ...clientConfig(options), replication: 'database' } as ClientConfig;
}

/** The same server and credentials as an ordinary SQL connection (snapshot reads, heartbeat, health). */
export function clientConfig(options: ReplicationConnectionOptions): ClientConfig {
	const config: ClientConfig = {
		host: options.host,
		port: options.port,
		database: options.database,
		user: options.user,
		password: options.password,
		application_name: options.applicationName ?? 'n8n-postgres-cdc',
		connectionTimeoutMillis: options.connectTimeoutMs ?? 30_000,
		keepAlive: true,
	};
	if (options.ssl)
		config.ssl = { rejectUnauthorized: options.ssl.rejectUnauthorized, ca: options.ssl.ca };
	const settings = sessionOptions(options.sessionSettings);
	if (settings) config.options = settings;
	return config;
}

/** A replication client, not yet connected. */
export function newReplicationClient(options: ReplicationConnectionOptions): Client {
	const client = new Client(replicationClientConfig(options));
	// An 'error' event without a listener would crash the process; callers see errors through queries.
	client.on('error', () => {});
	return client;
}

/** Connects a replication client; the caller ends it. */
export async function connectReplication(options: ReplicationConnectionOptions): Promise<Client> {
	const client = newReplicationClient(options);
	await client.connect();
	return client;
}

export async function connectSql(options: ReplicationConnectionOptions): Promise<Client> {
	const client = new Client(clientConfig(options));
	client.on('error', () => {});
	await client.connect();
	return client;
}

export interface SystemIdentity {
	systemId: string;
	timeline: number;
	/** Current WAL flush position, as text 'X/X'. */
	xlogPos: string;
	database: string | null;
}

/** IDENTIFY_SYSTEM: proves the connection really is a replication connection to a database. */
export async function identifySystem(client: Client): Promise<SystemIdentity> {
	const result = await client.query<{
		systemid: string;
		timeline: number;
		xlogpos: string;
		dbname: string | null;
	}>('IDENTIFY_SYSTEM');
	const row = result.rows[0];
	return {
		systemId: String(row.systemid),
		timeline: Number(row.timeline),
		xlogPos: String(row.xlogpos),
		database: row.dbname,
	};
}

/** IDENTIFY_SYSTEM on a short-lived replication connection (e.g. before the stream starts). */
export async function identifyServer(
	options: ReplicationConnectionOptions,
): Promise<SystemIdentity> {
	const client = await connectReplication(options);
	try {
		return await identifySystem(client);
	} finally {
		await client.end().catch(() => undefined);
	}
}

/** The server's major version (SHOW works on replication connections). */
export async function serverMajor(client: Client): Promise<number> {
	const result = await client.query<{ server_version_num: string }>('SHOW server_version_num');
	return Math.floor(Number(result.rows[0].server_version_num) / 10_000);
}

function sessionOptions(settings: Record<string, string> | undefined): string | undefined {
	if (!settings) return undefined;
	const parts: string[] = [];
	for (const [name, value] of Object.entries(settings)) {
		if (!SETTING_NAME.test(name) || !SETTING_VALUE.test(value)) {
			throw new Error(
				`Session setting ${JSON.stringify(name)} = ${JSON.stringify(value)} is not allowed: use a plain setting name and a value of letters, digits, '.', ':', '_' or '-'.`,
			);
		}
		parts.push(`-c ${name}=${value}`);
	}
	return parts.length > 0 ? parts.join(' ') : undefined;
}
