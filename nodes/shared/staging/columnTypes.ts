import { ColumnTypeError } from './errors';

/*
 * The types of staged columns: staging writes values by them (SUPER as JSON, Parquet's logical
 * types), and the Redshift SQL builders spell them in DDL. Kept as data, checked here, so no user
 * text is ever spliced into SQL.
 */

/** VARCHAR(MAX): lengths are bytes of UTF-8, not characters. */
export const MAX_VARCHAR_BYTES = 65535;
export const MAX_CHAR_BYTES = 4096;
export const MAX_NUMERIC_PRECISION = 38;
export const MAX_VARBYTE_BYTES = 1024000;

type FixedTypeName =
	| 'SMALLINT'
	| 'INTEGER'
	| 'BIGINT'
	| 'REAL'
	| 'DOUBLE PRECISION'
	| 'BOOLEAN'
	| 'DATE'
	| 'TIMESTAMP'
	| 'TIMESTAMPTZ'
	| 'TIME'
	| 'TIMETZ'
	| 'SUPER';

/** A Redshift column type as data, so that no user text is ever spliced into DDL. */
export type ColumnType =
	| { name: FixedTypeName }
	| { name: 'VARCHAR'; length: number }
	| { name: 'CHAR'; length: number }
	| { name: 'VARBYTE'; length: number }
	| { name: 'NUMERIC'; precision: number; scale: number };

// Spellings Redshift accepts, mapped to the canonical name.
const FIXED_ALIASES: Record<string, FixedTypeName> = {
	SMALLINT: 'SMALLINT',
	INT2: 'SMALLINT',
	INTEGER: 'INTEGER',
	INT: 'INTEGER',
	INT4: 'INTEGER',
	BIGINT: 'BIGINT',
	INT8: 'BIGINT',
	REAL: 'REAL',
	FLOAT4: 'REAL',
	'DOUBLE PRECISION': 'DOUBLE PRECISION',
	FLOAT8: 'DOUBLE PRECISION',
	FLOAT: 'DOUBLE PRECISION',
	BOOLEAN: 'BOOLEAN',
	BOOL: 'BOOLEAN',
	DATE: 'DATE',
	TIMESTAMP: 'TIMESTAMP',
	'TIMESTAMP WITHOUT TIME ZONE': 'TIMESTAMP',
	TIMESTAMPTZ: 'TIMESTAMPTZ',
	'TIMESTAMP WITH TIME ZONE': 'TIMESTAMPTZ',
	TIME: 'TIME',
	'TIME WITHOUT TIME ZONE': 'TIME',
	TIMETZ: 'TIMETZ',
	'TIME WITH TIME ZONE': 'TIMETZ',
	SUPER: 'SUPER',
};

const LENGTH_ALIASES: Record<string, 'VARCHAR' | 'CHAR' | 'VARBYTE'> = {
	VARCHAR: 'VARCHAR',
	'CHARACTER VARYING': 'VARCHAR',
	NVARCHAR: 'VARCHAR',
	TEXT: 'VARCHAR',
	CHAR: 'CHAR',
	CHARACTER: 'CHAR',
	NCHAR: 'CHAR',
	BPCHAR: 'CHAR',
	VARBYTE: 'VARBYTE',
	VARBINARY: 'VARBYTE',
	'BINARY VARYING': 'VARBYTE',
};

/**
 * Parses a type a user wrote (`varchar(100)`, `numeric(18,2)`, `timestamptz`, `varchar(max)`)
 * into a ColumnType; anything else is refused, so a schema field can never carry SQL.
 */
export function parseColumnType(text: string): ColumnType {
	const normalized = text.trim().replace(/\s+/g, ' ').toUpperCase();
	const match = /^([A-Z][A-Z0-9 ]*?)\s*(?:\(\s*(MAX|\d+)\s*(?:,\s*(\d+)\s*)?\))?$/.exec(normalized);
	if (!match) throw unknownType(text);
	const [, base, first, second] = match;
	const fixed = FIXED_ALIASES[base];
	if (fixed && first === undefined) return { name: fixed };
	const lengthType = LENGTH_ALIASES[base];
	if (lengthType && second === undefined) {
		const max =
			lengthType === 'VARCHAR'
				? MAX_VARCHAR_BYTES
				: lengthType === 'CHAR'
					? MAX_CHAR_BYTES
					: MAX_VARBYTE_BYTES;
		// Redshift: VARCHAR/TEXT without a length is 256 bytes, CHAR is 1, VARBYTE is 64000.
		const defaultLength = lengthType === 'VARCHAR' ? 256 : lengthType === 'CHAR' ? 1 : 64000;
		const length = first === undefined ? defaultLength : first === 'MAX' ? max : Number(first);
		return checked({ name: lengthType, length });
	}
	if ((base === 'NUMERIC' || base === 'DECIMAL') && first !== 'MAX') {
		// Redshift's default NUMERIC is (18,0).
		const precision = first === undefined ? 18 : Number(first);
		const scale = second === undefined ? 0 : Number(second);
		return checked({ name: 'NUMERIC', precision, scale });
	}
	throw unknownType(text);
}

/** Accepts a ColumnType or the text of one, and returns a checked ColumnType. */
export function toColumnType(type: ColumnType | string): ColumnType {
	return typeof type === 'string' ? parseColumnType(type) : checked(type);
}

/** The DDL spelling of a type. */
export function formatColumnType(type: ColumnType): string {
	const valid = checked(type);
	switch (valid.name) {
		case 'VARCHAR':
		case 'CHAR':
		case 'VARBYTE':
			return `${valid.name}(${valid.length})`;
		case 'NUMERIC':
			return `NUMERIC(${valid.precision},${valid.scale})`;
		default:
			return valid.name;
	}
}

function checked(type: ColumnType): ColumnType {
	switch (type.name) {
		case 'VARCHAR':
			return withLength(type, MAX_VARCHAR_BYTES);
		case 'CHAR':
			return withLength(type, MAX_CHAR_BYTES);
		case 'VARBYTE':
			return withLength(type, MAX_VARBYTE_BYTES);
		case 'NUMERIC': {
			const { precision, scale } = type;
			if (!Number.isInteger(precision) || precision < 1 || precision > MAX_NUMERIC_PRECISION) {
				throw new ColumnTypeError(
					`NUMERIC precision must be 1 to ${MAX_NUMERIC_PRECISION}; got ${precision}.`,
				);
			}
			if (!Number.isInteger(scale) || scale < 0 || scale > precision) {
				throw new ColumnTypeError(
					`NUMERIC scale must be 0 to the precision (${precision}); got ${scale}.`,
				);
			}
			return type;
		}
		default:
			if (!Object.values(FIXED_ALIASES).includes(type.name)) throw unknownType(String(type.name));
			return type;
	}
}

function withLength<T extends { name: string; length: number }>(type: T, max: number): T {
	if (!Number.isInteger(type.length) || type.length < 1 || type.length > max) {
		throw new ColumnTypeError(`${type.name} length must be 1 to ${max} bytes; got ${type.length}.`);
	}
	return type;
}

function unknownType(text: string): ColumnTypeError {
	return new ColumnTypeError(
		`${JSON.stringify(text)} is not a Redshift column type this node supports (e.g. VARCHAR(256), NUMERIC(18,2), BIGINT, DOUBLE PRECISION, BOOLEAN, DATE, TIMESTAMP, TIMESTAMPTZ, SUPER).`,
	);
}
