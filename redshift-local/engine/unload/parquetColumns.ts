import { RedshiftError } from '../session';
import { numericShape } from '../typmods';
import { OID, type ResultColumn } from './resultColumns';

/** A Parquet schema element as hyparquet-writer takes it (thrift SchemaElement fields). */
export interface ParquetSchemaElement {
	name: string;
	type?: 'BOOLEAN' | 'INT32' | 'INT64' | 'FLOAT' | 'DOUBLE' | 'BYTE_ARRAY' | 'FIXED_LEN_BYTE_ARRAY';
	type_length?: number;
	converted_type?: 'UTF8' | 'DECIMAL' | 'DATE' | 'TIMESTAMP_MICROS' | 'INT_16' | 'JSON';
	repetition_type?: 'OPTIONAL' | 'REQUIRED';
	precision?: number;
	scale?: number;
	num_children?: number;
}

/** JSON columns take the parsed value: hyparquet-writer serialises it (compact, as Redshift's SUPER text is). */
export type ParquetValue = boolean | number | bigint | string | null | object;

/** How one result column is written to Parquet: its schema element and a converter from PG text. */
export interface ParquetColumn {
	element: ParquetSchemaElement;
	convert: (text: string) => ParquetValue;
}

const DAY_MS = 86_400_000;
const TIMESTAMP_TEXT =
	/^(\d{4,})-(\d\d)-(\d\d)(?: (\d\d):(\d\d):(\d\d)(?:\.(\d{1,6}))?)?(?:([+-])(\d\d)(?::?(\d\d))?(?::(\d\d))?)?$/;

/**
 * Maps PostgreSQL result types to Parquet the way Redshift's Parquet UNLOAD does: integers,
 * floats and booleans natively, DECIMAL with its precision and scale, DATE, TIMESTAMP in
 * microseconds (a TIMESTAMPTZ loses its zone: "only the timestamp values are unloaded"), SUPER
 * as the JSON type ("Amazon Redshift represents SUPER columns in Parquet as the JSON data type",
 * DG unload-super.md), and everything else as UTF-8 strings. VARBYTE is refused: it unloads to
 * text and CSV only (DG r_UNLOAD.md).
 */
export function parquetColumn(column: ResultColumn): ParquetColumn {
	const base = { name: column.name, repetition_type: 'OPTIONAL' as const };
	switch (column.typeOid) {
		case OID.bool:
			return { element: { ...base, type: 'BOOLEAN' }, convert: (text) => text === 't' };
		case OID.int2:
			return { element: { ...base, type: 'INT32', converted_type: 'INT_16' }, convert: Number };
		case OID.int4:
			return { element: { ...base, type: 'INT32' }, convert: Number };
		case OID.int8:
			return { element: { ...base, type: 'INT64' }, convert: (text) => BigInt(text) };
		case OID.float4:
			return { element: { ...base, type: 'FLOAT' }, convert: Number };
		case OID.float8:
			return { element: { ...base, type: 'DOUBLE' }, convert: Number };
		case OID.numeric:
			return decimalColumn(column, base);
		case OID.date:
			return {
				element: { ...base, type: 'INT32', converted_type: 'DATE' },
				convert: daysSinceEpoch,
			};
		case OID.timestamp:
		case OID.timestamptz:
			return {
				element: { ...base, type: 'INT64', converted_type: 'TIMESTAMP_MICROS' },
				convert: microsSinceEpoch,
			};
		case OID.json:
		case OID.jsonb:
			return {
				element: { ...base, type: 'BYTE_ARRAY', converted_type: 'JSON' },
				convert: (text) => JSON.parse(text) as object,
			};
		case OID.bytea:
			throw new RedshiftError(
				`UNLOAD to PARQUET does not support column "${column.name}" of type VARBYTE; unload to CSV or text, or cast the column to VARCHAR with TO_HEX`,
				'0A000',
			);
		default:
			return {
				element: { ...base, type: 'BYTE_ARRAY', converted_type: 'UTF8' },
				convert: (text) => text,
			};
	}
}

function decimalColumn(column: ResultColumn, base: ParquetSchemaElement): ParquetColumn {
	const shape = numericShape(column.typmod);
	// An unconstrained numeric has no Parquet DECIMAL form; Redshift's NUMERIC always has one (18,0 by default).
	if (!shape)
		return {
			element: { ...base, type: 'BYTE_ARRAY', converted_type: 'UTF8' },
			convert: (text) => text,
		};
	const { precision, scale } = shape;
	const element: ParquetSchemaElement =
		precision <= 18
			? { ...base, type: 'INT64', converted_type: 'DECIMAL', precision, scale }
			: {
					...base,
					type: 'FIXED_LEN_BYTE_ARRAY',
					type_length: decimalBytes(precision),
					converted_type: 'DECIMAL',
					precision,
					scale,
				};
	return { element, convert: (text) => unscaledDecimal(text, scale, column.name) };
}

/** Smallest two's-complement byte count that holds every value of the given precision. */
function decimalBytes(precision: number): number {
	const largest = 10n ** BigInt(precision);
	let bytes = 1;
	while (2n ** BigInt(8 * bytes - 1) <= largest) bytes++;
	return bytes;
}

/** '-12.3' with scale 2 → -1230n. */
export function unscaledDecimal(text: string, scale: number, columnName: string): bigint {
	const match = /^(-?)(\d*)(?:\.(\d*))?$/.exec(text);
	if (!match) {
		throw new RedshiftError(
			`Cannot unload value '${text}' of column "${columnName}" as a Parquet DECIMAL`,
			'22003',
		);
	}
	const [, sign, whole, fraction = ''] = match;
	const digits = `${whole || '0'}${fraction.padEnd(scale, '0').slice(0, scale)}`;
	const magnitude = BigInt(digits);
	return sign === '-' ? -magnitude : magnitude;
}

function parseTimestamp(text: string): { ms: number; micros: number } {
	const match = TIMESTAMP_TEXT.exec(text);
	if (!match) {
		throw new RedshiftError(
			`Cannot unload timestamp '${text}' to Parquet (only ISO dates in the common era are emulated)`,
			'22008',
		);
	}
	const [
		,
		year,
		month,
		day,
		hour = '0',
		minute = '0',
		second = '0',
		fraction = '',
		sign,
		offH,
		offM,
		offS,
	] = match;
	let ms = Date.UTC(
		Number(year),
		Number(month) - 1,
		Number(day),
		Number(hour),
		Number(minute),
		Number(second),
	);
	if (sign) {
		const offset = (Number(offH) * 3600 + Number(offM ?? 0) * 60 + Number(offS ?? 0)) * 1000;
		ms += sign === '+' ? -offset : offset;
	}
	return { ms, micros: Number(fraction.padEnd(6, '0')) };
}

export function daysSinceEpoch(text: string): number {
	return Math.floor(parseTimestamp(text).ms / DAY_MS);
}

export function microsSinceEpoch(text: string): bigint {
	const { ms, micros } = parseTimestamp(text);
	return BigInt(ms) * 1000n + BigInt(micros);
}
