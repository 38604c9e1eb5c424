import { randomUUID } from 'node:crypto';

import { splitStatements } from '../wire/splitStatements';
import type { DataApiContext, OperationOutput } from './dataApiContext';
import type { DataApiSession } from './dataApiSession';
import { DataApiError, validationError } from './errors';
import { scanSql } from './sqlText';
import {
	newRun,
	TERMINAL_STATUSES,
	waitForEnd,
	type StatementRecord,
	type StatementTarget,
} from './statement';
import type { PreparedSql } from './statementRunner';
import { statementTarget, targetMembers } from './statementTarget';
import {
	optionalBoolean,
	optionalInteger,
	optionalString,
	requiredString,
	sqlParameters,
	statementId,
	waitTimeSeconds,
	type RequestBody,
	type SqlParameter,
} from './validation';

/** Limits from the API reference: SessionKeepAliveSeconds ≤ 24 h, at most 40 SQL statements per batch. */
const MAX_KEEP_ALIVE_SECONDS = 24 * 60 * 60;
const MAX_BATCH_STATEMENTS = 40;
/** SQL of at most 100,000 characters; StatementName of at most 500 (API reference). */
const MAX_SQL_LENGTH = 100_000;
const MAX_STATEMENT_NAME_LENGTH = 500;

function checkSql(sql: string): void {
	if (sql.length > MAX_SQL_LENGTH) {
		throw validationError(`sql must have length less than or equal to ${MAX_SQL_LENGTH}.`);
	}
}

/**
 * Turns `:name` placeholders into `$n` values. With Parameters, every placeholder needs a value and
 * every parameter must be used (BatchExecuteStatement API reference); without, the SQL goes as it is.
 * Like the wire front, statements without parameters reach the engine's handlers as a simple query
 * would: without leading comments or a trailing semicolon.
 */
function prepare(
	sqls: string[],
	parameters: SqlParameter[] | undefined,
): Array<PreparedSql & { multipleStatements: boolean }> {
	const used = new Set<string>();
	const prepared = sqls.map((sql) => {
		checkSql(sql);
		const scanned = scanSql(sql, parameters !== undefined);
		const values = scanned.names.map((name) => {
			const parameter = parameters?.find((candidate) => candidate.name === name);
			if (!parameter) {
				throw validationError(
					`The SQL references parameter :${name}, but no value was provided for it.`,
				);
			}
			used.add(name);
			return parameter.value;
		});
		const statements = splitStatements(scanned.text);
		const text = values.length === 0 && statements.length === 1 ? statements[0] : scanned.text;
		return { text, values, multipleStatements: statements.length > 1 };
	});
	const unused = parameters?.find((parameter) => !used.has(parameter.name));
	if (unused) throw validationError(`Parameter ${unused.name} is not referenced by the SQL.`);
	return prepared;
}

interface Submission {
	target: StatementTarget;
	session: DataApiSession;
	keepAlive: boolean;
}

/** The session a statement runs on: the one SessionId names, or a new one (kept alive if asked). */
function sessionFor(body: RequestBody, context: DataApiContext): Submission {
	if (context.runner.activeCount >= context.maxActiveStatements) {
		throw new DataApiError(
			'ActiveStatementsExceededException',
			`Active statements exceeded the allowed quota (${context.maxActiveStatements}).`,
		);
	}
	const keepAliveSeconds = optionalInteger(
		body,
		'SessionKeepAliveSeconds',
		0,
		MAX_KEEP_ALIVE_SECONDS,
	);
	const sessionId = optionalString(body, 'SessionId');
	if (sessionId) {
		const { session, target } = context.sessions.take(sessionId, keepAliveSeconds);
		return { target, session, keepAlive: true };
	}
	const target = statementTarget(body);
	const session = context.sessions.open(target, keepAliveSeconds ?? 0);
	return { target, session, keepAlive: (keepAliveSeconds ?? 0) > 0 };
}

/** What both submit operations read besides their SQL, all checked before a session is taken. */
interface SubmitMembers {
	statementName?: string;
	withEvent: boolean;
	clientToken?: string;
	parameters?: SqlParameter[];
	waitSeconds: number;
}

function submitMembers(body: RequestBody): SubmitMembers {
	const format = optionalString(body, 'ResultFormat');
	if (format !== undefined && format !== 'JSON') {
		throw validationError(
			`ResultFormat ${format} is not emulated by the local Redshift Data API; use JSON.`,
		);
	}
	const statementName = optionalString(body, 'StatementName');
	if (statementName !== undefined && statementName.length > MAX_STATEMENT_NAME_LENGTH) {
		throw validationError(
			`statementName must have length less than or equal to ${MAX_STATEMENT_NAME_LENGTH}.`,
		);
	}
	return {
		statementName,
		withEvent: optionalBoolean(body, 'WithEvent') ?? false,
		clientToken: optionalString(body, 'ClientToken'),
		parameters: sqlParameters(body),
		waitSeconds: waitTimeSeconds(body),
	};
}

function newRecord(members: SubmitMembers, submission: Submission, sql: string): StatementRecord {
	let markDone = (): void => undefined;
	const done = new Promise<void>((resolve) => (markDone = resolve));
	return {
		...newRun(randomUUID(), sql),
		sequence: 0,
		target: submission.target,
		statementName: members.statementName,
		parameters: members.parameters,
		withEvent: members.withEvent,
		sessionId: submission.keepAlive ? submission.session.id : undefined,
		redshiftPid: 0,
		cancelRequested: false,
		done,
		markDone,
	};
}

/** Starts the statement in the background; the session goes back when it ended. */
function launch(
	context: DataApiContext,
	record: StatementRecord,
	session: DataApiSession,
	work: () => Promise<void>,
): void {
	session.currentStatementId = record.id;
	session.updatedAt = record.createdAt;
	context.runner.start(async () => {
		try {
			await work();
		} finally {
			await context.sessions.release(session);
			record.markDone();
		}
	});
}

async function submitted(record: StatementRecord, waitSeconds: number): Promise<OperationOutput> {
	if (waitSeconds > 0) await waitForEnd(record, waitSeconds * 1000);
	const output: Record<string, unknown> = {
		Id: record.id,
		CreatedAt: record.createdAt,
		...targetMembers(record.target),
	};
	if (record.sessionId) output.SessionId = record.sessionId;
	if (waitSeconds > 0) {
		output.Status = record.status;
		output.HasResultSet = record.hasResultSet;
		output.RedshiftPid = record.redshiftPid;
	}
	return output;
}

/**
 * Takes a session, records the statement and starts it. A repeated ClientToken returns the
 * statement the first call created (kept 8 hours) without running anything.
 */
async function submit(
	body: RequestBody,
	context: DataApiContext,
	members: SubmitMembers,
	describe: (record: StatementRecord) => void,
	run: (record: StatementRecord, session: DataApiSession) => Promise<void>,
	sql = '',
): Promise<OperationOutput> {
	const earlier = context.store.byClientToken(members.clientToken);
	if (earlier) return await submitted(earlier, members.waitSeconds);
	const submission = sessionFor(body, context);
	const record = newRecord(members, submission, sql);
	describe(record);
	record.sequence = context.store.nextSequence();
	context.store.add(record, members.clientToken);
	launch(context, record, submission.session, async () => await run(record, submission.session));
	return await submitted(record, members.waitSeconds);
}

export async function executeStatement(
	body: RequestBody,
	context: DataApiContext,
): Promise<OperationOutput> {
	const sql = requiredString(body, 'Sql');
	const members = submitMembers(body);
	const [prepared] = prepare([sql], members.parameters);
	if (prepared.multipleStatements) {
		throw validationError(
			'ExecuteStatement runs a single SQL statement; use BatchExecuteStatement for several.',
		);
	}
	return await submit(
		body,
		context,
		members,
		() => undefined,
		async (record, session) => await context.runner.runSingle(record, prepared, session),
		sql,
	);
}

export async function batchExecuteStatement(
	body: RequestBody,
	context: DataApiContext,
): Promise<OperationOutput> {
	const sqls = body.Sqls;
	if (!Array.isArray(sqls) || sqls.length === 0 || sqls.length > MAX_BATCH_STATEMENTS) {
		throw validationError(`sqls must have between 1 and ${MAX_BATCH_STATEMENTS} items.`);
	}
	if (!sqls.every((sql): sql is string => typeof sql === 'string' && sql.length > 0)) {
		throw validationError('Each entry of Sqls must be a non-empty SQL string.');
	}
	const mode = optionalString(body, 'ExecutionMode') ?? 'TRANSACTION';
	if (mode !== 'TRANSACTION' && mode !== 'AUTO_COMMIT') {
		throw validationError('ExecutionMode must be TRANSACTION or AUTO_COMMIT.');
	}
	const members = submitMembers(body);
	const prepared = prepare(sqls, members.parameters);
	return await submit(
		body,
		context,
		members,
		(record) => {
			record.executionMode = mode;
			record.subStatements = sqls.map((sql, index) => newRun(`${record.id}:${index + 1}`, sql));
		},
		async (record, session) => await context.runner.runBatch(record, prepared, session),
	);
}

export async function cancelStatement(
	body: RequestBody,
	context: DataApiContext,
): Promise<OperationOutput> {
	const { record } = context.store.find(statementId(body));
	if (TERMINAL_STATUSES.has(record.status)) {
		throw validationError(`Could not cancel a query that is already in ${record.status} status.`);
	}
	await context.runner.cancel(record);
	return { Status: true };
}
