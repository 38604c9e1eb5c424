import type { RedshiftConnection, SqlRow } from '../redshift/connection/types';
import { buildStlLoadErrorsQuery, buildSysLoadErrorsQuery } from '../redshift/sql/loadErrors';
import { redactCopy } from '../redshift/sql/redact';
import type { LoadErrorDetail } from './errors';

/** Finds the input item of a staged line: (file URL, line from 1) → item index. */
export type LineLocator = (file: string, line: number) => number | undefined;

const LOAD_FAILED = /Load into table .* failed/i;

/** The text of a server error with its DETAIL (node-postgres keeps it apart; the Data API appends it). */
export function serverText(error: unknown): string {
	const message = error instanceof Error ? error.message : String(error);
	const detail = (error as { detail?: unknown } | null)?.detail;
	return typeof detail === 'string' && detail !== '' && !message.includes(detail)
		? `${message}\nDETAIL: ${detail}`
		: message;
}

/** True when the error is Redshift's "Load into table … failed" (bad data in a COPY). */
export function isCopyLoadFailure(error: unknown): boolean {
	return LOAD_FAILED.test(serverText(error));
}

/** The COPY query id Redshift prints in the error's DETAIL ("query: 1234"). */
export function queryIdFromError(error: unknown): string | undefined {
	return /\bquery:\s*(\d{1,19})\b/.exec(serverText(error))?.[1];
}

function text(value: unknown): string | null {
	if (value === null || value === undefined) return null;
	const result = String(value).trim();
	return result === '' ? null : result;
}

function whole(value: unknown): number | null {
	const result = Number(value);
	return value === null || value === undefined || !Number.isFinite(result) ? null : result;
}

function toDetail(row: SqlRow, locate?: LineLocator): LoadErrorDetail {
	const detail: LoadErrorDetail = {
		queryId: String(row.query_id),
		file: text(row.file_name),
		line: whole(row.line_number),
		column: text(row.column_name),
		columnType: text(row.column_type),
		columnLength: text(row.column_length),
		value:
			row.raw_field_value === null || row.raw_field_value === undefined
				? null
				: String(row.raw_field_value).trimEnd(),
		code: whole(row.error_code),
		reason: text(row.error_message),
	};
	if (locate && detail.file !== null && detail.line !== null) {
		const itemIndex = locate(detail.file, detail.line);
		if (itemIndex !== undefined) detail.itemIndex = itemIndex;
	}
	return detail;
}

/**
 * The bad rows of a failed COPY: stl_load_errors (provisioned clusters) first, then
 * sys_load_error_detail (Serverless and Multi-AZ, where STL views are not readable). Reading them
 * must never hide the load's own error, so a failure here gives an empty list.
 */
export async function readLoadErrors(
	connection: RedshiftConnection,
	queryId: string,
	locate?: LineLocator,
): Promise<LoadErrorDetail[]> {
	for (const query of [buildStlLoadErrorsQuery(queryId), buildSysLoadErrorsQuery(queryId)]) {
		try {
			const result = await connection.query(query);
			if (result.rows.length > 0) return result.rows.map((row) => toDetail(row, locate));
		} catch {
			// e.g. "permission denied for relation stl_load_errors" on Serverless: try the next view.
		}
	}
	return [];
}

const HINTS: Record<number, string> = {
	1202: 'The row has more fields than the table has columns.',
	1203: 'The row has fewer fields than the table has columns.',
	1204: 'Make the column wider (ALTER TABLE … ALTER COLUMN … TYPE VARCHAR(n)), or turn on truncating long values.',
	1205: 'Give dates as YYYY-MM-DD.',
	1206: 'Give timestamps in ISO 8601 (2024-01-31T12:00:00Z).',
	1207: 'The value has a character that is not a digit (Redshift error 1207, "Invalid digit"): give the number without separators, currency signs or spaces.',
	1208: 'The value is not a floating-point number.',
	1209: "The value is not a decimal number that fits the column's precision and scale.",
	1210: 'Give booleans as true/false.',
	1213: 'The column is NOT NULL: give it a value.',
	1220: 'The text is not valid UTF-8: fix it, or turn on replacing invalid characters.',
	1222: "The number is outside the column type's range: use a wider type (BIGINT, NUMERIC).",
	1224: 'SUPER columns need valid JSON.',
};

const MAX_VALUE_CHARACTERS = 200;

function quoted(value: string): string {
	const shown =
		[...value].length > MAX_VALUE_CHARACTERS
			? `${[...value].slice(0, MAX_VALUE_CHARACTERS).join('')}…`
			: value;
	return JSON.stringify(shown);
}

/**
 * One line a person can act on, e.g.
 * `item 3, column "name" (varchar(10)): String length exceeds DDL length [Redshift load error 1204 at line 4 of s3://…/part-00000.csv.gz; value "…"]. Make the column wider …`
 */
export function describeLoadError(detail: LoadErrorDetail): string {
	const where: string[] = [];
	if (detail.itemIndex !== undefined) where.push(`item ${detail.itemIndex}`);
	if (detail.column) {
		const type = detail.columnType
			? ` (${detail.columnType}${detail.columnLength ? `(${detail.columnLength})` : ''})`
			: '';
		where.push(`column "${detail.column}"${type}`);
	}
	const facts = [`Redshift load error ${detail.code ?? '?'}`];
	if (detail.line !== null)
		facts.push(`at line ${detail.line}${detail.file ? ` of ${detail.file}` : ''}`);
	const value = detail.value !== null ? `; value ${quoted(detail.value)}` : '';
	const hint = detail.code !== null ? HINTS[detail.code] : undefined;
	const head = where.length > 0 ? `${where.join(', ')}: ` : '';
	return redactCopy(
		`${head}${detail.reason ?? 'the row could not be loaded'} [${facts.join(' ')}${value}]${hint ? `. ${hint}` : ''}`,
	);
}
