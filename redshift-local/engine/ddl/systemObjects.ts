import { SYSTEM_SCHEMA } from '../systemSchema';
import { informationalKeysDdl } from './informationalKeys';

const S = SYSTEM_SCHEMA;

/** Encoding Redshift assigns when none is given (DG c_Compression_encodings.md), shown as pg_table_def does ('none' = RAW). */
const DEFAULT_ENCODING = `CASE
		WHEN coalesce(ca.sortkey_position, 0) <> 0 THEN 'none'
		WHEN a.atttypid IN (16, 700, 701) THEN 'none'
		WHEN a.atttypid IN (20, 21, 23, 1700, 1082, 1114, 1184) THEN 'az64'
		WHEN a.atttypid IN (1042, 1043, 25) THEN 'lzo'
		WHEN a.atttypid = 3802 THEN 'zstd'
		ELSE 'none' END`;

/** Redshift's name for the stored type: SUPER and VARBYTE are jsonb and bytea underneath. */
const REDSHIFT_TYPE = `CASE a.atttypid WHEN 3802 THEN 'super' WHEN 17 THEN 'varbyte'
		ELSE pg_catalog.format_type(a.atttypid, a.atttypmod) END`;

/**
 * The DDL handler's system objects, each idempotent. Attributes are keyed by table OID and column
 * number, so ALTER TABLE … RENAME keeps them and a dropped table's rows simply stop matching.
 */
export const ddlSystemObjects: string[] = [
	`CREATE TABLE IF NOT EXISTS ${S}.table_attributes (
		table_oid oid PRIMARY KEY,
		diststyle text NOT NULL,
		sortkey_style text NOT NULL,
		backup boolean NOT NULL,
		encode_auto boolean NOT NULL
	)`,
	`CREATE TABLE IF NOT EXISTS ${S}.column_attributes (
		table_oid oid NOT NULL,
		column_number int2 NOT NULL,
		encoding text,
		distkey boolean NOT NULL DEFAULT false,
		sortkey_position int NOT NULL DEFAULT 0,
		PRIMARY KEY (table_oid, column_number)
	)`,
	`GRANT USAGE ON SCHEMA ${S} TO PUBLIC`,
	`GRANT SELECT, INSERT, UPDATE, DELETE ON ${S}.table_attributes, ${S}.column_attributes TO PUBLIC`,
	// pg_table_def (DG r_PG_TABLE_DEF.md): only tables in schemas on the search_path, as on Redshift.
	`CREATE OR REPLACE VIEW ${S}.pg_table_def AS
	SELECT n.nspname AS schemaname, c.relname AS tablename, a.attname AS "column",
		(${REDSHIFT_TYPE})::text AS type,
		(CASE WHEN ca.encoding = 'raw' THEN 'none'
			WHEN ca.encoding IS NOT NULL AND ca.encoding <> 'auto' THEN ca.encoding
			ELSE ${DEFAULT_ENCODING} END)::text AS encoding,
		coalesce(ca.distkey, false) AS distkey,
		coalesce(ca.sortkey_position, 0) AS sortkey,
		a.attnotnull AS notnull
	FROM pg_catalog.pg_class c
	JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
	JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
	LEFT JOIN ${S}.column_attributes ca ON ca.table_oid = c.oid AND ca.column_number = a.attnum
	WHERE c.relkind IN ('r', 'p') AND pg_catalog.pg_table_is_visible(c.oid)
		AND n.nspname NOT IN ('pg_catalog', 'information_schema', '${S}')`,
	// svv_table_info (DG r_SVV_TABLE_INFO.md): like Redshift, it shows no empty tables.
	`CREATE OR REPLACE VIEW ${S}.svv_table_info AS
	SELECT * FROM (
		SELECT current_database()::text AS database, n.nspname::text AS schema, c.oid::int8 AS table_id,
			c.relname::text AS "table",
			CASE WHEN EXISTS (SELECT 1 FROM ${S}.column_attributes e WHERE e.table_oid = c.oid
					AND e.encoding IS NOT NULL AND e.encoding <> 'auto')
				THEN 'Y' ELSE 'Y, AUTO(ENCODE)' END AS encoded,
			CASE coalesce(ta.diststyle, 'AUTO')
				WHEN 'KEY' THEN 'KEY(' || (SELECT k.attname FROM ${S}.column_attributes d
					JOIN pg_catalog.pg_attribute k ON k.attrelid = d.table_oid AND k.attnum = d.column_number
					WHERE d.table_oid = c.oid AND d.distkey) || ')'
				WHEN 'AUTO' THEN 'AUTO(ALL)'
				ELSE ta.diststyle END AS diststyle,
			CASE WHEN coalesce(ta.sortkey_style, 'AUTO') = 'AUTO' THEN 'AUTO(SORTKEY)'
				WHEN ta.sortkey_style = 'INTERLEAVED' THEN 'INTERLEAVED'
				ELSE (SELECT s.attname::text FROM ${S}.column_attributes f
					JOIN pg_catalog.pg_attribute s ON s.attrelid = f.table_oid AND s.attnum = f.column_number
					WHERE f.table_oid = c.oid AND abs(f.sortkey_position) = 1) END AS sortkey1,
			(SELECT max(v.atttypmod - 4) FROM pg_catalog.pg_attribute v
				WHERE v.attrelid = c.oid AND v.atttypid = 1043 AND v.attnum > 0 AND NOT v.attisdropped)::int AS max_varchar,
			(SELECT count(*) FROM ${S}.column_attributes g WHERE g.table_oid = c.oid AND g.sortkey_position <> 0)::int AS sortkey_num,
			ceil(pg_catalog.pg_total_relation_size(c.oid) / 1048576.0)::int8 AS size,
			coalesce(ta.backup, true) AS backup,
			rows.tbl_rows,
			rows.tbl_rows AS estimated_visible_rows
		FROM pg_catalog.pg_class c
		JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
		LEFT JOIN ${S}.table_attributes ta ON ta.table_oid = c.oid
		CROSS JOIN LATERAL (SELECT (xpath('/row/n/text()', query_to_xml(
			format('SELECT count(*) AS n FROM %I.%I', n.nspname, c.relname), false, true, '')))[1]::text::numeric(38,0) AS tbl_rows) rows
		WHERE c.relkind IN ('r', 'p')
			AND n.nspname NOT IN ('pg_catalog', 'information_schema', '${S}')
			AND n.nspname NOT LIKE 'pg_toast%'
			AND (n.nspname NOT LIKE 'pg_temp%' OR n.oid = pg_catalog.pg_my_temp_schema())
	) t WHERE tbl_rows > 0`,
	informationalKeysDdl,
	// GETDATE() (DG r_GETDATE.md): the statement's start in the session time zone, without fractional seconds.
	`CREATE OR REPLACE FUNCTION ${S}.getdate() RETURNS timestamp LANGUAGE sql STABLE
		AS $$ SELECT date_trunc('second', statement_timestamp()::timestamp) $$`,
	// JSON_PARSE (DG JSON_PARSE.md): text to SUPER, which is jsonb here.
	`CREATE OR REPLACE FUNCTION ${S}.json_parse(text) RETURNS jsonb LANGUAGE sql IMMUTABLE STRICT
		AS $$ SELECT $1::jsonb $$`,
	`CREATE OR REPLACE FUNCTION ${S}.json_serialize(jsonb) RETURNS varchar LANGUAGE sql IMMUTABLE STRICT
		AS $$ SELECT $1::text $$`,
	// Redshift stores no infinite dates or timestamps, no DATE after 294276 AD (DG r_Datetime_types.md:
	// 4713 BC to 294276 AD) and no NaN or infinite NUMERIC (DG r_Numeric_types201.md); arguments are
	// (column, type name) pairs. to_jsonb prints the special values as the strings tested here.
	`CREATE OR REPLACE FUNCTION ${S}.enforce_finite_values() RETURNS trigger LANGUAGE plpgsql AS $$
	DECLARE
		row_values jsonb := to_jsonb(NEW);
		value text;
		i int := 0;
	BEGIN
		WHILE i < TG_NARGS LOOP
			value := row_values ->> TG_ARGV[i];
			IF value IN ('infinity', '-infinity', 'Infinity', '-Infinity', 'NaN') THEN
				RAISE EXCEPTION 'invalid input syntax for type %: "%"', TG_ARGV[i + 1], value
					USING ERRCODE = CASE WHEN TG_ARGV[i + 1] = 'numeric' THEN '22P02' ELSE '22007' END;
			END IF;
			-- DATE ends at 294276 AD on Redshift, as TIMESTAMP does on both.
			IF TG_ARGV[i + 1] = 'date' AND value::date > DATE '294276-12-31' THEN
				RAISE EXCEPTION 'date out of range: "%"', value USING ERRCODE = '22008';
			END IF;
			i := i + 2;
		END LOOP;
		RETURN NEW;
	END $$`,
	// VARCHAR and CHAR lengths count bytes on Redshift; arguments are (column, bytes, type name) triples.
	`CREATE OR REPLACE FUNCTION ${S}.enforce_byte_lengths() RETURNS trigger LANGUAGE plpgsql AS $$
	DECLARE
		row_values jsonb := to_jsonb(NEW);
		value text;
		i int := 0;
	BEGIN
		WHILE i < TG_NARGS LOOP
			value := row_values ->> TG_ARGV[i];
			IF value IS NOT NULL AND octet_length(value) > TG_ARGV[i + 1]::int THEN
				RAISE EXCEPTION 'value too long for type %(%)', TG_ARGV[i + 2], TG_ARGV[i + 1]
					USING ERRCODE = '22001';
			END IF;
			i := i + 3;
		END LOOP;
		RETURN NEW;
	END $$`,
];
