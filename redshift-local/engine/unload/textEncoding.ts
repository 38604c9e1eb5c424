import { OID, type ResultColumn } from './resultColumns';

/** Options that shape one line of delimited text or CSV output (DG r_UNLOAD.md). */
export interface LineOptions {
	delimiter: string;
	addQuotes: boolean;
	escape: boolean;
	nullAs?: string;
}

/**
 * Pipe-delimited text (the default): NULL is an empty field unless NULL AS; ESCAPE puts a
 * backslash before linefeed, carriage return, the delimiter, the backslash and (with ADDQUOTES)
 * quotation marks; ADDQUOTES encloses every field in double quotes. The NULL AS string goes
 * through the same escaping, as Redshift does.
 */
export function delimitedLine(values: ReadonlyArray<string | null>, options: LineOptions): string {
	const fields = values.map((value) => {
		if (value === null) {
			const nullText = options.nullAs ?? '';
			return options.escape ? escapeText(nullText, options) : nullText;
		}
		const text = options.escape ? escapeText(value, options) : value;
		return options.addQuotes ? `"${text}"` : text;
	});
	return fields.join(options.delimiter) + '\n';
}

function escapeText(value: string, options: LineOptions): string {
	let out = '';
	for (const c of value) {
		const special =
			c === '\n' ||
			c === '\r' ||
			c === '\\' ||
			c === options.delimiter ||
			(options.addQuotes && (c === '"' || c === "'"));
		out += special ? `\\${c}` : c;
	}
	return out;
}

/**
 * CSV: a field with the delimiter, a double quote, a linefeed or a carriage return is enclosed in
 * double quotes and its quotes doubled; ADDQUOTES encloses every non-null field.
 */
export function csvLine(values: ReadonlyArray<string | null>, options: LineOptions): string {
	const fields = values.map((value) => {
		if (value === null) return options.nullAs ?? '';
		const needsQuotes =
			options.addQuotes || value.includes(options.delimiter) || /["\r\n]/.test(value);
		return needsQuotes ? `"${value.replace(/"/g, '""')}"` : value;
	});
	return fields.join(options.delimiter) + '\n';
}

const NUMBER_TYPES = new Set<number>([
	OID.int2,
	OID.int4,
	OID.int8,
	OID.float4,
	OID.float8,
	OID.numeric,
]);

/** JSON lines: one object per row; numbers stay numbers, SUPER stays nested JSON, NULL is null. */
export function jsonLine(
	values: ReadonlyArray<string | null>,
	columns: readonly ResultColumn[],
): string {
	const parts = columns.map((column, index) => {
		const value = values[index];
		return `${JSON.stringify(column.name)}:${jsonValue(value, column.typeOid)}`;
	});
	return `{${parts.join(',')}}\n`;
}

function jsonValue(value: string | null, typeOid: number): string {
	if (value === null) return 'null';
	if (NUMBER_TYPES.has(typeOid) && /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(value)) return value;
	if (typeOid === OID.bool) return value === 't' ? 'true' : 'false';
	if (typeOid === OID.jsonb || typeOid === OID.json) return value;
	return JSON.stringify(value);
}

/** jsonb prints a space after ':' and ','; Redshift's SUPER text is compact. Strings are kept byte for byte. */
export function compactJson(value: string): string {
	let out = '';
	let inString = false;
	for (let index = 0; index < value.length; index++) {
		const char = value[index];
		if (inString) {
			out += char;
			if (char === '\\') out += value[++index] ?? '';
			else if (char === '"') inString = false;
		} else if (char === '"') {
			inString = true;
			out += char;
		} else if (char !== ' ' && char !== '\n' && char !== '\t' && char !== '\r') {
			out += char;
		}
	}
	return out;
}
