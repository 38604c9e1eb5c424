import { blockCommentEnd } from '../engine/sqlTokens';

/**
 * Splits a simple-query string into its statements the way PostgreSQL's lexer sees semicolons:
 * not inside '…' (with '' and E'…' backslash escapes), "…", $tag$…$tag$, -- comments or nested
 * /* … *\/ comments. Leading comments are dropped so each statement starts with its keyword;
 * statements with no code at all (`;;`, a lone comment) are left out, as PostgreSQL does.
 */
export function splitStatements(sql: string): string[] {
	const statements: string[] = [];
	let codeStart = -1;
	let index = 0;
	const markCode = (position: number) => {
		if (codeStart < 0) codeStart = position;
	};
	const finish = (end: number) => {
		if (codeStart >= 0) statements.push(sql.slice(codeStart, end).trim());
		codeStart = -1;
	};
	while (index < sql.length) {
		const char = sql[index];
		const next = sql[index + 1];
		if (char === '-' && next === '-') {
			const end = sql.indexOf('\n', index);
			index = end < 0 ? sql.length : end + 1;
		} else if (char === '/' && next === '*') {
			const end = blockCommentEnd(sql, index);
			index = end < 0 ? sql.length : end;
		} else if (char === "'") {
			markCode(index);
			index = skipQuoted(sql, index, "'", isEscapeString(sql, index));
		} else if (char === '"') {
			markCode(index);
			index = skipQuoted(sql, index, '"', false);
		} else if (char === '$' && !/\w/.test(sql[index - 1] ?? '')) {
			markCode(index);
			index = skipDollarQuoted(sql, index);
		} else if (char === ';') {
			finish(index);
			index++;
		} else {
			if (!/\s/.test(char)) markCode(index);
			index++;
		}
	}
	finish(sql.length);
	return statements;
}

/** E'…' (a lone E or e right before the quote) takes backslash escapes. */
function isEscapeString(sql: string, quoteIndex: number): boolean {
	const before = sql[quoteIndex - 1] ?? '';
	const beforeThat = sql[quoteIndex - 2] ?? '';
	return (before === 'E' || before === 'e') && !/\w/.test(beforeThat);
}

function skipQuoted(sql: string, from: number, quote: string, backslashEscapes: boolean): number {
	let index = from + 1;
	while (index < sql.length) {
		const char = sql[index];
		if (backslashEscapes && char === '\\') {
			index += 2;
		} else if (char === quote) {
			if (sql[index + 1] !== quote) return index + 1;
			index += 2;
		} else {
			index++;
		}
	}
	return sql.length;
}

/** `$tag$ … $tag$`; a `$` that does not open a valid tag (e.g. `$1`) is an ordinary character. */
function skipDollarQuoted(sql: string, from: number): number {
	const opening = /^\$([A-Za-z_\u0080-\uffff][\w\u0080-\uffff]*)?\$/.exec(
		sql.slice(from, from + 64),
	);
	if (!opening) return from + 1;
	const tag = opening[0];
	const end = sql.indexOf(tag, from + tag.length);
	return end < 0 ? sql.length : end + tag.length;
}
