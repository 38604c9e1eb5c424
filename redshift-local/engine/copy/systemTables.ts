import { SYSTEM_SCHEMA, type SystemDdl } from '../systemSchema';

/**
 * Redshift's load-error and load-history tables, with the documented columns and types
 * (DG r_STL_LOAD_ERRORS.md, r_STL_LOADERROR_DETAIL.md; SYS_LOAD_ERROR_DETAIL and
 * SYS_LOAD_HISTORY in the current AWS docs), plus what pg_last_copy_id() and pg_last_copy_count() need. The COPY
 * handler writes them on an autocommit connection, so they survive the client's rollback.
 */
export const copySystemDdl: SystemDdl = [
	`CREATE SEQUENCE IF NOT EXISTS ${SYSTEM_SCHEMA}.query_ids AS integer START 1000`,
	`CREATE TABLE IF NOT EXISTS ${SYSTEM_SCHEMA}.stl_load_errors (
		userid integer, slice integer, tbl integer, starttime timestamp, session integer, query integer,
		filename character(256), line_number bigint, colname character(127), type character(10),
		col_length character(10), position integer, raw_line character(1024), raw_field_value character(1024),
		err_code integer, err_reason character(100), is_partial integer, start_offset bigint)`,
	`CREATE TABLE IF NOT EXISTS ${SYSTEM_SCHEMA}.stl_loaderror_detail (
		userid integer, slice integer, session integer, query integer, filename character(256),
		line_number bigint, field integer, colname character(1024), value character(1024),
		is_null integer, type character(10), col_length character(10))`,
	`CREATE TABLE IF NOT EXISTS ${SYSTEM_SCHEMA}.sys_load_error_detail (
		user_id integer, query_id bigint, transaction_id bigint, session_id integer,
		database_name character(64), table_id integer, start_time timestamp, file_name character(256),
		line_number bigint, column_name character(127), column_type character(10),
		column_length character(10), position integer, error_code integer, error_message character(512))`,
	`CREATE TABLE IF NOT EXISTS ${SYSTEM_SCHEMA}.sys_load_history (
		user_id integer, query_id bigint, status character(30), session_id integer, transaction_id bigint,
		database_name character(64), table_name character(136), start_time timestamp, end_time timestamp,
		duration bigint, data_source character(256), file_format character(16), loaded_rows bigint,
		loaded_bytes bigint, source_file_count integer, source_file_bytes bigint, error_count bigint,
		query_text character varying(4000), credentials character varying(512))`,
	`CREATE TABLE IF NOT EXISTS ${SYSTEM_SCHEMA}.copy_session_state (
		pid integer PRIMARY KEY, backend_start timestamptz NOT NULL, query_id integer NOT NULL,
		loaded_rows bigint NOT NULL DEFAULT 0)`,
	`CREATE OR REPLACE FUNCTION ${SYSTEM_SCHEMA}.pg_last_copy_count() RETURNS bigint LANGUAGE sql STABLE AS $$
		SELECT coalesce((
			SELECT s.loaded_rows FROM ${SYSTEM_SCHEMA}.copy_session_state s
			JOIN pg_stat_activity a ON a.pid = s.pid AND a.backend_start = s.backend_start
			WHERE s.pid = pg_backend_pid()), 0)
	$$`,
	`CREATE OR REPLACE FUNCTION ${SYSTEM_SCHEMA}.pg_last_copy_id() RETURNS integer LANGUAGE sql STABLE AS $$
		SELECT coalesce((
			SELECT s.query_id FROM ${SYSTEM_SCHEMA}.copy_session_state s
			JOIN pg_stat_activity a ON a.pid = s.pid AND a.backend_start = s.backend_start
			WHERE s.pid = pg_backend_pid()), -1)
	$$`,
	`CREATE OR REPLACE FUNCTION ${SYSTEM_SCHEMA}.copy_try_cast(value text, type_name text) RETURNS text
	LANGUAGE plpgsql AS $$
	DECLARE result text;
	BEGIN
		EXECUTE format('SELECT CAST($1 AS %s)::text', type_name) INTO result USING value;
		-- Redshift's DATE ends at 294276 AD (DG r_Datetime_types); PostgreSQL's goes on to 5874897 AD.
		IF type_name = 'date' AND result::date > DATE '294276-12-31' THEN
			RETURN NULL;
		END IF;
		RETURN result;
	EXCEPTION WHEN others THEN
		RETURN NULL;
	END $$`,
	`CREATE OR REPLACE FUNCTION ${SYSTEM_SCHEMA}.copy_abort(message text) RETURNS void LANGUAGE plpgsql AS $$
	BEGIN
		RAISE EXCEPTION USING MESSAGE = message, ERRCODE = 'XX000';
	END $$`,
];
