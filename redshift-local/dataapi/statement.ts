import type { ColumnMetadata } from './columnMetadata';

/** Statuses in the order a statement moves through them (DescribeStatement, API reference). */
export type StatementStatus =
	| 'SUBMITTED'
	| 'PICKED'
	| 'STARTED'
	| 'FINISHED'
	| 'FAILED'
	| 'ABORTED';

export const TERMINAL_STATUSES: ReadonlySet<StatementStatus> = new Set([
	'FINISHED',
	'FAILED',
	'ABORTED',
]);

/** A result kept for GetStatementResult: each record already serialised as JSON text. */
export interface StoredResult {
	columnMetadata: ColumnMetadata[];
	records: string[];
	/** Bytes of the serialised records, what ResultSize reports and the store's memory bound counts. */
	bytes: number;
	/** Set when the store dropped the rows to stay inside its memory bound. */
	evicted?: boolean;
}

/** What one SQL statement did, for a single statement or one entry of a batch. */
export interface StatementRun {
	id: string;
	sql: string;
	status: StatementStatus;
	createdAt: number;
	updatedAt: number;
	/** Nanoseconds the statement ran; -1 until it ended. */
	durationNs: number;
	error?: string;
	hasResultSet: boolean;
	/** Rows returned or affected; -1 until known. */
	resultRows: number;
	resultSize: number;
	redshiftQueryId: number;
	result?: StoredResult;
}

export interface StatementTarget {
	clusterIdentifier?: string;
	workgroupName?: string;
	database: string;
	dbUser?: string;
	secretArn?: string;
}

/** One ExecuteStatement or BatchExecuteStatement call, as the store keeps it. */
export interface StatementRecord extends StatementRun {
	/** Order of submission, for ListStatements' newest-first paging. */
	sequence: number;
	target: StatementTarget;
	statementName?: string;
	parameters?: Array<{ name: string; value: string }>;
	withEvent: boolean;
	sessionId?: string;
	redshiftPid: number;
	/** Present for BatchExecuteStatement: its statements, ids `<id>:1`, `<id>:2`, … */
	subStatements?: StatementRun[];
	executionMode?: 'TRANSACTION' | 'AUTO_COMMIT';
	cancelRequested: boolean;
	/** Resolves once the statement ended and its session went back. */
	done: Promise<void>;
	markDone: () => void;
}

export function newRun(id: string, sql: string): StatementRun {
	const now = epochSeconds();
	return {
		id,
		sql,
		status: 'SUBMITTED',
		createdAt: now,
		updatedAt: now,
		durationNs: -1,
		hasResultSet: false,
		resultRows: -1,
		resultSize: -1,
		redshiftQueryId: 0,
	};
}

/** Timestamps travel as epoch seconds in awsJson1_1. */
export function epochSeconds(): number {
	return Date.now() / 1000;
}

export function setStatus(run: StatementRun, status: StatementStatus): void {
	run.status = status;
	run.updatedAt = epochSeconds();
}

/** Waits until the statement ended or `ms` passed, whichever comes first (WaitTimeSeconds). */
export async function waitForEnd(record: StatementRecord, ms: number): Promise<void> {
	let timer: NodeJS.Timeout | undefined;
	await Promise.race([
		record.done,
		new Promise<void>((resolve) => (timer = setTimeout(resolve, ms))),
	]);
	clearTimeout(timer);
}
