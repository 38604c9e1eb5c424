import { parseArrayLiteral, type ArrayText } from './arrayLiteral';
import { decodeByteaText } from './bytea';
import { timestampToIso, timestamptzToIso } from './temporal';
import { ARRAY_ELEMENT_OIDS, TYPE_OID } from './typeOids';
import type { CdcValue } from './convert';

/**
 * Why native mode kept a value as PostgreSQL printed it where it converts most values of its type.
 * Never contains the value itself, so a caller may log it (once per column, not per value).
 */
export const KEPT_AS_TEXT = {
	timestamp:
		'a timestamp outside years 0001–9999 in UTC (BC, year 10000 or later) or not in DateStyle ISO stays as PostgreSQL printed it',
	bounds:
		"an array whose lower bound is not 1 stays as PostgreSQL printed it ('[0:1]={…}'): a JS array cannot keep its bounds",
	unparsed: 'a value not in the text form native mode expects stays as PostgreSQL printed it',
} as const;

export type KeptAsTextReason = (typeof KEPT_AS_TEXT)[keyof typeof KEPT_AS_TEXT];
export type KeptAsTextListener = (reason: KeptAsTextReason) => void;

const NON_FINITE_FLOATS = new Set(['NaN', 'Infinity', '-Infinity']);
const INFINITE_TIMESTAMPS = new Set(['infinity', '-infinity']);

function toFloat(text: string): number | string {
	// JSON cannot carry NaN or Infinity, and JSON.stringify(-0) is "0": they stay as Postgres printed them.
	if (NON_FINITE_FLOATS.has(text)) return text;
	const value = Number(text);
	return Object.is(value, -0) ? text : value;
}

function toInt8(text: string): number | string {
	const value = Number(text);
	return Number.isSafeInteger(value) ? value : text;
}

function toBool(text: string): boolean {
	if (text === 't') return true;
	if (text === 'f') return false;
	throw new Error(`Invalid boolean text: expected 't' or 'f'`);
}

function toIso(text: string, convert: (text: string) => string, note: KeptAsTextListener): string {
	const iso = convert(text);
	// ISO output always has a 'T'; PostgreSQL's never does, so an unchanged text was not converted.
	if (iso === text && !INFINITE_TIMESTAMPS.has(text)) note(KEPT_AS_TEXT.timestamp);
	return iso;
}

function nativeScalar(text: string, typeOid: number, note: KeptAsTextListener): CdcValue {
	switch (typeOid) {
		case TYPE_OID.int2:
		case TYPE_OID.int4:
		case TYPE_OID.oid:
		case TYPE_OID.xid:
			return Number(text);
		case TYPE_OID.int8:
			return toInt8(text);
		case TYPE_OID.float4:
		case TYPE_OID.float8:
			return toFloat(text);
		case TYPE_OID.bool:
			return toBool(text);
		case TYPE_OID.bytea:
			return decodeByteaText(text).toString('base64');
		case TYPE_OID.timestamptz:
			return toIso(text, timestamptzToIso, note);
		case TYPE_OID.timestamp:
			return toIso(text, timestampToIso, note);
		default:
			// json and jsonb (their exact text: see convertTextValue), numeric, money, date (already ISO),
			// time, interval, uuid, text, enums, domains, user types.
			return text;
	}
}

function nativeArray(
	elements: ArrayText,
	elementOid: number,
	note: KeptAsTextListener,
): CdcValue[] {
	return elements.map((element) => {
		if (element === null) return null;
		if (typeof element === 'string') return nativeScalar(element, elementOid, note);
		return nativeArray(element, elementOid, note);
	});
}

/** Postgres prints '[lower:upper]=' before an array whose lower bound is not 1 ('[0:1]={7,8}'). */
function hasExplicitBounds(literal: string): boolean {
	return literal.trimStart().startsWith('[');
}

function nativeValueOrThrow(text: string, typeOid: number, note: KeptAsTextListener): CdcValue {
	const elementOid = ARRAY_ELEMENT_OIDS.get(typeOid);
	if (elementOid === undefined) return nativeScalar(text, typeOid, note);
	if (hasExplicitBounds(text)) {
		note(KEPT_AS_TEXT.bounds);
		return text;
	}
	const elements = parseArrayLiteral(text, elementOid === TYPE_OID.box ? ';' : ',');
	return nativeArray(elements, elementOid, note);
}

/**
 * The native form of a value in Postgres text form (see convertTextValue). A text that does not parse
 * as expected (a server setting that changes an output format) is kept as printed rather than failing
 * the stream: native mode never throws on a value PostgreSQL sends.
 */
export function nativeValue(text: string, typeOid: number, note: KeptAsTextListener): CdcValue {
	try {
		return nativeValueOrThrow(text, typeOid, note);
	} catch {
		note(KEPT_AS_TEXT.unparsed);
		return text;
	}
}
