import { MAX_NUMERIC_PRECISION, MAX_VARCHAR_BYTES, type ColumnType } from '../staging/columnTypes';

/**
 * A source column as a CDC schema event describes it. Only formattedType is always there; the
 * structured fields come from the trigger's catalog read and are absent in older events.
 */
export interface SourceColumnType {
	/** As format_type prints it: 'numeric(12,5)', 'character varying(20)', 'mood', 'integer[]'. */
	formattedType: string;
	/** pg_type.typname: 'int4', '_text' (arrays start with '_'), an enum's name. */
	typeName?: string;
	typeOid?: number;
	/** character(n), character varying(n), bit(n), bit varying(n): n. */
	length?: number;
	/** numeric(p,s): p and s. */
	precision?: number;
	scale?: number;
	/**
	 * pg_type.typcategory when the event carries it ('E' for enums, 'A' for arrays). Without it an
	 * enum cannot be told from a domain, range or composite type (all are user types with a name),
	 * so user types then get VARCHAR(65535), which holds every one of them.
	 */
	typeCategory?: string;
}

const VARCHAR_MAX: ColumnType = { name: 'VARCHAR', length: MAX_VARCHAR_BYTES };
/** Enum labels are at most 63 bytes (NAMEDATALEN - 1); network addresses and money print shorter. */
const VARCHAR_64: ColumnType = { name: 'VARCHAR', length: 64 };
/** Bytes per character in the worst case: Redshift counts UTF-8 bytes, PostgreSQL characters. */
const BYTES_PER_CHARACTER = 4;

const EXACT: ReadonlyMap<string, ColumnType> = new Map<string, ColumnType>([
	['smallint', { name: 'SMALLINT' }],
	['integer', { name: 'INTEGER' }],
	['bigint', { name: 'BIGINT' }],
	['real', { name: 'REAL' }],
	['double precision', { name: 'DOUBLE PRECISION' }],
	['boolean', { name: 'BOOLEAN' }],
	['date', { name: 'DATE' }],
	['timestamp without time zone', { name: 'TIMESTAMP' }],
	['timestamp with time zone', { name: 'TIMESTAMPTZ' }],
	['time without time zone', { name: 'TIME' }],
	['time with time zone', { name: 'TIMETZ' }],
	['json', { name: 'SUPER' }],
	['jsonb', { name: 'SUPER' }],
	['uuid', { name: 'VARCHAR', length: 36 }],
	['inet', VARCHAR_64],
	['cidr', VARCHAR_64],
	['macaddr', VARCHAR_64],
	['macaddr8', VARCHAR_64],
	['money', VARCHAR_64],
]);

/** Built-in OIDs whose format_type name the trigger may not know (it then prints 'oid:<n>'). */
const BY_OID: ReadonlyMap<number, ColumnType> = new Map([[774 /* macaddr8 */, VARCHAR_64]]);

/**
 * The Redshift type that holds a PostgreSQL column's values exactly (the README's type map):
 * numbers and dates natively, character lengths in bytes (4 per character), JSON as SUPER, and
 * types Redshift lacks (arrays, intervals, uuid, network types, money, bits, unconstrained or
 * over-wide numeric, and anything unknown) as their PostgreSQL text in a VARCHAR long enough for it.
 * Reads the event's structured fields first, the format_type text when they are absent.
 */
export function redshiftTypeForPostgres(source: SourceColumnType | string): ColumnType {
	const column: SourceColumnType = typeof source === 'string' ? { formattedType: source } : source;
	const formatted = column.formattedType.trim().toLowerCase().replace(/\s+/g, ' ');
	if (isArray(column, formatted)) return VARCHAR_MAX;
	if (column.typeCategory === 'E') return VARCHAR_64;
	const byOid = column.typeOid === undefined ? undefined : BY_OID.get(column.typeOid);
	if (byOid) return byOid;

	const base = formatted
		.replace(/\(\s*-?\d+\s*(,\s*-?\d+\s*)?\)/, '')
		.replace(/\s+/g, ' ')
		.trim();
	const [first, second] = modifiers(formatted);
	switch (base) {
		case 'numeric':
			return numericType(column.precision ?? first, column.scale ?? second);
		case 'character varying':
		case 'character':
			return characterType(column.length ?? first);
		case 'bit':
		case 'bit varying':
			return bitType(column.length ?? first);
		case 'text':
		case 'name':
		case 'citext':
		case 'bytea':
		case 'bpchar':
			return VARCHAR_MAX;
		case 'interval':
			return { name: 'VARCHAR', length: 255 };
		default:
	}
	// interval with fields ('interval day to second(3)') keeps its text too.
	if (/^interval\b/.test(base)) return { name: 'VARCHAR', length: 255 };
	return EXACT.get(base) ?? VARCHAR_MAX;
}

function isArray(column: SourceColumnType, formatted: string): boolean {
	return (
		formatted.endsWith('[]') ||
		column.typeCategory === 'A' ||
		(column.typeName !== undefined && column.typeName.startsWith('_') && column.typeName.length > 1)
	);
}

/** The numbers in a type's parentheses: 'numeric(12,5)' → [12, 5]; 'timestamp(3) with time zone' → [3]. */
function modifiers(formatted: string): [number | undefined, number | undefined] {
	const match = /\(\s*(-?\d+)\s*(?:,\s*(-?\d+)\s*)?\)/.exec(formatted);
	if (!match) return [undefined, undefined];
	return [Number(match[1]), match[2] === undefined ? undefined : Number(match[2])];
}

/**
 * numeric(p,s) as NUMERIC with room for every value it holds. Since PostgreSQL 15 the scale may be
 * negative (numeric(5,-2) holds 9999900: p - s whole digits) or above the precision (numeric(2,5)
 * holds 0.00099: s digits after the point); Redshift needs 0 ≤ s ≤ p ≤ 38, so those widen.
 */
function numericType(precision: number | undefined, scale = 0): ColumnType {
	if (precision === undefined || !Number.isInteger(precision) || precision < 1) return VARCHAR_MAX;
	const digits = scale < 0 ? precision - scale : Math.max(precision, scale);
	if (digits > MAX_NUMERIC_PRECISION) return VARCHAR_MAX;
	return { name: 'NUMERIC', precision: digits, scale: Math.max(0, scale) };
}

function characterType(characters: number | undefined): ColumnType {
	if (characters === undefined || !Number.isInteger(characters) || characters < 1)
		return VARCHAR_MAX;
	return { name: 'VARCHAR', length: Math.min(MAX_VARCHAR_BYTES, characters * BYTES_PER_CHARACTER) };
}

/** bit(n) prints n ASCII digits: n bytes. */
function bitType(bits: number | undefined): ColumnType {
	if (bits === undefined || !Number.isInteger(bits) || bits < 1) return VARCHAR_MAX;
	return { name: 'VARCHAR', length: Math.min(MAX_VARCHAR_BYTES, bits) };
}
