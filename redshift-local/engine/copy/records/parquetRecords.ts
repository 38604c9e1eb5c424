import { RedshiftError } from '../../session';
import type { ParquetDate, ParquetRows, ParquetTimestamp } from './parquetRows';
import type { ParsedRecord, RecordField } from './sourceRecord';

const asBytes = (text: string): string => Buffer.from(text, 'utf8').toString('latin1');
const pad = (value: number | bigint, width = 2): string => String(value).padStart(width, '0');

function dateText(days: number): string {
	return new Date(days * 86_400_000).toISOString().slice(0, 10);
}

function timestampText(micros: bigint): string {
	const seconds = micros / 1_000_000n - (micros % 1_000_000n < 0n ? 1n : 0n);
	const fraction = micros - seconds * 1_000_000n;
	const iso = new Date(Number(seconds) * 1000).toISOString();
	return `${iso.slice(0, 10)} ${iso.slice(11, 19)}${fraction > 0n ? `.${pad(fraction, 6)}` : ''}`;
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
		return { bytes: String(value), json: String(value) };
	}
	// un-annotated binary is VARBYTE data, which COPY reads as hexadecimal (DG copy-usage-varbyte.md)
	if (value instanceof Uint8Array) return { bytes: Buffer.from(value).toString('hex') };
	if (value instanceof Date) return { bytes: timestampText(BigInt(value.getTime()) * 1000n) };
	if ((value as ParquetTimestamp).timestampMicros !== undefined) {
		return { bytes: timestampText(BigInt((value as ParquetTimestamp).timestampMicros)) };
	}
	if ((value as ParquetDate).dateDays !== undefined)
		return { bytes: dateText((value as ParquetDate).dateDays) };
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
