import { Pool, type PoolClient, type QueryResult } from 'pg';

import { iamPoolSource, type PoolSource } from '../iam';

import type {
	QueryOptions,
	RedshiftConnection,
	SqlResult,
	SqlRow,
	SqlStatement,
	WireConnectionOptions,
} from '../types';
import { sslOptions } from '../../../net/sslMode';
import { typeNameOf, wireTypes } from './typeParsers';

function toSqlResult(result: QueryResult): SqlResult {
	return {
		columns: (result.fields ?? []).map((field) => ({
			name: field.name,
			typeName: typeNameOf(field.dataTypeID),
		})),
		rows: result.rows as SqlRow[],
		rowCount: result.rowCount,
	};
}

/** A statement run by node-postgres, cancelled on the server when the signal aborts. */
async function run(
	pool: Pool,
	client: PoolClient,
	statement: SqlStatement,
	options?: QueryOptions,
) {
	const signal = options?.signal;
	signal?.throwIfAborted();
	const pid = (client as unknown as { processID?: number }).processID;
	const cancel = () => {
		// Cancelling needs a second session; a failure here only means the statement ends on its own.
		if (pid !== undefined) pool.query('SELECT pg_cancel_backend($1)', [pid]).catch(() => undefined);
	};
	signal?.addEventListener('abort', cancel, { once: true });
	try {
		return await client.query({
			text: statement.text,
			values: statement.values as unknown[] | undefined,
		});
	} finally {
		signal?.removeEventListener('abort', cancel);
	}
}

/**
 * A checked-out client has no 'error' listener of the pool's; a connection lost mid-statement would
 * then raise an unhandled 'error' event and end the process. The statement itself still fails.
 */
async function checkOut(pool: Pool): Promise<PoolClient & { done(broken?: boolean): void }> {
	const client = await pool.connect();
	const ignore = () => undefined;
	client.on('error', ignore);
	return Object.assign(client, {
		done(broken = false) {
			client.off('error', ignore);
			// A client whose connection ended must not go back to the pool for the next statement.
			const ended = (client as unknown as { _queryable?: boolean })._queryable === false;
			client.release(broken || ended);
		},
	});
}

/** FATAL errors and lost sockets end the session: that client must not serve another statement. */
function endsSession(error: unknown): boolean {
	const { severity, code, message } = error as {
		severity?: string;
		code?: string;
		message?: string;
	};
	return (
		severity === 'FATAL' ||
		severity === 'PANIC' ||
		(code?.startsWith('08') ?? false) ||
		(code?.startsWith('57P') ?? false) ||
		/Connection terminated|ECONNRESET|EPIPE/.test(message ?? '')
	);
}

function createPool(
	options: WireConnectionOptions,
	user: string,
	password: string | (() => Promise<string>),
): Pool {
	const pool = new Pool({
		host: options.host,
		port: options.port,
		database: options.database,
		user,
		password,
		ssl: sslOptions(options.ssl, options.ca),
		max: options.maxConnections ?? 4,
		application_name: options.applicationName ?? 'n8n-nodes-redshift-cdc',
		types: wireTypes,
	});
	// An idle client dropped by the server must not crash the process; the next checkout reconnects.
	pool.on('error', () => undefined);
	// Nor may a client that loses its connection while checked out (its statement still fails).
	pool.on('connect', (client) => client.on('error', () => undefined));
	return pool;
}

/** One pool with the given user and password for the connection's lifetime. */
function fixedPoolSource(pool: Pool): PoolSource {
	return { current: async () => pool, end: async () => await pool.end() };
}

/** Redshift over its PostgreSQL wire protocol, through a node-postgres pool. */
export class WireConnection implements RedshiftConnection {
	readonly transport = 'wire' as const;
	private readonly pools: PoolSource;
	/** The pool of a password login (callers reach it to watch its clients); IAM logins may replace theirs. */
	private readonly pool?: Pool;

	constructor(options: WireConnectionOptions) {
		if (options.iam) {
			this.pools = iamPoolSource(options.iam, options.database, (user, password) =>
				createPool(options, user, password),
			);
		} else {
			this.pool = createPool(options, options.user, options.password);
			this.pools = fixedPoolSource(this.pool);
		}
	}

	/** A refused login, explained by the pool source when it knows more (an IAM login's user). */
	private loginFailed(error: unknown): never {
		throw this.pools.explainLoginFailure?.(error) ?? error;
	}

	async query(statement: SqlStatement, options?: QueryOptions): Promise<SqlResult> {
		const pool = await this.pools.current();
		const client = await checkOut(pool).catch((error: unknown) => this.loginFailed(error));
		let broken = false;
		try {
			return toSqlResult(await run(pool, client, statement, options));
		} catch (error) {
			broken = endsSession(error);
			throw error;
		} finally {
			client.done(broken);
		}
	}

	async transaction(
		statements: readonly SqlStatement[],
		options?: QueryOptions,
	): Promise<SqlResult[]> {
		const pool = await this.pools.current();
		const client = await checkOut(pool).catch((error: unknown) => this.loginFailed(error));
		let broken = false;
		try {
			await client.query('BEGIN');
			const results: SqlResult[] = [];
			for (const statement of statements)
				results.push(toSqlResult(await run(pool, client, statement, options)));
			await client.query('COMMIT');
			return results;
		} catch (error) {
			// A lost connection has rolled back by itself; otherwise roll back before the client goes back to the pool.
			await client.query('ROLLBACK').catch(() => {
				broken = true;
			});
			throw error;
		} finally {
			client.done(broken);
		}
	}

	/**
	 * Redshift ignores the portal row limit, so pg-cursor would pull the whole result; a
	 * server-side cursor fetched page by page inside a transaction keeps memory bounded.
	 */
	async *stream(
		statement: SqlStatement,
		pageSize: number,
		options?: QueryOptions,
	): AsyncIterable<SqlRow[]> {
		const pool = await this.pools.current();
		const client = await checkOut(pool).catch((error: unknown) => this.loginFailed(error));
		let broken = false;
		let open = true;
		try {
			await client.query('BEGIN');
			await run(
				pool,
				client,
				{ text: `DECLARE n8n_read CURSOR FOR ${statement.text}`, values: statement.values },
				options,
			);
			for (;;) {
				const page = await run(
					pool,
					client,
					{ text: `FETCH FORWARD ${Math.max(1, Math.floor(pageSize))} FROM n8n_read` },
					options,
				);
				if (page.rows.length === 0) break;
				yield page.rows as SqlRow[];
			}
			await client.query('CLOSE n8n_read');
			await client.query('COMMIT');
			open = false;
		} finally {
			// An error, or a consumer that stopped early, leaves the transaction open: end it before reuse.
			if (open) await client.query('ROLLBACK').catch(() => (broken = true));
			client.done(broken);
		}
	}

	async close(): Promise<void> {
		await this.pools.end();
	}
}
