import type { BackendSession, EngineContext } from './session';

/**
 * Redshift's system tables, views and functions (stl_load_errors, pg_table_def, GETDATE, …) live in
 * this schema of each database, found through the session's search_path so that unqualified names
 * resolve as on Redshift without cluttering `public`.
 */
export const SYSTEM_SCHEMA = 'redshift_system';

/** DDL a module needs in the system schema; each statement must be idempotent (IF NOT EXISTS, OR REPLACE). */
export type SystemDdl = readonly string[];

const SYSTEM_GRANTS = [
	`GRANT USAGE ON SCHEMA ${SYSTEM_SCHEMA} TO PUBLIC`,
	`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${SYSTEM_SCHEMA} TO PUBLIC`,
	`GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA ${SYSTEM_SCHEMA} TO PUBLIC`,
	`GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA ${SYSTEM_SCHEMA} TO PUBLIC`,
];

const preparedDatabases = new Map<string, Promise<void>>();

/** Creates the system schema objects once per database, outside any client transaction. */
async function ensureSystemSchema(
	database: string,
	ddl: SystemDdl,
	context: EngineContext,
): Promise<void> {
	let prepared = preparedDatabases.get(database);
	if (!prepared) {
		prepared = (async () => {
			await runIdempotent(`CREATE SCHEMA IF NOT EXISTS ${SYSTEM_SCHEMA}`, context);
			for (const statement of ddl) await runIdempotent(statement, context);
			// Every Redshift user reads system views and runs COPY/UNLOAD, whose session state lives here;
			// without these grants only the superuser could (IAM logins are not superusers).
			for (const grant of SYSTEM_GRANTS) await runIdempotent(grant, context);
		})();
		preparedDatabases.set(database, prepared);
		prepared.catch(() => preparedDatabases.delete(database));
	}
	await prepared;
}

/** Two fronts preparing one database at once can still collide in the catalogs; the loser's object exists. */
async function runIdempotent(statement: string, context: EngineContext): Promise<void> {
	try {
		await context.autonomous(statement);
	} catch (error) {
		const code = (error as { code?: string }).code;
		if (code !== '23505' && code !== '42P07' && code !== '42710' && code !== '42P06') throw error;
	}
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
