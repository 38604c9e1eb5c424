import type { SqlStatement, SqlValue } from '../redshift/connection/types';
import { quoteLiteral } from '../redshift/sql/literals';

/** One value as a SQL literal; numbers in parentheses so `x-$1` with -1 cannot become a comment. */
function literal(value: SqlValue, position: number): string {
	if (value === null) return 'NULL';
	if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
	if (typeof value === 'bigint') return `(${value.toString()})`;
	if (typeof value === 'number') {
		if (!Number.isFinite(value)) {
			throw new Error(
				`Query parameter $${position} is ${value}; UNLOAD needs a finite number there.`,
			);
		}
		return `(${String(value)})`;
	}
	return quoteLiteral(String(value));
}

/**
 * The statement with its `$n` placeholders replaced by quoted literals, for the one place that
 * binds no parameters: the query inside UNLOAD ('…'). Placeholders inside string literals,
 * quoted identifiers and comments are left alone.
 */
export function inlineParameters(statement: SqlStatement): string {
	const values = statement.values ?? [];
	const text = statement.text;
	if (values.length === 0) return text;
	let out = '';
	let index = 0;
	while (index < text.length) {
		const char = text[index];
		const next = text[index + 1];
		let end = index + 1;
		if (char === "'") {
			// Redshift reads a backslash inside '…' as an escape.
			while (end < text.length && text[end] !== "'") end += text[end] === '\\' ? 2 : 1;
			while (text[end] === "'" && text[end + 1] === "'") {
				end += 2;
				while (end < text.length && text[end] !== "'") end += text[end] === '\\' ? 2 : 1;
			}
			end++;
		} else if (char === '"') {
			end = text.indexOf('"', index + 1);
			while (end !== -1 && text[end + 1] === '"') end = text.indexOf('"', end + 2);
			end = end === -1 ? text.length : end + 1;
		} else if (char === '-' && next === '-') {
			end = text.indexOf('\n', index);
			end = end === -1 ? text.length : end;
		} else if (char === '/' && next === '*') {
			end = text.indexOf('*/', index + 2);
			end = end === -1 ? text.length : end + 2;
		} else if (char === '$' && /\d/.test(next ?? '') && !/[\w$]/.test(text[index - 1] ?? '')) {
			const digits = /^\d+/.exec(text.slice(index + 1))![0];
			const position = Number(digits);
			if (position < 1 || position > values.length) {
				throw new Error(
					`The query uses $${position} but ${values.length} query parameter(s) were given.`,
				);
			}
			out += literal(values[position - 1], position);
			index += 1 + digits.length;
			continue;
		}
		out += text.slice(index, end);
		index = end;
	}
	return out;
}
