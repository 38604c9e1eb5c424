import type { SchemaElement } from 'hyparquet';
import type { ParquetWriter, Writer } from 'hyparquet-writer';

import { formatColumnType, type ColumnType } from './columnTypes';
import {
	columnSource,
	columnValue,
	type ColumnSource,
	type StagingColumn,
	type ValueOptions,
} from './columns';
import { StagingError } from './errors';
import type { ByteSink, FileEncoder, RowBatch, StagingFileFormat } from './fileFormat';
import { checkedString, valueAsText, type ValueContext } from './values';

type ParquetValue = string | number | bigint | boolean | null;
type Convert = (value: unknown, context: ValueContext) => ParquetValue;

interface ParquetColumn extends ColumnSource {
	element: SchemaElement;
	convert: Convert;
}

const DAY_MS = 86_400_000;
const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
/** Row groups are written when the buffered values reach about this many bytes. */
const DEFAULT_ROW_GROUP_BYTES = 8 * 1024 * 1024;
const MAX_ROW_GROUP_ROWS = 100_000;

/**
 * Parquet files for COPY … FORMAT AS PARQUET, written with hyparquet-writer (SNAPPY pages).
 * Every column needs its Redshift type: COPY maps Parquet columns by position and type.
 * SUPER, TIME, TIMETZ and VARBYTE are refused up front, naming the column: a JSON string column would
 * load into SUPER as one string, not as the object, and Redshift's COPY does not load TIME or TIMETZ
 * from Parquet; CSV staging loads them all.
 */
export function parquetFormat(
	columns: readonly StagingColumn[],
	options: ValueOptions & { rowGroupBytes?: number },
): StagingFileFormat {
	const plan = columns.map((column) => planColumn(column, options));
	const schema: SchemaElement[] = [
		{ name: 'root', num_children: plan.length },
		...plan.map((column) => column.element),
	];
	const rowGroupBytes = options.rowGroupBytes ?? DEFAULT_ROW_GROUP_BYTES;
	return {
		extension: '.parquet',
		contentType: 'application/vnd.apache.parquet',
		compression: 'none',
		copyOptions: { format: { type: 'PARQUET' } },
		newBatch: () => new ParquetBatch(plan, rowGroupBytes),
		openFile: (sink) => new ParquetFile(schema, plan, sink),
	};
}

class ParquetBatch implements RowBatch {
	readonly values: ParquetValue[][];
	rows = 0;
	private bytes = 0;

	constructor(
		private readonly plan: ParquetColumn[],
		private readonly rowGroupBytes: number,
	) {
		this.values = plan.map(() => []);
	}

	add(item: Record<string, unknown>, itemIndex: number): boolean {
		for (let index = 0; index < this.plan.length; index++) {
			const column = this.plan[index];
			const raw = columnValue(column, item, itemIndex);
			const value =
				raw === null || raw === undefined
					? null
					: column.convert(raw, { itemIndex, column: column.name });
			this.values[index].push(value);
			this.bytes += typeof value === 'string' ? value.length : 8;
		}
		this.rows++;
		return this.bytes >= this.rowGroupBytes || this.rows >= MAX_ROW_GROUP_ROWS;
	}
}

/** One Parquet file: header on open, a row group per batch, the footer at the end, streamed to the sink. */
class ParquetFile implements FileEncoder {
	private readonly writer: ParquetWriter;

	constructor(
		schema: SchemaElement[],
		private readonly plan: ParquetColumn[],
		sink: ByteSink,
	) {
		// Loaded on first use: an ES module that Node 20.19+ loads with require().
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const parquet = require('hyparquet-writer') as typeof import('hyparquet-writer');
		const bytes = new parquet.ByteWriter(1 << 20);
		const output: Writer = bytes;
		// After each row group and at the end, the buffered bytes go to the upload and the buffer is reused.
		output.flush = async () => {
			const chunk = new Uint8Array(bytes.buffer, 0, bytes.index).slice();
			bytes.index = 0;
			await sink(chunk);
		};
		output.finish = async () => await output.flush?.();
		this.writer = new parquet.ParquetWriter({ writer: output, schema, codec: 'SNAPPY' });
	}

	async write(batch: RowBatch): Promise<void> {
		const { values, rows } = batch as ParquetBatch;
		await this.writer.write({
			columnData: this.plan.map((column, index) => ({ name: column.name, data: values[index] })),
			rowGroupSize: rows,
		});
	}

	async end(): Promise<void> {
		await this.writer.finish();
	}
}

function planColumn(column: StagingColumn, options: ValueOptions): ParquetColumn {
	const { name } = column;
	if (!column.type) {
		throw new StagingError(
			`Parquet staging needs the type of every column; "${name}" has none. Give a schema, or stage CSV.`,
		);
	}
	const base = columnSource(column);
	const optional = { name, repetition_type: 'OPTIONAL' as const };
	const type = column.type;
	switch (type.name) {
		case 'SMALLINT':
		case 'INTEGER':
			return {
				...base,
				element: { ...optional, type: 'INT32' },
				convert: (value, context) => Number(toInteger(value, context, true)),
			};
		case 'BIGINT':
			return {
				...base,
				element: { ...optional, type: 'INT64' },
				convert: (value, context) => toInteger(value, context, false),
			};
		case 'REAL':
		case 'DOUBLE PRECISION':
			return {
				...base,
				element: { ...optional, type: type.name === 'REAL' ? 'FLOAT' : 'DOUBLE' },
				convert: toFloat,
			};
		case 'BOOLEAN':
			return { ...base, element: { ...optional, type: 'BOOLEAN' }, convert: toBoolean };
		case 'VARCHAR':
		case 'CHAR':
			return {
				...base,
				element: { ...optional, type: 'BYTE_ARRAY', converted_type: 'UTF8' },
				convert: (value, context) =>
					typeof value === 'string'
						? checkedString(value, context, options)
						: valueAsText(value, context, options),
			};
		case 'NUMERIC': {
			const { precision, scale } = type;
			// Up to 18 digits fit a signed 64-bit integer; beyond, a 16-byte two's complement array.
			const physical: SchemaElement =
				precision <= 18
					? { ...optional, type: 'INT64' }
					: { ...optional, type: 'FIXED_LEN_BYTE_ARRAY', type_length: 16 };
			return {
				...base,
				element: {
					...physical,
					converted_type: 'DECIMAL',
					precision,
					scale,
					logical_type: { type: 'DECIMAL', precision, scale },
				},
				convert: (value, context) => toUnscaledDecimal(value, context, precision, scale),
			};
		}
		case 'DATE':
			return {
				...base,
				element: { ...optional, type: 'INT32', converted_type: 'DATE' },
				convert: toDays,
			};
		case 'TIMESTAMP':
		case 'TIMESTAMPTZ':
			return {
				...base,
				element: {
					...optional,
					type: 'INT64',
					logical_type: {
						type: 'TIMESTAMP',
						isAdjustedToUTC: type.name === 'TIMESTAMPTZ',
						unit: 'MICROS',
					},
				},
				convert: toMicros,
			};
		case 'TIME':
		case 'TIMETZ':
			// dlt's Redshift docs and tests: "Redshift cannot load TIME columns from json or parquet files".
			throw new StagingError(
				`Parquet staging cannot write ${type.name} column "${name}": Redshift's COPY does not load TIME or TIMETZ columns from Parquet; use CSV staging.`,
			);
		case 'SUPER':
			// A Parquet string loads into SUPER as a string scalar, not as the JSON it holds (dlt's Redshift docs).
			throw new StagingError(
				`Parquet staging cannot write SUPER column "${name}": Redshift's COPY from Parquet stores a string as a SUPER string, not as the JSON it holds; use CSV staging.`,
			);
		default:
			throw new StagingError(
				`Parquet staging cannot write ${formatColumnType(type as ColumnType)} column "${name}"; use CSV staging.`,
			);
	}
}

function fail(context: ValueContext, problem: string): StagingError {
	return new StagingError(
		`Item ${context.itemIndex}, column "${context.column}": ${problem}`,
		context.itemIndex,
		context.column,
	);
}

function toInteger(value: unknown, context: ValueContext, int32: boolean): bigint {
	let result: bigint;
	if (typeof value === 'bigint') result = value;
	else if (typeof value === 'number' && Number.isSafeInteger(value)) result = BigInt(value);
	else if (typeof value === 'string' && /^-?\d+$/.test(value)) result = BigInt(value);
	else throw fail(context, `${describe(value)} is not a whole number.`);
	const [min, max] = int32 ? [BigInt(INT32_MIN), BigInt(INT32_MAX)] : [INT64_MIN, INT64_MAX];
	if (result < min || result > max)
		throw fail(context, `${result} is out of range for the column.`);
	return result;
}

function toFloat(value: unknown, context: ValueContext): number {
	if (typeof value === 'number') return value;
	if (typeof value === 'bigint') return Number(value);
	if (
		typeof value === 'string' &&
		/^\s*(-?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?|-?Infinity|NaN)\s*$/.test(value)
	)
		return Number(value);
	throw fail(context, `${describe(value)} is not a number.`);
}

function toBoolean(value: unknown, context: ValueContext): boolean {
	if (typeof value === 'boolean') return value;
	// 't'/'f': how PostgreSQL prints booleans (the CDC Trigger's text mode).
	if (value === 'true' || value === 't') return true;
	if (value === 'false' || value === 'f') return false;
	throw fail(context, `${describe(value)} is not a boolean.`);
}

/** Exact digits to the unscaled integer: never rounds; too many digits is an error, not silent loss. */
export function toUnscaledDecimal(
	value: unknown,
	context: ValueContext,
	precision: number,
	scale: number,
): bigint {
	const text =
		typeof value === 'bigint'
			? value.toString()
			: typeof value === 'number'
				? numberText(value)
				: value;
	const match = typeof text === 'string' ? /^(-?)(\d+)(?:\.(\d+))?$/.exec(text) : null;
	if (!match) throw fail(context, `${describe(value)} is not a decimal number.`);
	const [, sign, whole, fraction = ''] = match;
	const trimmedFraction = fraction.replace(/0+$/, '');
	if (trimmedFraction.length > scale)
		throw fail(context, `${text} has more than ${scale} decimal places.`);
	const digits = (whole.replace(/^0+(?=\d)/, '') + trimmedFraction.padEnd(scale, '0')).replace(
		/^0+(?=\d)/,
		'',
	);
	if (digits.length > precision)
		throw fail(context, `${text} has more than ${precision} digits in all.`);
	return BigInt(`${sign}${digits}`);
}

function numberText(value: number): string {
	// Shortest exact form; exponents are expanded so the digits can be counted.
	if (!Number.isFinite(value)) return String(value);
	const text = String(value);
	if (!/e/i.test(text)) return text;
	return value.toFixed(20).replace(/\.?0+$/, '');
}

// Years of any length and PostgreSQL's " BC" suffix; the arithmetic is done in integers, so dates
// beyond JavaScript's Date range (±275760 years) keep their exact day.
const DATE_TEXT = /^(\d{4,})-(\d{2})-(\d{2})( BC)?$/;
const TIMESTAMP_TEXT =
	/^(\d{4,})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?)?(Z|[+-]\d{2}(?::?\d{2}(?::?\d{2})?)?)?( BC)?$/i;
const DAY_MICROS = 86_400_000_000n;

function toDays(value: unknown, context: ValueContext): number {
	if (value instanceof Date && !Number.isNaN(value.getTime()))
		return Math.floor(value.getTime() / DAY_MS);
	const match = typeof value === 'string' ? DATE_TEXT.exec(value) : null;
	if (!match)
		throw fail(
			context,
			`${describe(value)} is not a date (YYYY-MM-DD); Parquet has no infinity date.`,
		);
	return daysOf(match, match[4] !== undefined, context);
}

/** Microseconds since the epoch; a zone offset is applied, a value without one is taken as UTC. */
function toMicros(value: unknown, context: ValueContext): bigint {
	if (value instanceof Date && !Number.isNaN(value.getTime()))
		return BigInt(value.getTime()) * 1000n;
	const match = typeof value === 'string' ? TIMESTAMP_TEXT.exec(value) : null;
	if (!match)
		throw fail(
			context,
			`${describe(value)} is not an ISO 8601 timestamp; Parquet has no infinity timestamp.`,
		);
	const [hour, minute, second] = [4, 5, 6].map((index) => Number(match[index] ?? 0));
	if (hour > 23 || minute > 59 || second > 59)
		throw fail(context, `${match[0]} is not a valid date or time.`);
	const days = BigInt(daysOf(match, match[9] !== undefined, context));
	const fraction = BigInt((match[7] ?? '').padEnd(6, '0') || '0');
	const clock = BigInt((hour * 60 + minute) * 60 + second) * 1_000_000n + fraction;
	const micros = days * DAY_MICROS + clock - BigInt(offsetSeconds(match[8])) * 1_000_000n;
	if (micros < INT64_MIN || micros > INT64_MAX) {
		throw fail(
			context,
			`${match[0]} is beyond what a Parquet timestamp holds (microseconds since 1970 in 64 bits, up to 294247 AD); stage CSV instead.`,
		);
	}
	return micros;
}

/** Days since 1970-01-01 in the proleptic Gregorian calendar (as PostgreSQL counts, 1 BC = year 0). */
function daysOf(match: RegExpExecArray, bc: boolean, context: ValueContext): number {
	const [written, month, day] = [1, 2, 3].map((index) => Number(match[index]));
	const year = bc ? 1 - written : written;
	const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
	const monthDays = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
	if ((bc && written === 0) || monthDays === undefined || day < 1 || day > monthDays) {
		throw fail(context, `${match[0]} is not a valid date or time.`);
	}
	// Days from civil (H. Hinnant's algorithm): years start in March so the leap day comes last.
	const y = month <= 2 ? year - 1 : year;
	const era = Math.floor(y / 400);
	const yearOfEra = y - era * 400;
	const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
	const dayOfEra =
		yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
	return era * 146097 + dayOfEra - 719468;
}

function offsetSeconds(zone: string | undefined): number {
	if (!zone || zone.toUpperCase() === 'Z') return 0;
	const [, sign, hours, minutes = '0', seconds = '0'] =
		/^([+-])(\d{2}):?(\d{2})?:?(\d{2})?$/.exec(zone) ?? [];
	return (sign === '-' ? -1 : 1) * ((Number(hours) * 60 + Number(minutes)) * 60 + Number(seconds));
}

function describe(value: unknown): string {
	return typeof value === 'string'
		? JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)
		: String(value);
}
