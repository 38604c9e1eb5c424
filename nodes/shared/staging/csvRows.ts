import type { StagedFileOptions } from './fileFormat';
import { StagingError } from './errors';
import { columnSource, columnValue, type StagingColumn, type ValueOptions } from './columns';
import { checkedString, jsonText, valueAsText, type ValueContext } from './values';

/**
 * How NULL is written. Redshift CSV cannot tell an empty field from an empty string without
 * EMPTYASNULL (which turns '' into NULL), so NULL gets its own marker and '' stays ''.
 * A real value equal to the marker is refused rather than loaded as NULL.
 */
export const CSV_NULL_MARKER = '__n8n_null__';

/** The COPY options that read these files back exactly. */
export const CSV_COPY_OPTIONS: Omit<StagedFileOptions, 'compression'> = {
	format: { type: 'CSV', nullAs: CSV_NULL_MARKER },
	timeFormat: 'auto',
	dateFormat: 'auto',
};

const NEEDS_QUOTES = /[",\r\n]/;
/** Anything that needs quoting or checking: quotes, delimiters, line breaks, NUL, surrogates. */
// eslint-disable-next-line no-control-regex -- NUL is one of the characters looked for
const NEEDS_CARE = /[",\r\n\u0000\ud800-\udfff]/;

function carefulField(
	value: unknown,
	isSuper: boolean,
	context: ValueContext,
	options: ValueOptions,
): string {
	const text =
		typeof value === 'string' && !isSuper
			? checkedString(value, context, options)
			: isSuper
				? jsonText(value, context, options)
				: valueAsText(value, context, options);
	if (text === CSV_NULL_MARKER) {
		throw new StagingError(
			`Item ${context.itemIndex}, column "${context.column}": the value equals the NULL marker ${CSV_NULL_MARKER} of CSV staging; stage JSON lines instead.`,
			context.itemIndex,
			context.column,
		);
	}
	return text === '' || NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A function from an item to one CSV line (RFC 4180 quoting: "" inside quotes; newlines kept inside quotes). */
export function csvRowEncoder(
	columns: readonly StagingColumn[],
	options: ValueOptions,
): (item: Record<string, unknown>, itemIndex: number) => string {
	const plan = columns.map((column) => ({
		...columnSource(column),
		isSuper: column.type?.name === 'SUPER',
	}));
	return (item, itemIndex) => {
		let line = '';
		for (let index = 0; index < plan.length; index++) {
			const column = plan[index];
			const { name, isSuper } = column;
			const value = columnValue(column, item, itemIndex);
			if (index > 0) line += ',';
			if (value === null || value === undefined) {
				line += CSV_NULL_MARKER;
			} else if (typeof value === 'number' && !isSuper) {
				line += String(value);
			} else if (
				typeof value === 'string' &&
				!isSuper &&
				value !== '' &&
				value !== CSV_NULL_MARKER &&
				!NEEDS_CARE.test(value)
			) {
				// The common case: nothing to quote, escape or check further.
				line += value;
			} else {
				line += carefulField(value, isSuper, { itemIndex, column: name }, options);
			}
		}
		return `${line}\n`;
	};
}
