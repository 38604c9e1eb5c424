import type { PostgresServer } from './dataApiSession';
import type { SessionRegistry } from './sessionRegistry';
import type { StatementRunner } from './statementRunner';
import type { StatementStore } from './statementStore';

/** What every operation of one Data API endpoint shares. */
export interface DataApiContext {
	postgres: PostgresServer;
	store: StatementStore;
	runner: StatementRunner;
	sessions: SessionRegistry;
	/** Rows per GetStatementResult page (Redshift pages by size: 100 MB). */
	pageRows: number;
	pageBytes: number;
	/** Statements running at once before ActiveStatementsExceededException (Redshift: 200 per cluster). */
	maxActiveStatements: number;
}

/** An operation's answer: an object to serialise, or JSON text already written (exact int8 values). */
export type OperationOutput = Record<string, unknown> | { json: string };

export type Operation = (
	body: Record<string, unknown>,
	context: DataApiContext,
) => Promise<OperationOutput>;
