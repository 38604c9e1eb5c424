import { MAX_VARCHAR_BYTES, type ColumnType } from '../staging/columnTypes';
import type { NulHandling } from '../staging/columns';
import { StagingError } from '../staging/errors';
import { valueAsText } from '../staging/values';
import {
	DEFAULT_COLUMN_FIT,
	isTimeType,
	numericMisfit,
	timeMisfit,
	truncateUtf8,
	widenedLength,
	type ColumnFitPolicy,
} from './columnFit';
import { ItemValueError } from './errors';
import type { LoadItem } from './types';

/** A column as the check sees it: its name and type (untyped columns are not checked). */
export interface FitColumn {
	name: string;
	type?: ColumnType;
	/** Whether ALTER may widen it (a column of the target table, not a helper column of the load). */
	widenable: boolean;
}

/** A VARCHAR column that values outgrew, and what it should become. */
export interface ColumnToWiden {
	column: string;
	length: number;
	newLength: number;
	/** The longest value's bytes and the first item that needs the wider column. */
	longestBytes: number;
	firstItem: number;
	values: number;
}

/**
 * Checks rows against their columns' types before they are staged or inserted: VARCHAR/CHAR
 * lengths in UTF-8 bytes (as staged), NUMERIC digits, infinite dates. Long values are widened
 * for (recorded here, altered before the load), cut, or refused, by the policy; the rest fail
 * the item with its index and column.
 */
export class ColumnFitCheck {
	private readonly policy: Required<ColumnFitPolicy>;
	private readonly widen = new Map<string, ColumnToWiden>();
	private readonly truncated = new Map<
		string,
		{ column: string; policy: string; count: number; to: number }
	>();

	constructor(
		private readonly columns: readonly FitColumn[],
		policy: ColumnFitPolicy | undefined,
		private readonly options: {
			tableName: string;
			nulBytes: NulHandling;
			/** The column is created by this load (no ALTER possible before it). */
			tableCreated: boolean;
			itemIndexOfRow?: (row: number) => number | undefined;
		},
	) {
		this.policy = { ...DEFAULT_COLUMN_FIT, ...policy };
	}

	/** Checks rows lazily; a row whose value is cut is copied, never changed in place. */
	async *rows(rows: AsyncIterable<LoadItem> | Iterable<LoadItem>): AsyncGenerator<LoadItem> {
		let index = 0;
		for await (const row of rows) {
			yield this.row(row, this.options.itemIndexOfRow?.(index) ?? index);
			index++;
		}
	}

	row(row: LoadItem, itemIndex: number): LoadItem {
		let out = row;
		for (const column of this.columns) {
			if (!this.checks(column.type)) continue;
			const value = row[column.name];
			if (value === null || value === undefined) continue;
			const fitted = this.value(value, column, column.type as ColumnType, itemIndex);
			if (fitted !== value) {
				if (out === row) out = { ...row };
				out[column.name] = fitted;
			}
		}
		return out;
	}

	/** VARCHAR columns to widen before the load, in column order. */
	get columnsToWiden(): ColumnToWiden[] {
		return [...this.widen.values()];
	}

	/** One warning per column whose values were cut. */
	get warnings(): string[] {
		return [...this.truncated.values()].map(
			({ column, policy, count, to }) =>
				`${count} value(s) of column "${column}" in ${this.options.tableName} were cut to ${to} bytes of UTF-8 (policy "${policy}": Truncate).`,
		);
	}

	private checks(type: ColumnType | undefined): boolean {
		return (
			type?.name === 'VARCHAR' ||
			type?.name === 'CHAR' ||
			type?.name === 'NUMERIC' ||
			isTimeType(type)
		);
	}

	private value(value: unknown, column: FitColumn, type: ColumnType, itemIndex: number): unknown {
		const fail = (reason: string) =>
			new ItemValueError(
				`Item ${itemIndex}, column "${column.name}" of ${this.options.tableName} (${typeText(type)}): ${reason}`,
				itemIndex,
				column.name,
			);
		let text: string;
		try {
			text = valueAsText(
				value,
				{ itemIndex, column: column.name },
				{ nulBytes: this.options.nulBytes },
			);
		} catch (error) {
			// The staging step reports values it cannot write, with its own wording.
			if (error instanceof StagingError) return value;
			throw error;
		}
		if (type.name === 'NUMERIC') {
			const misfit = numericMisfit(text, type);
			if (misfit) throw fail(misfit);
			return value;
		}
		if (isTimeType(type)) {
			const misfit = timeMisfit(text, type);
			if (misfit) throw fail(misfit);
			return value;
		}
		if (type.name !== 'VARCHAR' && type.name !== 'CHAR') return value;
		const bytes = Buffer.byteLength(text, 'utf8');
		if (bytes <= type.length) return value;
		return this.long(value, text, bytes, column, type, fail, itemIndex);
	}

	/** A value longer than its column: cut, recorded for widening, or refused. Returns the value to stage. */
	private long(
		original: unknown,
		text: string,
		bytes: number,
		column: FitColumn,
		type: Extract<ColumnType, { name: 'VARCHAR' | 'CHAR' }>,
		fail: (reason: string) => ItemValueError,
		itemIndex: number,
	): unknown {
		const { longValues, oversizeValues } = this.policy;
		let value = original;
		// Over 65,535 bytes no VARCHAR holds it, whatever the other policy says.
		if (bytes > MAX_VARCHAR_BYTES) {
			if (oversizeValues === 'fail') {
				throw fail(
					`the value is ${bytes} bytes of UTF-8; no Redshift VARCHAR holds more than ${MAX_VARCHAR_BYTES} (policy "Values Over 65,535 Bytes": Fail). Shorten the value before this node, leave the field out, or choose Truncate for that policy.`,
				);
			}
			text = this.cut(text, MAX_VARCHAR_BYTES, column.name, 'Values Over 65,535 Bytes');
			bytes = Buffer.byteLength(text, 'utf8');
			value = text;
			if (bytes <= type.length) return value;
		}
		if (longValues === 'truncate')
			return this.cut(text, type.length, column.name, 'Values Longer Than the Column');
		if (longValues === 'fail') {
			throw fail(
				`the value is ${bytes} bytes of UTF-8; the column holds ${type.length} (policy "Values Longer Than the Column": Fail). Widen the column (ALTER TABLE … ALTER COLUMN … TYPE VARCHAR(n)), shorten the value, or choose Widen the Column or Truncate.`,
			);
		}
		if (type.name === 'CHAR') {
			throw fail(
				`the value is ${bytes} bytes of UTF-8; the column holds ${type.length}, and Redshift can only widen a VARCHAR, not a CHAR. Recreate the column as VARCHAR, shorten the value, or choose Truncate for "Values Longer Than the Column".`,
			);
		}
		if (!column.widenable) {
			throw fail(
				`the value is ${bytes} bytes of UTF-8; this helper column of the load holds ${type.length}. Shorten the value.`,
			);
		}
		if (this.options.tableCreated) {
			throw fail(
				`the value is ${bytes} bytes of UTF-8; the column holds ${type.length}, and the table is created by this load (nothing to widen yet). Give the column a longer type in the create-table settings.`,
			);
		}
		const known = this.widen.get(column.name);
		if (known) {
			known.values++;
			if (bytes > known.longestBytes) {
				known.longestBytes = bytes;
				known.newLength = widenedLength(bytes);
			}
		} else {
			this.widen.set(column.name, {
				column: column.name,
				length: type.length,
				newLength: widenedLength(bytes),
				longestBytes: bytes,
				firstItem: itemIndex,
				values: 1,
			});
		}
		return value;
	}

	private cut(text: string, maxBytes: number, column: string, policy: string): string {
		const key = `${policy}\u0000${column}`;
		const known = this.truncated.get(key);
		if (known) known.count++;
		else this.truncated.set(key, { column, policy, count: 1, to: maxBytes });
		return truncateUtf8(text, maxBytes);
	}
}

function typeText(type: ColumnType): string {
	if (type.name === 'VARCHAR' || type.name === 'CHAR') return `${type.name}(${type.length})`;
	if (type.name === 'NUMERIC') return `NUMERIC(${type.precision},${type.scale})`;
	return type.name;
}
