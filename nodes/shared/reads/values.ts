import {
	canonicalDate,
	canonicalTime,
	canonicalTimestamp,
	daysToDate,
	microsToTimestamp,
} from './dateTimeText';
import { exactNumber, shortestFloat32 } from './numberText';

/**
 * One conversion for every read path (wire, Data API, unloaded CSV, unloaded Parquet), so the
 * same row looks the same whichever way it was read. Each path hands over what it has (text,
 * numbers, bigints, parsed JSON); the column's kind decides the one output form.
 */

/** 'text' (default): int8 and numeric as exact strings. 'native': numbers where that is exact. */
export type NumberMode = 'text' | 'native';

export type ValueKind =
	| 'smallint'
	| 'integer'
	| 'bigint'
	| 'numeric'
	| 'real'
	| 'double'
	| 'boolean'
	| 'char'
	| 'varchar'
	| 'date'
	| 'time'
	| 'timetz'
	| 'timestamp'
	| 'timestamptz'
	| 'super'
	| 'varbyte'
	| 'other';

export interface ReadColumn {
	name: string;
	kind: ValueKind;
	/** The Redshift type as users know it, e.g. 'numeric(38,10)', 'timestamp with time zone'. */
	type: string;
}

const KIND_BY_NAME: Record<string, ValueKind> = {
	int2: 'smallint',
	smallint: 'smallint',
	int4: 'integer',
	int: 'integer',
	integer: 'integer',
	oid: 'integer',
	int8: 'bigint',
	bigint: 'bigint',
	numeric: 'numeric',
	decimal: 'numeric',
	float4: 'real',
	real: 'real',
	float8: 'double',
	float: 'double',
	'double precision': 'double',
	bool: 'boolean',
	boolean: 'boolean',
	bpchar: 'char',
	char: 'char',
	character: 'char',
	nchar: 'char',
	varchar: 'varchar',
	'character varying': 'varchar',
	nvarchar: 'varchar',
	text: 'varchar',
	name: 'varchar',
	date: 'date',
	time: 'time',
	'time without time zone': 'time',
	timetz: 'timetz',
	'time with time zone': 'timetz',
	timestamp: 'timestamp',
	'timestamp without time zone': 'timestamp',
	timestamptz: 'timestamptz',
	'timestamp with time zone': 'timestamptz',
	super: 'super',
	json: 'super',
	jsonb: 'super',
	varbyte: 'varbyte',
	varbinary: 'varbyte',
	'binary varying': 'varbyte',
	bytea: 'varbyte',
};

/** The kind of a type name as the wire protocol, the Data API or an UNLOAD manifest reports it. */
export function columnKind(typeName: string): ValueKind {
	const name = typeName
		.toLowerCase()
		.replace(/\(.*\)/, '')
		.trim();
	return KIND_BY_NAME[name] ?? 'other';
}

const DISPLAY_NAMES: Partial<Record<ValueKind, string>> = {
	smallint: 'smallint',
	integer: 'integer',
	bigint: 'bigint',
	numeric: 'numeric',
	real: 'real',
	double: 'double precision',
	boolean: 'boolean',
	char: 'character',
	varchar: 'character varying',
	date: 'date',
	time: 'time without time zone',
	timetz: 'time with time zone',
	timestamp: 'timestamp without time zone',
	timestamptz: 'timestamp with time zone',
	super: 'super',
	varbyte: 'varbyte',
};

/** A column from a type name; `dimensions` like '(38,10)' are appended to the display type. */
export function readColumn(name: string, typeName: string, dimensions = ''): ReadColumn {
	const kind = columnKind(typeName);
	return { name, kind, type: (DISPLAY_NAMES[kind] ?? typeName.toLowerCase()) + dimensions };
}

function text(value: unknown): string {
	if (typeof value === 'string') return value;
	if (value instanceof Date) return value.toISOString();
	return String(value);
}

function integerValue(value: unknown): unknown {
	return typeof value === 'number' ? value : Number(text(value));
}

function bigintValue(value: unknown, numbers: NumberMode): unknown {
	const digits = typeof value === 'bigint' ? value.toString() : text(value).trim();
	if (numbers === 'native') {
		const number = Number(digits);
		if (Number.isSafeInteger(number)) return number;
	}
	return digits;
}

function numericValue(value: unknown, numbers: NumberMode): unknown {
	const digits = text(value).trim();
	return numbers === 'native' ? (exactNumber(digits) ?? digits) : digits;
}

/** Non-finite floats have no JSON form: they stay the strings PostgreSQL prints. */
function floatValue(value: unknown, single: boolean): unknown {
	const number = typeof value === 'number' ? value : Number(text(value));
	if (Number.isNaN(number)) return 'NaN';
	if (!Number.isFinite(number)) return number > 0 ? 'Infinity' : '-Infinity';
	return single ? shortestFloat32(number) : number;
}

function booleanValue(value: unknown): unknown {
	if (typeof value === 'boolean') return value;
	const word = text(value).trim().toLowerCase();
	return word === 't' || word === 'true' || word === '1' || word === 'y' || word === 'yes';
}

function superValue(value: unknown): unknown {
	if (typeof value !== 'string') return value;
	try {
		return JSON.parse(value) as unknown;
	} catch {
		// Not JSON text: a value the path already decoded (e.g. a bare string); keep it.
		return value;
	}
}

/** VARBYTE as lowercase hex: Redshift prints it so; bytea's '\x' prefix and Buffers are folded in. */
function varbyteValue(value: unknown): unknown {
	if (value instanceof Uint8Array) return Buffer.from(value).toString('hex');
	const hex = text(value);
	return (hex.startsWith('\\x') ? hex.slice(2) : hex).toLowerCase();
}

function dateValue(value: unknown): unknown {
	if (typeof value === 'number') return daysToDate(value);
	if (value instanceof Date) return value.toISOString().slice(0, 10);
	return canonicalDate(text(value));
}

function timestampValue(value: unknown, withZone: boolean): unknown {
	if (typeof value === 'bigint') return microsToTimestamp(value, withZone);
	if (value instanceof Date) return microsToTimestamp(BigInt(value.getTime()) * 1000n, withZone);
	return canonicalTimestamp(text(value), withZone);
}

function timeValue(value: unknown, withZone: boolean): unknown {
	if (typeof value === 'bigint') {
		// Parquet TIME in microseconds since midnight.
		return canonicalTime(microsToTimestamp(value, false).slice(11), withZone);
	}
	return canonicalTime(text(value), withZone);
}

/** One value to its output form; null and undefined are null, '' stays ''. */
export function normalizeValue(
	value: unknown,
	kind: ValueKind,
	numbers: NumberMode = 'text',
): unknown {
	if (value === null || value === undefined) return null;
	switch (kind) {
		case 'smallint':
		case 'integer':
			return integerValue(value);
		case 'bigint':
			return bigintValue(value, numbers);
		case 'numeric':
			return numericValue(value, numbers);
		case 'real':
			return floatValue(value, true);
		case 'double':
			return floatValue(value, false);
		case 'boolean':
			return booleanValue(value);
		case 'date':
			return dateValue(value);
		case 'timestamp':
			return timestampValue(value, false);
		case 'timestamptz':
			return timestampValue(value, true);
		case 'time':
			return timeValue(value, false);
		case 'timetz':
			return timeValue(value, true);
		case 'super':
			return superValue(value);
		case 'varbyte':
			return varbyteValue(value);
		default:
			return typeof value === 'string'
				? value
				: value instanceof Uint8Array
					? varbyteValue(value)
					: value;
	}
}

/** A row keyed by column name, each value converted by its column's kind. */
export function normalizeRow(
	row: Record<string, unknown>,
	columns: readonly ReadColumn[],
	numbers: NumberMode = 'text',
): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	for (const column of columns)
		out[column.name] = normalizeValue(row[column.name], column.kind, numbers);
	return out;
}
