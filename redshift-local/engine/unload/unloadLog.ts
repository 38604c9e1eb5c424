import type { BackendSession, EngineContext } from '../session';
import { SYSTEM_SCHEMA } from '../systemSchema';
import type { WrittenFile } from './dataFiles';
import type { UnloadCommand } from './unloadCommand';

const S = SYSTEM_SCHEMA;

/**
 * Where Redshift records UNLOADs (DG r_STL_UNLOAD_LOG.md; SYS_UNLOAD_HISTORY and SYS_UNLOAD_DETAIL
 * in the current AWS docs) and what PG_LAST_UNLOAD_ID() / PG_LAST_UNLOAD_COUNT() answer. The query
 * id sequence is shared with COPY (same idempotent definition in both modules).
 */
export const unloadSystemObjects: string[] = [
	`CREATE SEQUENCE IF NOT EXISTS ${S}.query_ids AS integer START 1000`,
	`CREATE TABLE IF NOT EXISTS ${S}.stl_unload_log (
		userid integer, query integer, slice integer, pid integer, path character(1280),
		start_time timestamp, end_time timestamp, line_count bigint, transfer_size bigint, file_format character(10))`,
	`CREATE TABLE IF NOT EXISTS ${S}.sys_unload_detail (
		user_id integer, query_id bigint, session_id integer, transaction_id bigint, file_name character(1280),
		start_time timestamp, end_time timestamp, line_count bigint, transfer_size bigint, file_format character(10))`,
	`CREATE TABLE IF NOT EXISTS ${S}.sys_unload_history (
		user_id integer, query_id bigint, transaction_id bigint, session_id integer, database_name character(64),
		status character(30), file_format character(30), start_time timestamp, end_time timestamp, duration bigint,
		unloaded_rows bigint, unloaded_files_count bigint, unloaded_files_size bigint, unload_path character(1280))`,
	`CREATE TABLE IF NOT EXISTS ${S}.unload_session_state (
		pid integer PRIMARY KEY, backend_start timestamptz NOT NULL, query_id integer NOT NULL, row_count bigint NOT NULL)`,
	`CREATE OR REPLACE FUNCTION ${S}.pg_last_unload_id() RETURNS integer LANGUAGE sql STABLE AS $$
		SELECT coalesce((SELECT s.query_id FROM ${S}.unload_session_state s
			JOIN pg_stat_activity a ON a.pid = s.pid AND a.backend_start = s.backend_start
			WHERE s.pid = pg_backend_pid()), -1)
	$$`,
	`CREATE OR REPLACE FUNCTION ${S}.pg_last_unload_count() RETURNS bigint LANGUAGE sql STABLE AS $$
		SELECT coalesce((SELECT s.row_count FROM ${S}.unload_session_state s
			JOIN pg_stat_activity a ON a.pid = s.pid AND a.backend_start = s.backend_start
			WHERE s.pid = pg_backend_pid()), 0)
	$$`,
];

const FORMAT_NAMES: Record<UnloadCommand['format'], string> = {
	text: 'Text',
	csv: 'CSV',
	json: 'JSON',
	parquet: 'Parquet',
};

/**
 * Records a finished UNLOAD on the autocommit connection, so the record stays even when the
 * client's transaction rolls back (the files stay too). Skipped quietly when the database has no
 * such system tables (a front started with other system DDL).
 */
export async function logUnload(
	command: UnloadCommand,
	files: readonly WrittenFile[],
	rows: number,
	startTime: Date,
	session: BackendSession,
	context: EngineContext,
): Promise<void> {
	const ready = await context.autonomous('SELECT pg_catalog.to_regclass($1) IS NOT NULL', [
		`${S}.unload_session_state`,
	]);
	if (ready.rows[0]?.[0] !== 't') return;
	const backend = await session.query(
		'SELECT pid, backend_start, txid_current_if_assigned(), usesysid FROM pg_stat_activity WHERE pid = pg_backend_pid()',
	);
	const [pid, backendStart, transactionId, userId] = backend.rows[0] ?? [];
	const queryId =
		(await context.autonomous(`SELECT nextval('${S}.query_ids')`)).rows[0]?.[0] ?? '-1';
	const start = startTime.toISOString();
	const end = new Date().toISOString();
	const format = FORMAT_NAMES[command.format];
	for (const [slice, file] of files.entries()) {
		await context.autonomous(
			`INSERT INTO ${S}.stl_unload_log VALUES ($1, $2, $3, $4, $5, $6::timestamptz AT TIME ZONE 'UTC', $7::timestamptz AT TIME ZONE 'UTC', $8, $9, $10)`,
			[
				userId,
				queryId,
				String(slice),
				pid,
				file.url,
				start,
				end,
				String(file.recordCount),
				String(file.contentLength),
				format,
			],
		);
		await context.autonomous(
			`INSERT INTO ${S}.sys_unload_detail VALUES ($1, $2, $3, $4, $5, $6::timestamptz AT TIME ZONE 'UTC', $7::timestamptz AT TIME ZONE 'UTC', $8, $9, $10)`,
			[
				userId,
				queryId,
				pid,
				transactionId,
				file.url,
				start,
				end,
				String(file.recordCount),
				String(file.contentLength),
				format,
			],
		);
	}
	await context.autonomous(
		`INSERT INTO ${S}.sys_unload_history VALUES ($1, $2, $3, $4, current_database(), 'success', $5,
			$6::timestamptz AT TIME ZONE 'UTC', $7::timestamptz AT TIME ZONE 'UTC', $8, $9, $10, $11, $12)`,
		[
			userId,
			queryId,
			transactionId,
			pid,
			format,
			start,
			end,
			String((Date.parse(end) - Date.parse(start)) * 1000),
			String(rows),
			String(files.length),
			String(files.reduce((sum, file) => sum + file.contentLength, 0)),
			`s3://${command.bucket}/${command.prefix}`,
		],
	);
	await context.autonomous(
		`INSERT INTO ${S}.unload_session_state VALUES ($1, $2, $3, $4)
		 ON CONFLICT (pid) DO UPDATE SET backend_start = EXCLUDED.backend_start, query_id = EXCLUDED.query_id, row_count = EXCLUDED.row_count`,
		[pid, backendStart, queryId, String(rows)],
	);
}
