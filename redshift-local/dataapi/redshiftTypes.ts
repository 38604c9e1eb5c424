/**
 * PostgreSQL types as the Data API reports them for Redshift: the type name Redshift uses, how a
 * value travels (longValue, doubleValue, booleanValue, blobValue or stringValue) and the JDBC-style
 * precision and scale the Data API's ColumnMetadata carries (MG data-api-calling.md examples:
 * int4 → precision 10, int2 → 5, int8 → 19, timestamp → 29/6, varchar(200) → 200).
 */

import { characterLength, numericShape } from '../engine/typmods';

export type FieldKind = 'long' | 'double' | 'boolean' | 'blob' | 'string';

export interface RedshiftType {
	typeName: string;
	kind: FieldKind;
	signed: boolean;
	caseSensitive: boolean;
	/** Precision and scale from the column's type modifier (-1 when the column has none). */
	precisionScale(typmod: number): { precision: number; scale: number };
}

const fixed =
	(precision: number, scale = 0) =>
	(): { precision: number; scale: number } => ({ precision, scale });

/** Unbounded character data: what JDBC reports for a varchar without a declared length. */
const UNBOUNDED_LENGTH = 2147483647;

function characterPrecision(typmod: number): { precision: number; scale: number } {
	return { precision: characterLength(typmod) ?? UNBOUNDED_LENGTH, scale: 0 };
}

function numericPrecision(typmod: number): { precision: number; scale: number } {
	return numericShape(typmod) ?? { precision: 0, scale: 0 };
}

/**
 * Fractional-second digits of a time or timestamp type (6 when undeclared); precision is the
 * longest text form, as JDBC counts it (timestamp: 13 date + 1 + 8 time + 7 fraction = 29).
 */
function secondsScale(base: number) {
	return (typmod: number): { precision: number; scale: number } => {
		const scale = typmod >= 0 ? typmod : 6;
		return { precision: base + (scale > 0 ? scale + 1 : 0), scale };
	};
}

const text = (typeName: string): RedshiftType => ({
	typeName,
	kind: 'string',
	signed: false,
	caseSensitive: true,
	precisionScale: characterPrecision,
});

const TYPES_BY_OID: Record<number, RedshiftType> = {
	16: {
		typeName: 'bool',
		kind: 'boolean',
		signed: false,
		caseSensitive: false,
		precisionScale: fixed(1),
	},
	17: {
		typeName: 'varbyte',
		kind: 'blob',
		signed: false,
		caseSensitive: false,
		precisionScale: characterPrecision,
	},
	18: text('char'),
	19: text('name'),
	20: {
		typeName: 'int8',
		kind: 'long',
		signed: true,
		caseSensitive: false,
		precisionScale: fixed(19),
	},
	21: {
		typeName: 'int2',
		kind: 'long',
		signed: true,
		caseSensitive: false,
		precisionScale: fixed(5),
	},
	23: {
		typeName: 'int4',
		kind: 'long',
		signed: true,
		caseSensitive: false,
		precisionScale: fixed(10),
	},
	// Redshift has no unbounded text: TEXT columns are VARCHAR(256), expressions are varchar.
	25: text('varchar'),
	26: {
		typeName: 'oid',
		kind: 'long',
		signed: false,
		caseSensitive: false,
		precisionScale: fixed(10),
	},
	114: {
		typeName: 'super',
		kind: 'string',
		signed: false,
		caseSensitive: true,
		precisionScale: fixed(0),
	},
	700: {
		typeName: 'float4',
		kind: 'double',
		signed: true,
		caseSensitive: false,
		precisionScale: fixed(8, 8),
	},
	701: {
		typeName: 'float8',
		kind: 'double',
		signed: true,
		caseSensitive: false,
		precisionScale: fixed(17, 17),
	},
	705: text('varchar'),
	1042: text('bpchar'),
	1043: text('varchar'),
	1082: {
		typeName: 'date',
		kind: 'string',
		signed: false,
		caseSensitive: false,
		precisionScale: fixed(13),
	},
	1083: {
		typeName: 'time',
		kind: 'string',
		signed: false,
		caseSensitive: false,
		precisionScale: secondsScale(8),
	},
	1114: {
		typeName: 'timestamp',
		kind: 'string',
		signed: false,
		caseSensitive: false,
		precisionScale: secondsScale(22),
	},
	1184: {
		typeName: 'timestamptz',
		kind: 'string',
		signed: false,
		caseSensitive: false,
		precisionScale: secondsScale(28),
	},
	1266: {
		typeName: 'timetz',
		kind: 'string',
		signed: false,
		caseSensitive: false,
		precisionScale: secondsScale(14),
	},
	1700: {
		typeName: 'numeric',
		kind: 'string',
		signed: true,
		caseSensitive: false,
		precisionScale: numericPrecision,
	},
	// SUPER is emulated over jsonb; RowDescription reports a domain's base type.
	3802: {
		typeName: 'super',
		kind: 'string',
		signed: false,
		caseSensitive: true,
		precisionScale: fixed(0),
	},
};

export function knownRedshiftType(oid: number): RedshiftType | undefined {
	return TYPES_BY_OID[oid];
}

/** Any other type travels as its text under its PostgreSQL name. */
export function otherType(typeName: string): RedshiftType {
	return {
		typeName,
		kind: 'string',
		signed: false,
		caseSensitive: false,
		precisionScale: fixed(0),
	};
}
