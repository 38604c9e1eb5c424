/**
 * The contract between the local Redshift's fronts (wire protocol, Data API) and the statement
 * handlers that emulate Redshift (COPY, UNLOAD, DDL, traps). A handler runs everything on the
 * client's own backend session, so the client's transaction covers it.
 */
import type { S3Client } from '@aws-sdk/client-s3';

/** Result of a statement, values in PostgreSQL text form (null for SQL NULL). */
export interface StatementResult {
	/** Command tag as the client sees it, e.g. 'COPY 3', 'SELECT 2', 'UNLOAD', 'CREATE TABLE'. */
	commandTag: string;
	rowCount: number | null;
	fields: Array<{ name: string; dataTypeID: number }>;
	rows: Array<Array<string | null>>;
	/** INFO/NOTICE messages shown to the client, e.g. UNLOAD's "UNLOAD completed, 3 record(s) unloaded successfully." */
	notices?: string[];
}

export type TransactionStatus = 'idle' | 'inTransaction' | 'failed';

/** One client's backend session on the real PostgreSQL. */
export interface BackendSession {
	/** Runs SQL (one statement, optional $n parameters) inside the client's session and transaction. */
	query(sql: string, params?: unknown[]): Promise<StatementResult>;
	/** Runs `COPY … FROM STDIN` in the client's session, feeding it the given bytes; returns rows copied. */
	copyFrom(
		copySql: string,
		source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
	): Promise<number>;
	/** Transaction state after the last statement, as ReadyForQuery reports it. */
	transactionStatus(): TransactionStatus;
}

/** Runs SQL outside any client transaction (autocommit), for records that must survive a rollback. */
export type AutonomousQuery = (sql: string, params?: unknown[]) => Promise<StatementResult>;

/** An error the fronts report to the client as Redshift would (SQLSTATE, message, detail). */
export class RedshiftError extends Error {
	constructor(
		message: string,
		readonly code = 'XX000',
		readonly detail?: string,
	) {
		super(message);
		this.name = 'RedshiftError';
	}
}

/** What every handler may use besides the session. */
export interface EngineContext {
	/** Client for the local S3 that `s3://bucket/key` URLs refer to. */
	s3: S3Client;
	/** Autocommit connection to the same database (stl_load_errors, COPY ids). */
	autonomous: AutonomousQuery;
	/** Fault hooks tests arm; handlers consult them at the documented points. */
	faults: FaultHooks;
	/** The cluster's enable_case_sensitive_identifier (parameter group); a session may SET its own. Default false. */
	caseSensitiveIdentifiers?: boolean;
}

export interface FaultHooks {
	/** Called before each COPY runs; throws the injected failure when armed for this COPY. */
	beforeCopy(): void;
	/** True when the client connection must be dropped before running this statement. */
	shouldDropConnection(sql: string): boolean;
	/** Throws a serializable isolation violation (error 1023) when the statement matches an armed pattern. */
	beforeStatement(sql: string): void;
}

/**
 * A handler recognises a Redshift statement and runs it; it returns undefined for statements
 * that are not its own, which then go to PostgreSQL unchanged (or to the next handler).
 */
export type StatementHandler = (
	sql: string,
	session: BackendSession,
	context: EngineContext,
) => Promise<StatementResult | undefined>;
