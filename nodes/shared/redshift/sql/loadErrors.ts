import { SqlBuildError } from './errors';
import { integerLiteral } from './literals';
import type { ParameterizedQuery } from './statement';

/*
 * Load-error rows share one shape whichever view they come from:
 * query_id, file_name, line_number, column_name, column_type, column_length, position,
 * raw_line, raw_field_value (NULL from sys_load_error_detail), error_code, error_message.
 */

/** The column buildLastCopyIdQuery names. */
export const COPY_ID_COLUMN = 'query_id';

/** The id of the session's last COPY, which stl_load_errors.query refers to. */
export function buildLastCopyIdQuery(): string {
	return `SELECT pg_last_copy_id() AS "${COPY_ID_COLUMN}"`;
}

/**
 * Errors of one COPY from STL_LOAD_ERRORS (provisioned clusters). Raw lines can hold personal
 * data: show them only where the user asked for detail. The query id is a parameter.
 */
export function buildStlLoadErrorsQuery(queryId: number | string, limit = 10): ParameterizedQuery {
	return loadErrorsQuery(
		'SELECT "query" AS "query_id", TRIM("filename") AS "file_name", "line_number", TRIM("colname") AS "column_name", ' +
			'TRIM("type") AS "column_type", TRIM("col_length") AS "column_length", "position", TRIM("raw_line") AS "raw_line", ' +
			'TRIM("raw_field_value") AS "raw_field_value", "err_code" AS "error_code", TRIM("err_reason") AS "error_message" ' +
			'FROM stl_load_errors WHERE "query" = $1',
		queryId,
		limit,
	);
}

/**
 * Errors of one COPY from SYS_LOAD_ERROR_DETAIL (Serverless and Multi-AZ, where STL views are not
 * readable), by the query id Redshift prints in the COPY's error. It keeps no raw values.
 */
export function buildSysLoadErrorsQuery(queryId: number | string, limit = 10): ParameterizedQuery {
	return loadErrorsQuery(
		'SELECT "query_id", TRIM("file_name") AS "file_name", "line_number", TRIM("column_name") AS "column_name", ' +
			'TRIM("column_type") AS "column_type", TRIM("column_length") AS "column_length", "position", ' +
			'CAST(NULL AS VARCHAR(1024)) AS "raw_line", CAST(NULL AS VARCHAR(1024)) AS "raw_field_value", "error_code", ' +
			'TRIM("error_message") AS "error_message" FROM sys_load_error_detail WHERE "query_id" = $1',
		queryId,
		limit,
	);
}

/** One COPY's errors in line order: `selectWhere` filters on the query id as $1. */
function loadErrorsQuery(
	selectWhere: string,
	queryId: number | string,
	limit: number,
): ParameterizedQuery {
	return {
		text: `${selectWhere} ORDER BY "line_number" LIMIT ${integerLiteral(limit, 'limit', 1, 1000)}`,
		values: [queryIdValue(queryId)],
	};
}

function queryIdValue(queryId: number | string): string {
	const text = String(queryId);
	if (!/^\d{1,19}$/.test(text))
		throw new SqlBuildError(`A query id is a whole number; got ${JSON.stringify(text)}.`);
	return text;
}
