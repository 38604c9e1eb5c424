import type { ColumnDefault } from '../redshift/sql/addColumn';
import type { ColumnType } from '../staging/columnTypes';

/** What a source column default (pg_get_expr of pg_attrdef.adbin) means for the target. */
export type SourceDefault =
	| { kind: 'none' }
	| { kind: 'constant'; value: ColumnDefault }
	| { kind: 'expression'; text: string };

const NUMBER = /^-?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
/** A quoted string ('' doubles a quote), then an optional cast: 'x'::character varying(10). */
const QUOTED =
	/^'((?:[^']|'')*)'(?:::[a-z_][a-z0-9_ ]*(?:\(\s*\d+\s*(?:,\s*-?\d+\s*)?\))?(?:\[\])*)?$/i;
const NULL_CAST = /^null(?:::[a-z_][a-z0-9_ ]*(?:\([\d\s,-]*\))?(?:\[\])*)?$/i;
const DATE_TARGETS = new Set(['DATE', 'TIMESTAMP', 'TIMESTAMPTZ']);
const NUMERIC_TARGETS = new Set([
	'SMALLINT',
	'INTEGER',
	'BIGINT',
	'NUMERIC',
	'REAL',
	'DOUBLE PRECISION',
]);

/**
 * Reads a default as PostgreSQL prints it: constants are numbers (`5`, `1.5`, `(-1)`), quoted
 * strings with an optional cast (`'x'::text`, `'-1'::integer`, `'2020-01-01'::date`), true/false
 * and NULL; anything else (now(), nextval(…), arithmetic) is an expression the target cannot
 * evaluate as the source did.
 */
export function parseSourceDefault(text: string | null | undefined): SourceDefault {
	if (text === null || text === undefined || text.trim() === '') return { kind: 'none' };
	let value = text.trim();
	// Negative numbers print in parentheses: (-1), (-1.5).
	const parenthesised = /^\((-[^()]*)\)$/.exec(value);
	if (parenthesised) value = parenthesised[1].trim();
	if (NUMBER.test(value)) return { kind: 'constant', value: { kind: 'number', text: value } };
	if (/^(true|false)$/i.test(value)) {
		return { kind: 'constant', value: { kind: 'boolean', value: value.toLowerCase() === 'true' } };
	}
	if (NULL_CAST.test(value)) return { kind: 'none' };
	const quoted = QUOTED.exec(value);
	if (quoted) {
		return { kind: 'constant', value: { kind: 'string', text: quoted[1].replace(/''/g, "'") } };
	}
	return { kind: 'expression', text: text.trim() };
}

/**
 * The default as the target column takes it, or undefined when it cannot: numbers for numeric
 * columns (also a quoted '-1'::integer), booleans for BOOLEAN, strings for the others. A SUPER
 * column would store a quoted string as a JSON string scalar, not the source's JSON, so it gets none.
 */
export function defaultForTarget(
	value: ColumnDefault,
	type: ColumnType,
): ColumnDefault | undefined {
	if (type.name === 'SUPER') return undefined;
	if (NUMERIC_TARGETS.has(type.name)) {
		const text = value.kind === 'boolean' ? undefined : value.text.trim();
		return text !== undefined && NUMBER.test(text) ? { kind: 'number', text } : undefined;
	}
	if (type.name === 'BOOLEAN') {
		if (value.kind === 'boolean') return value;
		const text = value.text.trim().toLowerCase();
		if (['true', 't', 'yes', 'y', 'on', '1'].includes(text))
			return { kind: 'boolean', value: true };
		if (['false', 'f', 'no', 'n', 'off', '0'].includes(text))
			return { kind: 'boolean', value: false };
		return undefined;
	}
	if (value.kind === 'boolean') return { kind: 'string', text: value.value ? 'true' : 'false' };
	// Redshift has no infinite dates (PostgreSQL's 'infinity' is a common "valid to" default).
	if (DATE_TARGETS.has(type.name) && /^[+-]?infinity$/i.test(value.text.trim())) return undefined;
	return { kind: 'string', text: value.text };
}
