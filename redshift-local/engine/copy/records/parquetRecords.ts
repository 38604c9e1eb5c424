import { RedshiftError } from '../../session';
import type { ParquetDate, ParquetDecimal, ParquetRows, ParquetTimestamp } from './parquetRows';
import type { ParsedRecord, RecordField } from './sourceRecord';

const asBytes = (text: string): string => Buffer.from(text, 'utf8').toString('latin1');
const pad = (value: number | bigint, width = 2): string => String(value).padStart(width, '0');

const DAY_MICROS = 86_400_000_000n;

/** Year, month and day of a day number since 1970-01-01, proleptic Gregorian (H. Hinnant's civil_from_days). */
function civilDate(days: number): { year: number; month: number; day: number } {
	const shifted = days + 719468;
	const era = Math.floor(shifted / 146097);
	const dayOfEra = shifted - era * 146097;
	const yearOfEra = Math.floor(
		(dayOfEra -
			Math.floor(dayOfEra / 1460) +
			Math.floor(dayOfEra / 36524) -
			Math.floor(dayOfEra / 146096)) /
			365,
	);
	const dayOfYear =
		dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
	const monthIndex = Math.floor((5 * dayOfYear + 2) / 153);
	const day = dayOfYear - Math.floor((153 * monthIndex + 2) / 5) + 1;
	const month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9;
	return { year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/**
 * A day as PostgreSQL's input reads it: computed in integers, so years past 9999 and before 1 AD keep
 * their day (JavaScript's Date prints `+010000-…` and `-000043-…`); year 0 is 1 BC.
 */
function dateText(days: number): { date: string; era: string } {
	const { year, month, day } = civilDate(days);
	const date = `${pad(year > 0 ? year : 1 - year, 4)}-${pad(month)}-${pad(day)}`;
	return { date, era: year > 0 ? '' : ' BC' };
}

/** An instant in UTC: the explicit +00 keeps a TIMESTAMPTZ column from reading it in the session's zone. */
function timestampText(micros: bigint): string {
	const days = micros / DAY_MICROS - (micros % DAY_MICROS < 0n ? 1n : 0n);
	const inDay = micros - days * DAY_MICROS;
	const seconds = inDay / 1_000_000n;
	const fraction = inDay % 1_000_000n;
	const { date, era } = dateText(Number(days));
	const clock = `${pad(seconds / 3600n)}:${pad((seconds / 60n) % 60n)}:${pad(seconds % 60n)}`;
	return `${date} ${clock}${fraction > 0n ? `.${pad(fraction, 6)}` : ''}+00${era}`;
}

/** A DECIMAL's exact digits from its unscaled integer: never through a JS number. */
function decimalText({ decimalUnscaled, decimalScale }: ParquetDecimal): string {
	const negative = decimalUnscaled.startsWith('-');
	const digits = (negative ? decimalUnscaled.slice(1) : decimalUnscaled).padStart(
		decimalScale + 1,
		'0',
	);
	const whole = digits.slice(0, digits.length - decimalScale);
	const fraction = digits.slice(digits.length - decimalScale);
	return `${negative ? '-' : ''}${whole}${decimalScale > 0 ? `.${fraction}` : ''}`;
}

function jsonText(value: unknown): string {
	return JSON.stringify(value, (_key, item: unknown) =>
		typeof item === 'bigint' ? item.toString() : item,
	);
}

/** One Parquet value as the text COPY would read for it; nested values become JSON (for SUPER). */
function fieldOf(value: unknown): RecordField {
	if (value === null || value === undefined) return { bytes: null };
	if (typeof value === 'string')
		return { bytes: asBytes(value), json: asBytes(JSON.stringify(value)) };
	if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') {
		// String(-0) is "0": a float's sign of zero is kept
		const text = Object.is(value, -0) ? '-0' : String(value);
		return { bytes: text, json: text };
	}
	// un-annotated binary is VARBYTE data, which COPY reads as hexadecimal (DG copy-usage-varbyte.md)
	if (value instanceof Uint8Array) return { bytes: Buffer.from(value).toString('hex') };
	if (value instanceof Date) return { bytes: timestampText(BigInt(value.getTime()) * 1000n) };
	if ((value as ParquetTimestamp).timestampMicros !== undefined) {
		return { bytes: timestampText(BigInt((value as ParquetTimestamp).timestampMicros)) };
	}
	if ((value as ParquetDate).dateDays !== undefined) {
		const { date, era } = dateText((value as ParquetDate).dateDays);
		return { bytes: `${date}${era}` };
	}
	if ((value as ParquetDecimal).decimalUnscaled !== undefined) {
		const text = decimalText(value as ParquetDecimal);
		return { bytes: text, json: text };
	}
	const json = asBytes(jsonText(value));
	return { bytes: json, json };
}

/**
 * Parquet columns load by position and their number must match the columns loaded
 * (DG copy-usage_notes-copy-from-columnar.md); rows are numbered from 1 for stl_load_errors.
 */
export function parquetRecords(
	parquet: ParquetRows,
	columnCount: number,
	fillRecord: boolean,
): ParsedRecord[] {
	const fewerFilled = fillRecord && parquet.columns.length < columnCount;
	if (parquet.columns.length !== columnCount && !fewerFilled) {
		throw new RedshiftError(
			`Unmatched number of columns between table and file. Table columns: ${columnCount}, Data columns: ${parquet.columns.length}`,
			'XX000',
		);
	}
	return parquet.rows.map((row, index) => ({
		kind: 'record',
		lineNumber: index + 1,
		rawLine: '',
		fields: row.map(fieldOf),
	}));
}
