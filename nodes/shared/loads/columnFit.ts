import { MAX_VARCHAR_BYTES, type ColumnType } from '../staging/columnTypes';

/**
 * A value longer than its VARCHAR column: widen the column before the load (default), fail the
 * item, or cut the value to the column's length.
 */
export type LongValuePolicy = 'widen' | 'fail' | 'truncate';

/** A value over 65,535 bytes, which no VARCHAR holds: fail the item (default) or cut it to 65,535 bytes. */
export type OversizeValuePolicy = 'fail' | 'truncate';

export interface ColumnFitPolicy {
	longValues?: LongValuePolicy;
	oversizeValues?: OversizeValuePolicy;
}

export const DEFAULT_COLUMN_FIT: Required<ColumnFitPolicy> = {
	longValues: 'widen',
	oversizeValues: 'fail',
};

/**
 * The length a VARCHAR is widened to for a value of `bytes`: the next power of two, at least 256,
 * capped at 65,535. Doubling keeps a column that keeps growing to a handful of ALTERs (each one
 * rewrites the column) instead of one per longer value; Redshift stores VARCHAR by actual
 * length, so the slack costs no disk, only query memory for wide intermediate results.
 */
export function widenedLength(bytes: number): number {
	let length = 256;
	while (length < bytes) length *= 2;
	return Math.min(length, MAX_VARCHAR_BYTES);
}

/** The longest prefix of `text` that is at most `maxBytes` of UTF-8 and ends on a whole character. */
export function truncateUtf8(text: string, maxBytes: number): string {
	if (Buffer.byteLength(text, 'utf8') <= maxBytes) return text;
	let bytes = 0;
	let end = 0;
	for (const character of text) {
		const size = Buffer.byteLength(character, 'utf8');
		if (bytes + size > maxBytes) break;
		bytes += size;
		end += character.length;
	}
	return text.slice(0, end);
}

const NOT_FINITE = /^[+-]?(nan|inf|infinity)$/i;
const DECIMAL_TEXT = /^[+-]?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;
/** Exponents beyond this cannot fit any NUMERIC (38 digits); no need to expand them. */
const MAX_EXPONENT = 1000;

/** The digits of a decimal text that matter: before the point (no leading zeros) and after it (no trailing zeros). */
export function decimalDigits(text: string): { integer: number; fraction: number } | undefined {
	const match = DECIMAL_TEXT.exec(text.trim());
	if (!match || (match[1] === '' && (match[2] ?? '') === '')) return undefined;
	const digits = match[1] + (match[2] ?? '');
	const exponent = Number(match[3] ?? 0);
	if (Math.abs(exponent) > MAX_EXPONENT) {
		return exponent > 0
			? { integer: MAX_EXPONENT, fraction: 0 }
			: { integer: 0, fraction: MAX_EXPONENT };
	}
	const point = match[1].length + exponent;
	const padded = point < 0 ? '0'.repeat(-point) + digits : digits.padEnd(point, '0');
	const at = Math.max(point, 0);
	return {
		integer: padded.slice(0, at).replace(/^0+/, '').length,
		fraction: padded.slice(at).replace(/0+$/, '').length,
	};
}

/**
 * Why a value cannot go into a NUMERIC(p,s) column exactly, or undefined when it can (or when it
 * is not decimal text at all: then the load's own conversion reports it). COPY would round extra
 * decimal places silently; this refuses them instead.
 */
export function numericMisfit(
	text: string,
	type: Extract<ColumnType, { name: 'NUMERIC' }>,
): string | undefined {
	const declared = `NUMERIC(${type.precision},${type.scale})`;
	if (NOT_FINITE.test(text.trim())) {
		return `${text.trim()} cannot be stored: Redshift's ${declared} has no NaN or infinity. Send NULL or a number, or load the column as VARCHAR.`;
	}
	const digits = decimalDigits(text);
	if (!digits) return undefined;
	const integerRoom = type.precision - type.scale;
	if (digits.fraction > type.scale) {
		return `${shorten(text)} has ${digits.fraction} decimal place(s); the column is ${declared} and keeps ${type.scale} (COPY would round it silently). Widen the column's scale, or round the value yourself.`;
	}
	if (digits.integer > integerRoom) {
		return `${shorten(text)} has ${digits.integer} digit(s) before the point; the column is ${declared} and holds ${integerRoom}. Use a NUMERIC with more precision.`;
	}
	return undefined;
}

const INFINITE_TIME = /^[+-]?infinity$/i;

/** Redshift's DATE and TIMESTAMP end with 294276 AD (PostgreSQL's DATE goes on to 5874897 AD). */
export const MAX_REDSHIFT_YEAR = 294276;
const AD_YEAR = /^(\d{5,})-\d\d-\d\d(?![\s\S]*\bBC\b)/i;

/**
 * Why a value cannot go into a DATE/TIMESTAMP/TIMESTAMPTZ column (PostgreSQL's ±infinity, years
 * after 294276 AD), or undefined. A multi-row INSERT that fails on them would not say which item.
 */
export function timeMisfit(text: string, type: ColumnType): string | undefined {
	const trimmed = text.trim();
	const what = type.name === 'DATE' ? 'date' : 'timestamp';
	if (INFINITE_TIME.test(trimmed)) {
		return `${trimmed} cannot be stored: Redshift's ${type.name} has no infinity. Send NULL or a real ${what} (e.g. map infinity to a far date before this node), or load the column as VARCHAR.`;
	}
	const year = AD_YEAR.exec(trimmed)?.[1];
	if (year !== undefined && Number(year) > MAX_REDSHIFT_YEAR) {
		return `${shorten(trimmed)} cannot be stored: Redshift's ${type.name} ends with the year ${MAX_REDSHIFT_YEAR} AD. Send NULL or an earlier ${what}, or load the column as VARCHAR.`;
	}
	return undefined;
}

export function isTimeType(type: ColumnType | undefined): boolean {
	return type?.name === 'DATE' || type?.name === 'TIMESTAMP' || type?.name === 'TIMESTAMPTZ';
}

function shorten(text: string): string {
	return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}
