import { isWellFormedUtf16 } from '../text/utf16';
import { StagingError } from './errors';
import type { ValueOptions } from './columns';

/** Where a value came from, for error messages. */
export interface ValueContext {
	itemIndex: number;
	column: string;
}

/**
 * A string as it may be staged: NUL refused (or stripped when asked), invalid UTF-8 refused.
 * Node would otherwise write U+FFFD for a lone surrogate, silently changing the value.
 */
export function checkedString(value: string, context: ValueContext, options: ValueOptions): string {
	let text = value;
	if (text.includes('\u0000')) {
		if (options.nulBytes !== 'strip') {
			throw new StagingError(
				`Item ${context.itemIndex}, column "${context.column}": the text contains a NUL character, which Redshift cannot store. Remove it, or turn on stripping NUL characters.`,
				context.itemIndex,
				context.column,
			);
		}
		text = text.replaceAll('\u0000', '');
	}
	if (!isWellFormedUtf16(text)) {
		throw new StagingError(
			`Item ${context.itemIndex}, column "${context.column}": the text is not valid UTF-8 (it has an unpaired surrogate, e.g. half of an emoji). Fix the source value.`,
			context.itemIndex,
			context.column,
		);
	}
	return text;
}

/**
 * A non-null scalar or object as the text Redshift parses for a non-SUPER column: numbers in
 * JavaScript's shortest exact form, bigints and decimal strings untouched (no precision lost),
 * dates as ISO 8601 in UTC, objects and arrays as JSON text.
 */
export function valueAsText(value: unknown, context: ValueContext, options: ValueOptions): string {
	switch (typeof value) {
		case 'string':
			return checkedString(value, context, options);
		case 'number':
			return String(value);
		case 'bigint':
			return value.toString();
		case 'boolean':
			return value ? 'true' : 'false';
		case 'object':
			if (value instanceof Date) return dateText(value, context);
			return jsonText(value, context, options);
		default:
			throw unsupported(value, context);
	}
}

/** JSON text of any value, for SUPER columns and for objects in text columns. */
export function jsonText(value: unknown, context: ValueContext, options: ValueOptions): string {
	return serialize(value, context, options, 0);
}

const MAX_DEPTH = 1000;

// A small serializer instead of JSON.stringify: bigints keep every digit, strings are checked
// for NUL and invalid UTF-8, NaN/Infinity are refused instead of becoming null.
function serialize(
	value: unknown,
	context: ValueContext,
	options: ValueOptions,
	depth: number,
): string {
	if (depth > MAX_DEPTH) {
		throw new StagingError(
			`Item ${context.itemIndex}, column "${context.column}": the value is nested too deeply (or refers to itself).`,
			context.itemIndex,
			context.column,
		);
	}
	switch (typeof value) {
		case 'string':
			return JSON.stringify(checkedString(value, context, options));
		case 'number':
			if (!Number.isFinite(value)) {
				throw new StagingError(
					`Item ${context.itemIndex}, column "${context.column}": ${value} inside JSON has no JSON form; use null or a string.`,
					context.itemIndex,
					context.column,
				);
			}
			return String(value);
		case 'bigint':
			return value.toString();
		case 'boolean':
			return value ? 'true' : 'false';
		case 'undefined':
			return 'null';
		case 'object': {
			if (value === null) return 'null';
			if (value instanceof Date) return JSON.stringify(dateText(value, context));
			if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer)
				throw unsupported(value, context);
			const toJson = (value as { toJSON?: () => unknown }).toJSON;
			if (typeof toJson === 'function')
				return serialize(toJson.call(value), context, options, depth + 1);
			if (Array.isArray(value)) {
				return `[${value.map((entry) => serialize(entry, context, options, depth + 1)).join(',')}]`;
			}
			const fields: string[] = [];
			for (const [key, entry] of Object.entries(value)) {
				if (entry === undefined || typeof entry === 'function' || typeof entry === 'symbol')
					continue;
				fields.push(
					`${JSON.stringify(checkedString(key, context, options))}:${serialize(entry, context, options, depth + 1)}`,
				);
			}
			return `{${fields.join(',')}}`;
		}
		default:
			throw unsupported(value, context);
	}
}

function dateText(value: Date, context: ValueContext): string {
	if (Number.isNaN(value.getTime())) {
		throw new StagingError(
			`Item ${context.itemIndex}, column "${context.column}": the date is invalid.`,
			context.itemIndex,
			context.column,
		);
	}
	return value.toISOString();
}

function unsupported(value: unknown, context: ValueContext): StagingError {
	const kind =
		ArrayBuffer.isView(value) || value instanceof ArrayBuffer ? 'binary data' : typeof value;
	return new StagingError(
		`Item ${context.itemIndex}, column "${context.column}": ${kind} cannot be staged; convert it to text (binary as hex or base64) first.`,
		context.itemIndex,
		context.column,
	);
}
