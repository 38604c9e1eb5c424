import { TYPE_OID } from '../values/typeOids';

/** Postgres stores varchar/bpchar/numeric modifiers with the 4-byte varlena header added. */
export const VARHDRSZ = 4;

/** An interval modifier's precision half when no precision was given (interval, interval year). */
const INTERVAL_FULL_PRECISION = 0xffff;

/** What a column's type modifier (atttypmod) says, as schema events show it; absent when unset. */
export interface TypeModifierFacts {
	/** character(n), character varying(n), bit(n), bit varying(n): n. */
	length?: number;
	/** numeric(p,s): p. */
	precision?: number;
	/** numeric(p,s): s (negative since PG 15: numeric(5,-2) rounds to hundreds). */
	scale?: number;
	/** timestamp(n), timestamptz(n), time(n), timetz(n), interval(n): n. */
	fractionalDigits?: number;
}

/** numeric's modifier: precision in the high 16 bits, scale as an 11-bit signed number in the low ones. */
export function decodeNumericModifier(typeModifier: number): { precision: number; scale: number } {
	const packed = typeModifier - VARHDRSZ;
	return { precision: (packed >> 16) & 0xffff, scale: ((packed & 0x7ff) ^ 1024) - 1024 };
}

/** interval's modifier: field range in the high 16 bits, precision in the low ones (0xffff: none given). */
export function decodeIntervalModifier(typeModifier: number): {
	range: number;
	precision: number | undefined;
} {
	const precision = typeModifier & 0xffff;
	return {
		range: (typeModifier >> 16) & 0x7fff,
		precision: precision === INTERVAL_FULL_PRECISION ? undefined : precision,
	};
}

/**
 * Length, precision, scale or fractional digits of a scalar column from its type modifier (-1: none).
 * Arrays get none: their modifier describes the elements, and their values are array literals.
 */
export function typeModifierFacts(typeOid: number, typeModifier: number): TypeModifierFacts {
	if (typeModifier < 0) return {};
	switch (typeOid) {
		case TYPE_OID.varchar:
		case TYPE_OID.bpchar:
			return { length: typeModifier - VARHDRSZ };
		case TYPE_OID.bit:
		case TYPE_OID.varbit:
			return { length: typeModifier };
		case TYPE_OID.numeric:
			return decodeNumericModifier(typeModifier);
		case TYPE_OID.timestamp:
		case TYPE_OID.timestamptz:
		case TYPE_OID.time:
		case TYPE_OID.timetz:
			return { fractionalDigits: typeModifier };
		case TYPE_OID.interval: {
			const { precision } = decodeIntervalModifier(typeModifier);
			return precision === undefined ? {} : { fractionalDigits: precision };
		}
		default:
			return {};
	}
}
