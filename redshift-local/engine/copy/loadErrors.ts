import { RedshiftError, type AutonomousQuery } from '../session';
import { SYSTEM_SCHEMA } from '../systemSchema';
import type { TargetColumn } from './targetTable';

/** One bad row, as stl_load_errors describes it. Raw values are byte strings (latin1). */
export interface LoadError {
	file: string;
	lineNumber: number;
	rawLine: string;
	code: number;
	reason: string;
	column?: TargetColumn;
	/** 1-based position of the field in the row. */
	fieldNumber?: number;
	rawFieldValue?: string;
	position?: number;
	/** The row's fields up to the failing one, for stl_loaderror_detail. */
	rowFields?: Array<{ column: TargetColumn; bytes: string | null }>;
}

/** Who ran the COPY, when and where: the columns every system-table row repeats. */
export interface CopyRun {
	queryId: number;
	sessionPid: number;
	userId: number;
	database: string;
	tableOid: number;
	tableName: string;
	startTime: Date;
}

/** Redshift's message when a COPY fails on bad data (SQLSTATE XX000; two spaces after "failed."). */
export function loadFailedMessage(tableName: string): string {
	return `Load into table '${tableName}' failed.  Check 'stl_load_errors' system table for details.`;
}

/** The error the client gets, with a DETAIL in Redshift's layout naming the first bad row. */
export function loadFailedError(run: CopyRun, first: LoadError): RedshiftError {
	const where = `line ${first.lineNumber}${first.column ? `, column ${first.column.name}` : ''} of ${first.file}`;
	const detail = [
		'-----------------------------------------------',
		`error:  ${first.reason}`,
		`code:      ${first.code}`,
		`context:   ${where}`,
		`query:     ${run.queryId}`,
		'-----------------------------------------------',
	].join('\n');
	return new RedshiftError(loadFailedMessage(run.tableName), 'XX000', detail);
}

/** Byte string → readable text that fits a char(n) column; PostgreSQL text cannot hold NUL. */
function printable(bytes: string | undefined, max: number, asciiOnly: boolean): string {
	if (bytes === undefined) return '';
	let text = Buffer.from(bytes, 'latin1').toString('utf8').replace(/\0/g, '.');
	// stl_load_errors.raw_line: "Multibyte characters in the load data are replaced with a period."
	if (asciiOnly) text = text.replace(/[\u0080-\uffff]/g, '.');
	return [...text].slice(0, max).join('');
}

function columnLength(column: TargetColumn | undefined): string | null {
	if (column?.maxLength !== undefined) return String(column.maxLength);
	if (column?.precision !== undefined) return `${column.precision}, ${column.scale ?? 0}`;
	return null;
}

interface ErrorColumns {
	files: string[];
	lines: number[];
	names: string[];
	types: string[];
	lengths: Array<string | null>;
	positions: number[];
	rawLines: string[];
	rawValues: string[];
	codes: number[];
	reasons: string[];
	messages: string[];
}

function errorColumns(errors: LoadError[]): ErrorColumns {
	return {
		files: errors.map((error) => error.file.slice(0, 256)),
		lines: errors.map((error) => error.lineNumber),
		names: errors.map((error) => error.column?.name.slice(0, 127) ?? ''),
		types: errors.map((error) => error.column?.baseType.slice(0, 10) ?? ''),
		lengths: errors.map((error) => columnLength(error.column)),
		positions: errors.map((error) => error.position ?? 0),
		rawLines: errors.map((error) => printable(error.rawLine, 1024, true)),
		rawValues: errors.map((error) => printable(error.rawFieldValue, 1024, false)),
		codes: errors.map((error) => error.code),
		reasons: errors.map((error) => error.reason.slice(0, 100)),
		messages: errors.map((error) => error.reason.slice(0, 512)),
	};
}

/**
 * stl_loaderror_detail: one row per field of each bad row, up to the field that failed
 * (DG r_STL_LOADERROR_DETAIL.md, PG_LAST_COPY_ID.md example).
 */
function detailColumns(errors: LoadError[]) {
	const rows = errors.flatMap((error) => {
		const fields =
			error.rowFields ??
			(error.column ? [{ column: error.column, bytes: error.rawFieldValue ?? null }] : []);
		const first = error.rowFields ? 1 : (error.fieldNumber ?? 1);
		return fields.map((field, index) => ({ error, field, number: first + index }));
	});
	return {
		files: rows.map(({ error }) => error.file.slice(0, 256)),
		lines: rows.map(({ error }) => error.lineNumber),
		fields: rows.map(({ number }) => number),
		names: rows.map(({ field }) => field.column.name.slice(0, 1024)),
		values: rows.map(({ field }) => printable(field.bytes ?? undefined, 1024, false)),
		nulls: rows.map(({ field }) => (field.bytes === null ? 1 : 0)),
		types: rows.map(({ field }) => field.column.baseType.slice(0, 10)),
		lengths: rows.map(({ field }) => columnLength(field.column)),
	};
}

/**
 * Writes the bad rows to stl_load_errors, stl_loaderror_detail and sys_load_error_detail on the
 * autocommit connection: they stay readable after the client's transaction rolls back.
 */
export async function recordLoadErrors(
	autonomous: AutonomousQuery,
	run: CopyRun,
	errors: LoadError[],
): Promise<void> {
	if (errors.length === 0) return;
	const c = errorColumns(errors);
	const start = run.startTime.toISOString().replace('T', ' ').replace('Z', '');
	await autonomous(
		`INSERT INTO ${SYSTEM_SCHEMA}.stl_load_errors (userid, slice, tbl, starttime, session, query, filename,
			line_number, colname, type, col_length, position, raw_line, raw_field_value, err_code, err_reason, is_partial, start_offset)
		SELECT $1, 0, $2, $3::timestamp, $4, $5, f, l, n, t, cl, p, rl, rv, ec, er, 0, 0
		FROM unnest($6::text[], $7::bigint[], $8::text[], $9::text[], $10::text[], $11::int[], $12::text[], $13::text[], $14::int[], $15::text[])
			AS u(f, l, n, t, cl, p, rl, rv, ec, er)`,
		[
			run.userId,
			run.tableOid,
			start,
			run.sessionPid,
			run.queryId,
			c.files,
			c.lines,
			c.names,
			c.types,
			c.lengths,
			c.positions,
			c.rawLines,
			c.rawValues,
			c.codes,
			c.reasons,
		],
	);
	const detail = detailColumns(errors);
	await autonomous(
		`INSERT INTO ${SYSTEM_SCHEMA}.stl_loaderror_detail (userid, slice, session, query, filename, line_number,
			field, colname, value, is_null, type, col_length)
		SELECT $1, 0, $2, $3, f, l, fn, n, v, nl, t, cl
		FROM unnest($4::text[], $5::bigint[], $6::int[], $7::text[], $8::text[], $9::int[], $10::text[], $11::text[])
			AS u(f, l, fn, n, v, nl, t, cl)`,
		[
			run.userId,
			run.sessionPid,
			run.queryId,
			detail.files,
			detail.lines,
			detail.fields,
			detail.names,
			detail.values,
			detail.nulls,
			detail.types,
			detail.lengths,
		],
	);
	await autonomous(
		`INSERT INTO ${SYSTEM_SCHEMA}.sys_load_error_detail (user_id, query_id, session_id, database_name, table_id,
			start_time, file_name, line_number, column_name, column_type, column_length, position, error_code, error_message)
		SELECT $1, $2, $3, $4, $5, $6::timestamp, f, l, n, t, cl, p, ec, em
		FROM unnest($7::text[], $8::bigint[], $9::text[], $10::text[], $11::text[], $12::int[], $13::int[], $14::text[])
			AS u(f, l, n, t, cl, p, ec, em)`,
		[
			run.userId,
			run.queryId,
			run.sessionPid,
			run.database,
			run.tableOid,
			start,
			c.files,
			c.lines,
			c.names,
			c.types,
			c.lengths,
			c.positions,
			c.codes,
			c.messages,
		],
	);
}
