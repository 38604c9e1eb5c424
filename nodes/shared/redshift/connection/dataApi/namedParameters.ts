import type { SqlParameter } from '@aws-sdk/client-redshift-data';

import type { SqlStatement, SqlValue } from '../types';

/**
 * The Data API names parameters (`:name`) and carries every value as a non-empty string; it has
 * no way to send NULL or ''. Those two become the SQL constants NULL and '' in the text: fixed
 * tokens, never user data. Every other value stays a parameter.
 */
export interface NamedStatement {
	sql: string;
	parameters: SqlParameter[];
}

function constantFor(value: SqlValue): string | undefined {
	if (value === null) return 'NULL';
	if (value === '') return "''";
	return undefined;
}

/** Replaces `$n` outside quotes, quoted identifiers, dollar quotes and comments. */
function replacePlaceholders(text: string, replace: (index: number) => string): string {
	let out = '';
	let i = 0;
	while (i < text.length) {
		const char = text[i];
		const next = text[i + 1];
		if (char === "'" || char === '"') {
			const end = closingQuote(text, i, char);
			out += text.slice(i, end);
			i = end;
		} else if (char === '-' && next === '-') {
			const end = text.indexOf('\n', i);
			const stop = end === -1 ? text.length : end;
			out += text.slice(i, stop);
			i = stop;
		} else if (char === '/' && next === '*') {
			const end = text.indexOf('*/', i + 2);
			const stop = end === -1 ? text.length : end + 2;
			out += text.slice(i, stop);
			i = stop;
		} else if (char === '$' && /[0-9]/.test(next ?? '')) {
			let end = i + 1;
			while (end < text.length && /[0-9]/.test(text[end])) end++;
			out += replace(Number(text.slice(i + 1, end)));
			i = end;
		} else if (char === '$') {
			const tag = /^\$[A-Za-z_]*\$/.exec(text.slice(i));
			if (tag) {
				const end = text.indexOf(tag[0], i + tag[0].length);
				const stop = end === -1 ? text.length : end + tag[0].length;
				out += text.slice(i, stop);
				i = stop;
			} else {
				out += char;
				i++;
			}
		} else {
			out += char;
			i++;
		}
	}
	return out;
}

function closingQuote(text: string, start: number, quote: string): number {
	let i = start + 1;
	while (i < text.length) {
		if (text[i] === quote) {
			if (text[i + 1] === quote)
				i += 2; // doubled quote inside the literal
			else return i + 1;
		} else {
			i++;
		}
	}
	return text.length;
}

/** `$1…$n` → `:<prefix>1…`, values as strings. */
export function toNamedStatement(statement: SqlStatement, prefix = 'p'): NamedStatement {
	const values = statement.values ?? [];
	const used = new Set<number>();
	const sql = replacePlaceholders(statement.text, (index) => {
		if (index < 1 || index > values.length) {
			throw new Error(
				`The statement uses $${index} but only ${values.length} value(s) were given.`,
			);
		}
		const constant = constantFor(values[index - 1]);
		if (constant !== undefined) return constant;
		used.add(index);
		return `:${prefix}${index}`;
	});
	const parameters = [...used]
		.sort((a, b) => a - b)
		.map((index) => ({ name: `${prefix}${index}`, value: String(values[index - 1]) }));
	return { sql, parameters };
}
