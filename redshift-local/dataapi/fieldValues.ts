import type { RedshiftType } from './redshiftTypes';

/**
 * One value of a result row as a Data API `Field`, serialised to JSON text here because JSON.stringify
 * cannot write an int8 beyond 2^53 exactly: longValue carries the database's digits unchanged, as
 * Redshift sends them (a JavaScript client then rounds them when it parses; cast to varchar to keep them).
 */

const JSON_INTEGER = /^-?(0|[1-9][0-9]*)$/;
const JSON_NUMBER = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$/;

/** Non-finite doubles travel as strings, as Smithy's JSON protocols write them. */
const NON_FINITE: Record<string, string> = {
	NaN: '"NaN"',
	Infinity: '"Infinity"',
	'-Infinity': '"-Infinity"',
};

function doubleJson(value: string): string {
	if (JSON_NUMBER.test(value)) return value;
	return NON_FINITE[value] ?? JSON.stringify(Number(value));
}

/** bytea's hex text (`\x0a0b`) as the base64 a blobValue carries. */
function blobJson(value: string): string {
	const bytes = value.startsWith('\\x')
		? Buffer.from(value.slice(2), 'hex')
		: Buffer.from(value, 'latin1');
	return JSON.stringify(bytes.toString('base64'));
}

/**
 * Redshift's Data API prints a TIMESTAMP as java.sql.Timestamp does: at least one fractional digit
 * ("2022-02-22 00:00:00.0", MG data-api-calling.md), otherwise the digits the value has.
 */
function timestampText(value: string): string {
	return /^\d{4,}-\d\d-\d\d \d\d:\d\d:\d\d$/.test(value) ? `${value}.0` : value;
}

/** jsonb's text has a space after `:` and `,`; SUPER's is compact. Strings are kept byte for byte. */
function compactJson(value: string): string {
	let out = '';
	let inString = false;
	for (let index = 0; index < value.length; index++) {
		const char = value[index];
		if (inString) {
			out += char;
			if (char === '\\') out += value[++index] ?? '';
			else if (char === '"') inString = false;
		} else if (char === '"') {
			inString = true;
			out += char;
		} else if (!/\s/.test(char)) {
			out += char;
		}
	}
	return out;
}

function stringText(value: string, type: RedshiftType): string {
	if (type.typeName === 'timestamp') return timestampText(value);
	if (type.typeName === 'super') return compactJson(value);
	return value;
}

export function fieldJson(value: string | null, type: RedshiftType): string {
	if (value === null) return '{"isNull":true}';
	switch (type.kind) {
		case 'long':
			return JSON_INTEGER.test(value)
				? `{"longValue":${value}}`
				: `{"stringValue":${JSON.stringify(value)}}`;
		case 'double':
			return `{"doubleValue":${doubleJson(value)}}`;
		case 'boolean':
			return `{"booleanValue":${value === 't' || value === 'true'}}`;
		case 'blob':
			return `{"blobValue":${blobJson(value)}}`;
		default:
			return `{"stringValue":${JSON.stringify(stringText(value, type))}}`;
	}
}

export function recordJson(
	row: ReadonlyArray<string | null>,
	types: readonly RedshiftType[],
): string {
	return `[${row.map((value, column) => fieldJson(value, types[column])).join(',')}]`;
}
