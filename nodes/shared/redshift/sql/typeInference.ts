import {
	MAX_NUMERIC_PRECISION,
	MAX_VARCHAR_BYTES,
	toColumnType,
	type ColumnType,
} from '../../staging/columnTypes';
import { SqlBuildError } from './errors';
import { assertDistinctColumns, normalizeIdentifier, type IdentifierOptions } from './identifiers';

/** A column found in the items: its Redshift name, the item key it comes from, and its type. */
export interface InferredColumn {
	/** Normalized (folded) column name. */
	name: string;
	/** The key in the items that holds this column's values. */
	sourceKey: string;
	type: ColumnType;
	/** True unless the caller asked for NOT NULL from the data and no value was null or missing. */
	nullable: boolean;
	/** Items where the value was null, undefined or missing. */
	nullCount: number;
}

export interface TypeInferenceOptions extends IdentifierOptions {
	/** Types the user gave, keyed by item key or column name; they win over what the data suggests. */
	schema?: Record<string, ColumnType | string>;
	/** Strings that are canonical decimals (`"12345678901234567890"`, `"-1.50"`) become BIGINT/NUMERIC. Default true. */
	numbersFromStrings?: boolean;
	/** ISO date and timestamp strings become DATE / TIMESTAMP / TIMESTAMPTZ. Default true. */
	temporalFromStrings?: boolean;
	/**
	 * INTEGER when every whole number fits 32 bits. Off by default: a later batch with a larger id
	 * would then fail, so whole numbers are BIGINT as in Airbyte and dlt.
	 */
	narrowIntegers?: boolean;
	/** Mark a column NOT NULL when no value in the sample was null. Default false: later batches may have nulls. */
	notNullFromData?: boolean;
}

const INT32_MIN = -(2n ** 31n);
const INT32_MAX = 2n ** 31n - 1n;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

const DECIMAL_TEXT = /^-?(0|[1-9]\d*)(?:\.(\d+))?$/;
const DATE_TEXT = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIMESTAMP_TEXT = /^(\d{4})-(\d{2})-(\d{2})[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?$/;
const TIMESTAMPTZ_TEXT =
	/^(\d{4})-(\d{2})-(\d{2})[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?(?:Z|[+-]\d{2}(?::?\d{2})?)$/i;
const INFINITY_TEXT = /^[+-]?infinity$/i;

/** What the values of one column looked like. */
interface ColumnStats {
	sourceKey: string;
	nulls: number;
	values: number;
	maxTextBytes: number;
	booleans: number;
	json: number;
	text: number;
	floats: number;
	/** Whole numbers from JS numbers only. */
	numberInts: number;
	/** Whole numbers from bigint or strings (exact, so they must stay exact). */
	exactInts: number;
	minInt: bigint;
	maxInt: bigint;
	/** Decimal strings with a fraction, or whole numbers outside 64 bits. */
	decimals: number;
	maxIntegerDigits: number;
	maxScale: number;
	dates: number;
	timestamps: number;
	timestampsWithZone: number;
	infinities: number;
}

/**
 * Learns column types from items one at a time, so a stream can be sampled without holding it.
 * Columns appear in the order their keys are first seen.
 */
export class ColumnTypeInference {
	private readonly stats = new Map<string, ColumnStats>();
	private items = 0;

	constructor(private readonly options: TypeInferenceOptions = {}) {}

	observe(item: Record<string, unknown>): void {
		if (item === null || typeof item !== 'object' || Array.isArray(item)) {
			throw new SqlBuildError(`Item ${this.items} is not an object of column values.`);
		}
		for (const key of Object.keys(item)) {
			if (!this.stats.has(key)) this.stats.set(key, newStats(key, this.items));
		}
		for (const stats of this.stats.values()) this.observeValue(stats, item[stats.sourceKey]);
		this.items++;
	}

	columns(): InferredColumn[] {
		const keys = [...this.stats.keys()];
		assertDistinctColumns(keys, this.options);
		const given = this.givenTypes(keys);
		return [...this.stats.values()].map((stats) => {
			const name = normalizeIdentifier(stats.sourceKey, this.options);
			const type = given.get(name) ?? this.decide(stats);
			const nullable = !this.options.notNullFromData || stats.nulls > 0 || stats.values === 0;
			return { name, sourceKey: stats.sourceKey, type, nullable, nullCount: stats.nulls };
		});
	}

	private givenTypes(keys: string[]): Map<string, ColumnType> {
		const known = new Set(keys.map((key) => normalizeIdentifier(key, this.options)));
		const given = new Map<string, ColumnType>();
		for (const [key, type] of Object.entries(this.options.schema ?? {})) {
			const name = normalizeIdentifier(key, this.options);
			if (!known.has(name)) {
				throw new SqlBuildError(
					`The schema gives a type for ${JSON.stringify(key)}, but no item has that field.`,
				);
			}
			given.set(name, toColumnType(type));
		}
		return given;
	}

	private observeValue(stats: ColumnStats, value: unknown): void {
		if (value === null || value === undefined) {
			stats.nulls++;
			return;
		}
		stats.values++;
		const text = classify(stats, value, this.options);
		stats.maxTextBytes = Math.max(stats.maxTextBytes, Buffer.byteLength(text, 'utf8'));
	}

	private decide(stats: ColumnStats): ColumnType {
		const varchar = (): ColumnType => ({
			name: 'VARCHAR',
			length: varcharLength(stats.maxTextBytes),
		});
		const kinds = (...counts: number[]) => counts.reduce((sum, count) => sum + count, 0);
		const numeric = kinds(stats.floats, stats.numberInts, stats.exactInts, stats.decimals);
		const temporal = kinds(stats.dates, stats.timestamps, stats.timestampsWithZone);
		if (stats.values === 0 || stats.text > 0) return varchar();
		if (stats.json === stats.values) return { name: 'SUPER' };
		if (stats.booleans === stats.values) return { name: 'BOOLEAN' };
		if (numeric === stats.values) return decideNumeric(stats, this.options) ?? varchar();
		if (temporal > 0 && temporal + stats.infinities === stats.values) {
			if (stats.timestampsWithZone === 0)
				return { name: stats.timestamps > 0 ? 'TIMESTAMP' : 'DATE' };
			// Naive and zoned values together have no one faithful type; keep the text.
			if (stats.timestampsWithZone === temporal) return { name: 'TIMESTAMPTZ' };
		}
		return varchar();
	}
}

/** Infers the columns of a sample of items. */
export function inferColumns(
	items: Iterable<Record<string, unknown>>,
	options: TypeInferenceOptions = {},
): InferredColumn[] {
	const inference = new ColumnTypeInference(options);
	for (const item of items) inference.observe(item);
	return inference.columns();
}

/** Room for longer values in later batches: at least 256 bytes, then the next power of two, at most 65535. */
export function varcharLength(maxBytes: number): number {
	let length = 256;
	while (length < maxBytes && length < MAX_VARCHAR_BYTES) length *= 2;
	return Math.min(length, MAX_VARCHAR_BYTES);
}

function newStats(sourceKey: string, itemsWithoutIt: number): ColumnStats {
	return {
		sourceKey,
		nulls: itemsWithoutIt,
		values: 0,
		maxTextBytes: 0,
		booleans: 0,
		json: 0,
		text: 0,
		floats: 0,
		numberInts: 0,
		exactInts: 0,
		minInt: 0n,
		maxInt: 0n,
		decimals: 0,
		maxIntegerDigits: 0,
		maxScale: 0,
		dates: 0,
		timestamps: 0,
		timestampsWithZone: 0,
		infinities: 0,
	};
}

/** Counts the value in its kind and returns the text it will be staged as (for VARCHAR sizing). */
function classify(stats: ColumnStats, value: unknown, options: TypeInferenceOptions): string {
	switch (typeof value) {
		case 'boolean':
			stats.booleans++;
			return String(value);
		case 'number':
			if (Number.isInteger(value)) noteInt(stats, BigInt(value), false);
			else stats.floats++;
			return String(value);
		case 'bigint':
			noteWhole(stats, value, value.toString());
			return value.toString();
		case 'string':
			classifyString(stats, value, options);
			return value;
		case 'object':
			if (value instanceof Date) {
				stats.timestampsWithZone++;
				return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
			}
			stats.json++;
			return safeJson(value);
		default:
			stats.text++;
			return String(value);
	}
}

function classifyString(stats: ColumnStats, value: string, options: TypeInferenceOptions): void {
	if (options.numbersFromStrings !== false) {
		const decimal = DECIMAL_TEXT.exec(value);
		if (decimal) {
			if (decimal[2] === undefined) noteWhole(stats, BigInt(value), decimal[1]);
			else noteDecimal(stats, decimal[1].length, decimal[2].length);
			return;
		}
	}
	if (options.temporalFromStrings !== false) {
		if (INFINITY_TEXT.test(value)) {
			stats.infinities++;
			return;
		}
		if (isCalendarDate(DATE_TEXT.exec(value))) {
			stats.dates++;
			return;
		}
		if (isCalendarDate(TIMESTAMP_TEXT.exec(value))) {
			stats.timestamps++;
			return;
		}
		if (isCalendarDate(TIMESTAMPTZ_TEXT.exec(value))) {
			stats.timestampsWithZone++;
			return;
		}
	}
	stats.text++;
}

/** An exact whole number: BIGINT when it fits 64 bits, else a NUMERIC digit count. */
function noteWhole(stats: ColumnStats, value: bigint, digits: string): void {
	if (value >= INT64_MIN && value <= INT64_MAX) noteInt(stats, value, true);
	else noteDecimal(stats, digits.replace('-', '').length, 0);
}

function noteInt(stats: ColumnStats, value: bigint, exact: boolean): void {
	if (exact) stats.exactInts++;
	else stats.numberInts++;
	const first = stats.numberInts + stats.exactInts === 1;
	stats.minInt = first || value < stats.minInt ? value : stats.minInt;
	stats.maxInt = first || value > stats.maxInt ? value : stats.maxInt;
	stats.maxIntegerDigits = Math.max(
		stats.maxIntegerDigits,
		value.toString().replace('-', '').length,
	);
}

function noteDecimal(stats: ColumnStats, integerDigits: number, scale: number): void {
	stats.decimals++;
	stats.maxIntegerDigits = Math.max(stats.maxIntegerDigits, integerDigits);
	stats.maxScale = Math.max(stats.maxScale, scale);
}

function decideNumeric(stats: ColumnStats, options: TypeInferenceOptions): ColumnType | undefined {
	const exact = stats.exactInts + stats.decimals;
	if (stats.floats > 0) {
		// A double cannot hold exact digits given as strings; only plain JS numbers mix with floats.
		return exact > 0 ? undefined : { name: 'DOUBLE PRECISION' };
	}
	if (stats.decimals === 0) {
		if (
			stats.minInt >= INT32_MIN &&
			stats.maxInt <= INT32_MAX &&
			options.narrowIntegers &&
			stats.exactInts === 0
		) {
			return { name: 'INTEGER' };
		}
		return { name: 'BIGINT' };
	}
	// Wide precision so later batches with larger values still fit; the scale is what the data needs.
	if (stats.maxIntegerDigits + stats.maxScale > MAX_NUMERIC_PRECISION) return undefined;
	return { name: 'NUMERIC', precision: MAX_NUMERIC_PRECISION, scale: stats.maxScale };
}

function isCalendarDate(match: RegExpExecArray | null): boolean {
	if (!match) return false;
	const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
	const date = new Date(Date.UTC(year, month - 1, day));
	return (
		date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
	);
}

function safeJson(value: unknown): string {
	try {
		return (
			JSON.stringify(value, (_key, inner: unknown) =>
				typeof inner === 'bigint' ? inner.toString() : inner,
			) ?? ''
		);
	} catch {
		return '';
	}
}
