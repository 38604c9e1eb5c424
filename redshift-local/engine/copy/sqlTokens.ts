/**
 * A small SQL tokenizer for Redshift's COPY: words, "quoted identifiers", 'string literals',
 * numbers and punctuation. Comments and whitespace are dropped.
 */
export type SqlToken =
	| { kind: 'word'; text: string; position: number }
	| { kind: 'identifier'; text: string; position: number }
	| { kind: 'string'; text: string; position: number }
	| { kind: 'number'; text: string; position: number }
	| { kind: 'symbol'; text: string; position: number };

export class SqlSyntaxError extends Error {
	constructor(
		message: string,
		readonly position: number,
	) {
		super(message);
		this.name = 'SqlSyntaxError';
	}
}

const WORD_START = /[A-Za-z_\u0080-\uffff]/;
const WORD_PART = /[A-Za-z0-9_$\u0080-\uffff]/;
const DIGIT = /[0-9]/;

/** Reads a quoted run ending at `quote`, where a doubled quote stands for one. */
function readQuoted(sql: string, start: number, quote: string): { text: string; end: number } {
	let text = '';
	let index = start + 1;
	while (index < sql.length) {
		const char = sql[index];
		if (char === quote) {
			if (sql[index + 1] === quote) {
				text += quote;
				index += 2;
				continue;
			}
			return { text, end: index + 1 };
		}
		text += char;
		index++;
	}
	throw new SqlSyntaxError(`unterminated quoted ${quote === "'" ? 'string' : 'identifier'}`, start);
}

function skipComment(sql: string, index: number): number {
	if (sql.startsWith('--', index)) {
		const end = sql.indexOf('\n', index);
		return end === -1 ? sql.length : end + 1;
	}
	if (sql.startsWith('/*', index)) {
		const end = sql.indexOf('*/', index + 2);
		if (end === -1) throw new SqlSyntaxError('unterminated /* comment', index);
		return end + 2;
	}
	return index;
}

export function tokenizeSql(sql: string): SqlToken[] {
	const tokens: SqlToken[] = [];
	let index = 0;
	while (index < sql.length) {
		const char = sql[index];
		const afterComment = skipComment(sql, index);
		if (afterComment !== index) {
			index = afterComment;
		} else if (/\s/.test(char)) {
			index++;
		} else if (char === "'" || char === '"') {
			const { text, end } = readQuoted(sql, index, char);
			tokens.push({ kind: char === "'" ? 'string' : 'identifier', text, position: index });
			index = end;
		} else if (WORD_START.test(char)) {
			let end = index + 1;
			while (end < sql.length && WORD_PART.test(sql[end])) end++;
			tokens.push({ kind: 'word', text: sql.slice(index, end), position: index });
			index = end;
		} else if (DIGIT.test(char)) {
			let end = index + 1;
			while (end < sql.length && /[0-9.]/.test(sql[end])) end++;
			tokens.push({ kind: 'number', text: sql.slice(index, end), position: index });
			index = end;
		} else {
			tokens.push({ kind: 'symbol', text: char, position: index });
			index++;
		}
	}
	return tokens;
}
