import type { BackendSession, EngineContext } from '../session';
import { SYSTEM_SCHEMA } from '../systemSchema';
import type { CopyCommand } from './copyCommand';
import type { CopyRun } from './loadErrors';
import type { TargetTable } from './targetTable';

/**
 * Gives the COPY its query id (unique across sessions: one sequence per database) and makes it
 * what pg_last_copy_id() returns in this session, even when the COPY then fails and the
 * client's transaction rolls back (the id lives in a table written outside that transaction).
 */
export async function startCopyRun(
	session: BackendSession,
	context: EngineContext,
	table: TargetTable,
): Promise<CopyRun> {
	const identity = await session.query(
		`SELECT pg_backend_pid(), current_database(), (SELECT oid FROM pg_roles WHERE rolname = current_user),
			(SELECT backend_start FROM pg_stat_activity WHERE pid = pg_backend_pid())::text`,
	);
	const [pid, database, userId, backendStart] = identity.rows[0] as string[];
	const allocated = await context.autonomous(`SELECT nextval('${SYSTEM_SCHEMA}.query_ids')`);
	const queryId = Number(allocated.rows[0][0]);
	await context.autonomous(
		`INSERT INTO ${SYSTEM_SCHEMA}.copy_session_state (pid, backend_start, query_id) VALUES ($1, $2, $3)
		ON CONFLICT (pid) DO UPDATE SET backend_start = EXCLUDED.backend_start, query_id = EXCLUDED.query_id, loaded_rows = 0`,
		[pid, backendStart, queryId],
	);
	return {
		queryId,
		sessionPid: Number(pid),
		userId: Number(userId),
		database,
		tableOid: table.oid,
		tableName: table.name,
		startTime: new Date(),
	};
}

/** What pg_last_copy_count() returns: rows the COPY loaded (0 until it completes, and after a failure). */
export async function recordCopyCount(
	context: EngineContext,
	run: CopyRun,
	loadedRows: number,
): Promise<void> {
	await context.autonomous(
		`UPDATE ${SYSTEM_SCHEMA}.copy_session_state SET loaded_rows = $1 WHERE pid = $2 AND query_id = $3`,
		[loadedRows, run.sessionPid, run.queryId],
	);
}

export interface LoadOutcome {
	status: 'completed' | 'failed';
	loadedRows: number;
	loadedBytes: number;
	fileCount: number;
	fileBytes: number;
	errorCount: number;
}

function fileFormat(command: CopyCommand): string {
	const names = { text: 'Text', csv: 'CSV', json: 'JSON', parquet: 'PARQUET' } as const;
	return names[command.format.kind];
}

/** Adds the COPY to sys_load_history, with the statement's secrets redacted. */
export async function recordLoadHistory(
	context: EngineContext,
	run: CopyRun,
	command: CopyCommand,
	table: TargetTable,
	authorization: { redacted: string; statement: string },
	outcome: LoadOutcome,
): Promise<void> {
	const end = new Date();
	const stamp = (date: Date) => date.toISOString().replace('T', ' ').replace('Z', '');
	await context.autonomous(
		`INSERT INTO ${SYSTEM_SCHEMA}.sys_load_history (user_id, query_id, status, session_id, database_name, table_name,
			start_time, end_time, duration, data_source, file_format, loaded_rows, loaded_bytes, source_file_count,
			source_file_bytes, error_count, query_text, credentials)
		VALUES ($1, $2, $3, $4, $5, $6, $7::timestamp, $8::timestamp, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)`,
		[
			run.userId,
			run.queryId,
			outcome.status,
			run.sessionPid,
			run.database,
			`${table.schema}.${table.name}`.slice(0, 136),
			stamp(run.startTime),
			stamp(end),
			(end.getTime() - run.startTime.getTime()) * 1000,
			command.source.slice(0, 256),
			fileFormat(command),
			outcome.loadedRows,
			outcome.loadedBytes,
			outcome.fileCount,
			outcome.fileBytes,
			outcome.errorCount,
			authorization.statement.slice(0, 4000),
			authorization.redacted.slice(0, 512),
		],
	);
}
