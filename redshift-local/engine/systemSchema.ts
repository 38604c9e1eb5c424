import type { BackendSession, EngineContext } from './session';

/**
 * Redshift's system tables, views and functions (stl_load_errors, pg_table_def, GETDATE, …) live in
 * this schema of each database, found through the session's search_path so that unqualified names
 * resolve as on Redshift without cluttering `public`.
 */
export const SYSTEM_SCHEMA = 'redshift_system';

/** DDL a module needs in the system schema; each statement must be idempotent (IF NOT EXISTS, OR REPLACE). */
export type SystemDdl = readonly string[];

const preparedDatabases = new Map<string, Promise<void>>();

/** Creates the system schema objects once per database, outside any client transaction. */
async function ensureSystemSchema(database: string, ddl: SystemDdl, context: EngineContext): Promise<void> {
	let prepared = preparedDatabases.get(database);
	if (!prepared) {
		prepared = (async () => {
			// One session at a time: concurrent CREATE … IF NOT EXISTS can still collide in pg_type.
			await context.autonomous('SELECT pg_advisory_lock(738201)');
			try {
				await context.autonomous(`CREATE SCHEMA IF NOT EXISTS ${SYSTEM_SCHEMA}`);
				for (const statement of ddl) await context.autonomous(statement);
			} finally {
				await context.autonomous('SELECT pg_advisory_unlock(738201)');
			}
		})();
		preparedDatabases.set(database, prepared);
		prepared.catch(() => preparedDatabases.delete(database));
	}
	await prepared;
}

/**
 * Every front calls this when a client session starts: system objects exist, and the session
 * resolves them by unqualified name.
 */
export async function prepareSession(
	database: string,
	session: BackendSession,
	context: EngineContext,
	ddl: SystemDdl,
): Promise<void> {
	await ensureSystemSchema(database, ddl, context);
	await session.query(`SET search_path TO "$user", public, ${SYSTEM_SCHEMA}`);
}
