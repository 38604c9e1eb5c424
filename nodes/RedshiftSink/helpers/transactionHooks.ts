import type {
	QueryOptions,
	RedshiftConnection,
	SqlResult,
	SqlStatement,
} from '../../shared/redshift/connection/types';

/** A statement the user asked to run before or after the load, and which of them it is. */
export interface HookStatements {
	before: SqlStatement[];
	after: SqlStatement[];
}

export class HookStatementsError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'HookStatementsError';
	}
}

/**
 * The core runs each load as one `connection.transaction(...)`. This wraps a connection so that
 * the user's "SQL before" statements open that transaction and the "SQL after" statements close
 * it: they commit or roll back with the load, and a conflict retry re-runs them too. The load
 * sees only its own results. Queries outside the transaction (table lookups, a fast overwrite's
 * TRUNCATE) pass through untouched.
 *
 * A load that needs a second transaction (Data API inserts beyond 40 statements) cannot keep the
 * hooks in one transaction: it is refused before the second one starts.
 */
export function withHookStatements(
	connection: RedshiftConnection,
	hooks: HookStatements,
): RedshiftConnection {
	if (hooks.before.length === 0 && hooks.after.length === 0) return connection;
	let transactions = 0;
	let lastStatements: readonly SqlStatement[] | undefined;
	// A conflict retry sends the very same statements again: that is one transaction, re-run.
	const isRetry = (statements: readonly SqlStatement[]) => statements === lastStatements;
	return {
		transport: connection.transport,
		query: async (statement: SqlStatement, options?: QueryOptions) =>
			await connection.query(statement, options),
		stream: (statement: SqlStatement, pageSize: number, options?: QueryOptions) =>
			connection.stream(statement, pageSize, options),
		close: async () => await connection.close(),
		transaction: async (
			statements: readonly SqlStatement[],
			options?: QueryOptions,
		): Promise<SqlResult[]> => {
			transactions++;
			if (
				transactions > 1 &&
				connection.transport === 'dataApi' &&
				statements.length > 0 &&
				!isRetry(statements)
			) {
				throw new HookStatementsError(
					'This load needs more than one Data API transaction (at most 40 statements each), so the SQL before/after the load cannot share its transaction. Use write mode Copy, a larger batch size, or a direct connection.',
				);
			}
			lastStatements = statements;
			const results = await connection.transaction(
				[...hooks.before, ...statements, ...hooks.after],
				options,
			);
			return results.slice(hooks.before.length, hooks.before.length + statements.length);
		},
	};
}

/** The Data API runs at most 40 statements in one transaction (BatchExecuteStatement). */
const DATA_API_MAX_STATEMENTS = 40;
/** Parameters the core puts in one Data API INSERT (insertRows' DATA_API_MAX_PARAMETERS). */
const DATA_API_MAX_PARAMETERS = 6000;

/**
 * Whether an insert-mode load fits one Data API transaction together with the hook statements
 * (an upper bound: every field of any item counted as a column).
 */
export function fitsOneDataApiTransaction(
	rows: readonly Record<string, unknown>[],
	batchSize: number,
	hookStatements: number,
): boolean {
	const fields = new Set<string>();
	for (const row of rows) for (const key of Object.keys(row ?? {})) fields.add(key.toLowerCase());
	const perBatch = Math.max(
		1,
		Math.min(batchSize, Math.floor(DATA_API_MAX_PARAMETERS / Math.max(1, fields.size))),
	);
	// CREATE TABLE and its comments may come first; allow a few.
	return Math.ceil(rows.length / perBatch) + hookStatements + 3 <= DATA_API_MAX_STATEMENTS;
}
