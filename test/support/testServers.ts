import { S3Client } from '@aws-sdk/client-s3';
import { randomBytes } from 'node:crypto';
import { Client, type ClientConfig } from 'pg';

import { createDatabase, type PostgresConnection } from './embeddedPostgres';
import type { S3Connection } from './s3Server';

/** What the jest global setup started; workers read it from the environment. */
export interface TestServers {
	postgres: PostgresConnection;
	s3: S3Connection;
	/** A second PostgreSQL with TLS on, and the PEM of its self-signed certificate. */
	sslPostgres: PostgresConnection & { certificate: string };
}

export const TEST_SERVERS_ENV = 'N8N_REDSHIFT_CDC_TEST_SERVERS';

/** The one place tests get connection details from. */
export function testServers(): TestServers {
	const raw = process.env[TEST_SERVERS_ENV];
	if (!raw) {
		throw new Error(
			`${TEST_SERVERS_ENV} is not set: integration tests need the jest global setup (run them with npm test).`,
		);
	}
	return JSON.parse(raw) as TestServers;
}

export function pgConfig(connection: PostgresConnection = testServers().postgres): ClientConfig {
	const { host, port, user, password, database } = connection;
	return { host, port, user, password, database };
}

export async function connectPg(
	connection: PostgresConnection = testServers().postgres,
): Promise<Client> {
	const client = new Client(pgConfig(connection));
	await client.connect();
	return client;
}

/** A new, empty database on the shared server, for a test file that needs isolation. */
export async function freshDatabase(prefix = 'test'): Promise<PostgresConnection> {
	const name = `${prefix}_${randomBytes(6).toString('hex')}`.toLowerCase();
	return await createDatabase(testServers().postgres, name);
}

/**
 * An S3 client for the local server. Checksums only when required: with the SDK default a
 * streamed PutObject is sent aws-chunked and s3rver would store the chunk framing.
 */
export function s3Client(connection: S3Connection = testServers().s3): S3Client {
	return new S3Client({
		endpoint: connection.endpoint,
		region: connection.region,
		forcePathStyle: true,
		credentials: {
			accessKeyId: connection.accessKeyId,
			secretAccessKey: connection.secretAccessKey,
		},
		requestChecksumCalculation: 'WHEN_REQUIRED',
		responseChecksumValidation: 'WHEN_REQUIRED',
	});
}

/** A key prefix no other test uses. */
export function uniquePrefix(name: string): string {
	return `${name}/${Date.now()}-${randomBytes(4).toString('hex')}/`;
}
