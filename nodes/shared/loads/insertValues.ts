import type { SqlValue } from '../redshift/connection/types';
import type { ColumnType } from '../staging/columnTypes';
import type { NulHandling } from '../staging/columns';
import { StagingError } from '../staging/errors';
import { jsonText, valueAsText } from '../staging/values';
import { numericMisfit, timeMisfit } from './columnFit';
import { ItemValueError } from './errors';
import type { TableColumn } from './targetTable';

const WHOLE = /^-?\d+$/;
const DECIMAL = /^-?(\d+)(?:\.(\d+))?$/;
const BOOLEAN_TEXT = /^(true|false|t|f|yes|no|y|n|1|0)$/i;
const INTEGER_RANGES: Record<string, [bigint, bigint]> = {
	SMALLINT: [-(2n ** 15n), 2n ** 15n - 1n],
	INTEGER: [-(2n ** 31n), 2n ** 31n - 1n],
	BIGINT: [-(2n ** 63n), 2n ** 63n - 1n],
};

/** A value as an INSERT parameter, and whether it must be wrapped (SUPER: JSON_PARSE). */
export interface InsertValue {
	value: SqlValue;
	super: boolean;
}

/**
 * Checks an item's value against its column's type and returns the parameter to send: text in
 * the form Redshift parses (exact numbers stay strings), JSON for SUPER. Values that cannot fit
 * are refused here, naming the item and column, because a multi-row INSERT that fails on the
 * server does not say which row was at fault.
 */
export function insertValue(
	value: unknown,
	column: TableColumn,
	itemIndex: number,
	nulBytes: NulHandling,
	superStringsAreJson = false,
): InsertValue {
	const type = column.type;
	const context = { itemIndex, column: column.name };
	const fail = (reason: string) =>
		new ItemValueError(
			`Item ${itemIndex}, column "${column.name}" (${describeType(type, column.typeName)}): ${reason}`,
			itemIndex,
			column.name,
		);
	if (value === null || value === undefined) {
		if (!column.nullable) throw fail('the column is NOT NULL; give it a value.');
		return { value: null, super: false };
	}
	try {
		if (type?.name === 'SUPER') {
			// JSON text is parsed by JSON_PARSE as it is; anything else is serialized first.
			const json =
				superStringsAreJson && typeof value === 'string'
					? valueAsText(value, context, { nulBytes })
					: jsonText(value, context, { nulBytes });
			return { value: json, super: true };
		}
		const text = valueAsText(value, context, { nulBytes });
		switch (type?.name) {
			case 'VARCHAR':
			case 'CHAR': {
				const bytes = Buffer.byteLength(text, 'utf8');
				if (bytes > type.length)
					throw fail(
						`the value is ${bytes} bytes of UTF-8; the column holds ${type.length}. Widen the column or shorten the value.`,
					);
				return { value: text, super: false };
			}
			case 'SMALLINT':
			case 'INTEGER':
			case 'BIGINT': {
				if (!WHOLE.test(text))
					throw fail(`${JSON.stringify(shorten(text))} is not a whole number.`);
				const [min, max] = INTEGER_RANGES[type.name];
				const number = BigInt(text);
				if (number < min || number > max)
					throw fail(
						`${text} is outside the ${type.name} range ${min} to ${max}; use a wider type (BIGINT, NUMERIC).`,
					);
				return { value: text, super: false };
			}
			case 'NUMERIC': {
				// NaN, infinity and digits the column would round away, before the shape check.
				const misfit = numericMisfit(text, type);
				if (misfit) throw fail(misfit);
				const match = DECIMAL.exec(text);
				if (!match) throw fail(`${JSON.stringify(shorten(text))} is not a decimal number.`);
				const digits = match[1].replace(/^0+(?=\d)/, '').length;
				if (match[1] !== '0' && digits > type.precision - type.scale) {
					throw fail(
						`${text} has ${digits} digits before the point; NUMERIC(${type.precision},${type.scale}) holds ${type.precision - type.scale}.`,
					);
				}
				return { value: text, super: false };
			}
			case 'DATE':
			case 'TIMESTAMP':
			case 'TIMESTAMPTZ': {
				const misfit = timeMisfit(text, type);
				if (misfit) throw fail(misfit);
				return { value: text, super: false };
			}
			case 'BOOLEAN':
				if (!BOOLEAN_TEXT.test(text))
					throw fail(`${JSON.stringify(shorten(text))} is not a boolean (true or false).`);
				return { value: text, super: false };
			default:
				return { value: text, super: false };
		}
	} catch (error) {
		if (error instanceof StagingError)
			throw new ItemValueError(error.message, itemIndex, column.name);
		throw error;
	}
}

function describeType(type: ColumnType | undefined, fallback: string): string {
	if (!type) return fallback;
	if (type.name === 'VARCHAR' || type.name === 'CHAR') return `${type.name}(${type.length})`;
	if (type.name === 'NUMERIC') return `NUMERIC(${type.precision},${type.scale})`;
	return type.name;
}

function shorten(text: string): string {
	return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}
