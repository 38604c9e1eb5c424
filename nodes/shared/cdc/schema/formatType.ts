import { ARRAY_ELEMENT_OIDS, builtinTypeName, TYPE_OID } from '../values/typeOids';
import { decodeIntervalModifier, decodeNumericModifier, VARHDRSZ } from './typeModifier';

/** Resolves names of types that are not built in (enums, domains...), e.g. from pgoutput Type messages. */
export type TypeNameResolver = (typeOid: number) => string | undefined;

const SQL_NAMES: ReadonlyMap<number, string> = new Map([
	[TYPE_OID.bool, 'boolean'],
	[TYPE_OID.char, '"char"'],
	[TYPE_OID.int2, 'smallint'],
	[TYPE_OID.int4, 'integer'],
	[TYPE_OID.int8, 'bigint'],
	[TYPE_OID.float4, 'real'],
	[TYPE_OID.float8, 'double precision'],
]);

const INTERVAL_FULL_RANGE = 0x7fff;
const INTERVAL_FIELDS: ReadonlyMap<number, string> = (() => {
	const bit = (n: number) => 1 << n;
	const [MONTH, YEAR, DAY, HOUR, MINUTE, SECOND] = [
		bit(1),
		bit(2),
		bit(3),
		bit(10),
		bit(11),
		bit(12),
	];
	return new Map([
		[YEAR, ' year'],
		[MONTH, ' month'],
		[DAY, ' day'],
		[HOUR, ' hour'],
		[MINUTE, ' minute'],
		[SECOND, ' second'],
		[YEAR | MONTH, ' year to month'],
		[DAY | HOUR, ' day to hour'],
		[DAY | HOUR | MINUTE, ' day to minute'],
		[DAY | HOUR | MINUTE | SECOND, ' day to second'],
		[HOUR | MINUTE, ' hour to minute'],
		[HOUR | MINUTE | SECOND, ' hour to second'],
		[MINUTE | SECOND, ' minute to second'],
	]);
})();

function numericModifier(typeModifier: number): string {
	// Since PG 15 the scale can be negative (numeric(5,-2) rounds to hundreds).
	const { precision, scale } = decodeNumericModifier(typeModifier);
	return `(${precision},${scale})`;
}

function intervalName(typeModifier: number): string {
	if (typeModifier < 0) return 'interval';
	const { range, precision } = decodeIntervalModifier(typeModifier);
	const fields = range === INTERVAL_FULL_RANGE ? '' : (INTERVAL_FIELDS.get(range) ?? '');
	return `interval${fields}${precision === undefined ? '' : `(${precision})`}`;
}

function withPrecision(base: string, typeModifier: number, zone: string): string {
	return typeModifier >= 0 ? `${base}(${typeModifier}) ${zone}` : `${base} ${zone}`;
}

function scalarName(typeOid: number, typeModifier: number, resolve?: TypeNameResolver): string {
	const hasModifier = typeModifier >= 0;
	switch (typeOid) {
		case TYPE_OID.varchar:
			return hasModifier ? `character varying(${typeModifier - VARHDRSZ})` : 'character varying';
		case TYPE_OID.bpchar:
			return hasModifier ? `character(${typeModifier - VARHDRSZ})` : 'bpchar';
		case TYPE_OID.numeric:
			return hasModifier ? `numeric${numericModifier(typeModifier)}` : 'numeric';
		case TYPE_OID.bit:
			return hasModifier ? `bit(${typeModifier})` : 'bit';
		case TYPE_OID.varbit:
			return hasModifier ? `bit varying(${typeModifier})` : 'bit varying';
		case TYPE_OID.timestamp:
			return withPrecision('timestamp', typeModifier, 'without time zone');
		case TYPE_OID.timestamptz:
			return withPrecision('timestamp', typeModifier, 'with time zone');
		case TYPE_OID.time:
			return withPrecision('time', typeModifier, 'without time zone');
		case TYPE_OID.timetz:
			return withPrecision('time', typeModifier, 'with time zone');
		case TYPE_OID.interval:
			return intervalName(typeModifier);
		default:
			return SQL_NAMES.get(typeOid) ?? userTypeName(typeOid, resolve);
	}
}

/** Postgres names an array type after its element with a leading underscore ('_mood' is mood[]). */
function userTypeName(typeOid: number, resolve?: TypeNameResolver): string {
	const name = typeName(typeOid, resolve);
	return name.startsWith('_') && name.length > 1 ? `${name.slice(1)}[]` : name;
}

/** pg_type.typname of a type: built-in names first, then the resolver; 'oid:<n>' when nobody knows it. */
export function typeName(typeOid: number, resolve?: TypeNameResolver): string {
	return builtinTypeName(typeOid) ?? resolve?.(typeOid) ?? `oid:${typeOid}`;
}

/**
 * The SQL type as Postgres' format_type(oid, typmod) prints it for the built-in types this package
 * knows ('character varying(20)', 'numeric(10,2)', 'timestamp(3) with time zone', 'integer[]').
 * Other types print as their name from the resolver (enums, domains: unqualified; '_mood' as 'mood[]').
 */
export function formatType(
	typeOid: number,
	typeModifier: number,
	resolve?: TypeNameResolver,
): string {
	const elementOid = ARRAY_ELEMENT_OIDS.get(typeOid);
	if (elementOid !== undefined) return `${scalarName(elementOid, typeModifier, resolve)}[]`;
	return scalarName(typeOid, typeModifier, resolve);
}
