/**
 * A small SQL tokenizer for recognising Redshift statements without being fooled by string
 * literals, quoted identifiers or comments. It keeps every token's position so that handlers can
 * rewrite a statement by cutting spans out of the original text instead of re-printing it.
 * The one tokenizer of the engine: COPY, UNLOAD, DDL and the traps all read statements with it.
 */

export type TokenKind = 'word' | 'identifier' | 'string' | 'number' | 'punct' | 'operator';

export interface Token {
	kind: TokenKind;
	/** Exact source text of the token. */
	text: string;
	/** Word: upper-cased; identifier: unquoted name; string: unescaped value; others: text. */
	value: string;
	start: number;
	end: number;
}

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
const PUNCT = new Set(['(', ')', ',', ';', '.', '[', ']']);

export interface TokenizeOptions {
	/**
	 * Redshift's own string literals process backslash escapes ('\t' is a tab, '\\N' is \N), as its
	 * documentation's `DELIMITER AS '\t'` shows; statements PostgreSQL parses use standard strings.
	 */
	backslashEscapes?: boolean;
}

export function tokenize(sql: string, options: TokenizeOptions = {}): Token[] {
	const tokens: Token[] = [];
	let i = 0;
	while (i < sql.length) {
		const c = sql[i];
		if (/\s/.test(c)) {
			i++;
		} else if (c === '-' && sql[i + 1] === '-') {
			const eol = sql.indexOf('\n', i);
			i = eol === -1 ? sql.length : eol + 1;
		} else if (c === '/' && sql[i + 1] === '*') {
			i = skipBlockComment(sql, i);
		} else if (c === "'" || ((c === 'E' || c === 'e') && sql[i + 1] === "'")) {
			tokens.push(readString(sql, i, options.backslashEscapes ?? false));
			i = tokens[tokens.length - 1].end;
		} else if (c === '"') {
			tokens.push(readQuotedIdentifier(sql, i));
			i = tokens[tokens.length - 1].end;
		} else if (c === '$' && /^\$[A-Za-z_]*\$/.test(sql.slice(i, i + 64))) {
			tokens.push(readDollarString(sql, i));
			i = tokens[tokens.length - 1].end;
		} else if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(sql[i + 1] ?? ''))) {
			const match = /^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(sql.slice(i))!;
			tokens.push({
				kind: 'number',
				text: match[0],
				value: match[0],
				start: i,
				end: i + match[0].length,
			});
			i += match[0].length;
		} else if (WORD_START.test(c)) {
			let end = i + 1;
			while (end < sql.length && WORD_PART.test(sql[end])) end++;
			const text = sql.slice(i, end);
			tokens.push({ kind: 'word', text, value: text.toUpperCase(), start: i, end });
			i = end;
		} else if (PUNCT.has(c)) {
			tokens.push({ kind: 'punct', text: c, value: c, start: i, end: i + 1 });
			i++;
		} else {
			let end = i + 1;
			while (
				end < sql.length &&
				/[+\-*/<>=~!@#%^&|`?:]/.test(sql[end]) &&
				!isCommentStart(sql, end)
			)
				end++;
			const text = sql.slice(i, end);
			tokens.push({ kind: 'operator', text, value: text, start: i, end });
			i = end;
		}
	}
	return tokens;
}

function isCommentStart(sql: string, at: number): boolean {
	return (sql[at] === '-' && sql[at + 1] === '-') || (sql[at] === '/' && sql[at + 1] === '*');
}

function skipBlockComment(sql: string, start: number): number {
	const end = blockCommentEnd(sql, start);
	if (end < 0) throw new SqlSyntaxError('unterminated /* comment', start);
	return end;
}

/** The index just after the /* … *\/ comment that starts at `start` (comments nest, as in PostgreSQL), or -1 when it is never closed. */
export function blockCommentEnd(sql: string, start: number): number {
	let depth = 0;
	let i = start;
	while (i < sql.length) {
		if (sql[i] === '/' && sql[i + 1] === '*') {
			depth++;
			i += 2;
		} else if (sql[i] === '*' && sql[i + 1] === '/') {
			depth--;
			i += 2;
			if (depth === 0) return i;
		} else {
			i++;
		}
	}
	return -1;
}

function readString(sql: string, start: number, backslashEscapes: boolean): Token {
	const prefixed = sql[start] !== "'";
	const escapes = prefixed || backslashEscapes;
	let i = prefixed ? start + 2 : start + 1;
	let value = '';
	while (i < sql.length) {
		const c = sql[i];
		if (c === "'" && sql[i + 1] === "'") {
			value += "'";
			i += 2;
		} else if (c === "'") {
			return { kind: 'string', text: sql.slice(start, i + 1), value, start, end: i + 1 };
		} else if (escapes && c === '\\' && i + 1 < sql.length) {
			value += unescapeChar(sql[i + 1]);
			i += 2;
		} else {
			value += c;
			i++;
		}
	}
	throw new SqlSyntaxError('unterminated quoted string', start);
}

function unescapeChar(c: string): string {
	const map: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' };
	return map[c] ?? c;
}

function readQuotedIdentifier(sql: string, start: number): Token {
	let i = start + 1;
	let value = '';
	while (i < sql.length) {
		if (sql[i] === '"' && sql[i + 1] === '"') {
			value += '"';
			i += 2;
		} else if (sql[i] === '"') {
			return { kind: 'identifier', text: sql.slice(start, i + 1), value, start, end: i + 1 };
		} else {
			value += sql[i];
			i++;
		}
	}
	throw new SqlSyntaxError('unterminated quoted identifier', start);
}

function readDollarString(sql: string, start: number): Token {
	const tag = /^\$[A-Za-z_]*\$/.exec(sql.slice(start))![0];
	const close = sql.indexOf(tag, start + tag.length);
	if (close === -1) throw new SqlSyntaxError('unterminated dollar-quoted string', start);
	const end = close + tag.length;
	return {
		kind: 'string',
		text: sql.slice(start, end),
		value: sql.slice(start + tag.length, close),
		start,
		end,
	};
}

/** Tokens without a trailing semicolon (statements arrive one at a time, with or without it). */
export function statementTokens(sql: string, options: TokenizeOptions = {}): Token[] {
	const tokens = tokenize(sql, options);
	while (tokens.length > 0 && tokens[tokens.length - 1].text === ';') tokens.pop();
	return tokens;
}

/** True when the token is the given keyword (unquoted word, case-insensitive). */
export function isWord(token: Token | undefined, ...words: string[]): boolean {
	return token?.kind === 'word' && words.includes(token.value);
}

/** Index of the parenthesis that closes the one at `open`. */
export function closingParen(tokens: Token[], open: number): number {
	let depth = 0;
	for (let i = open; i < tokens.length; i++) {
		if (tokens[i].text === '(' || tokens[i].text === '[') depth++;
		else if (tokens[i].text === ')' || tokens[i].text === ']') {
			depth--;
			if (depth === 0) return i;
		}
	}
	throw new SqlSyntaxError('unbalanced parentheses', tokens[open]?.start ?? 0);
}

/** Splits tokens[from, to) at top-level commas. */
export function splitTopLevel(tokens: Token[], from: number, to: number): Array<[number, number]> {
	const parts: Array<[number, number]> = [];
	let depth = 0;
	let partStart = from;
	for (let i = from; i < to; i++) {
		const text = tokens[i].text;
		if (text === '(' || text === '[') depth++;
		else if (text === ')' || text === ']') depth--;
		else if (text === ',' && depth === 0 && tokens[i].kind === 'punct') {
			parts.push([partStart, i]);
			partStart = i + 1;
		}
	}
	if (partStart < to) parts.push([partStart, to]);
	return parts;
}

/** Index of the first top-level (depth 0) token in [from, to) matching the predicate, or -1. */
export function findTopLevel(
	tokens: Token[],
	predicate: (token: Token) => boolean,
	from = 0,
	to = tokens.length,
): number {
	let depth = 0;
	for (let i = from; i < to; i++) {
		const text = tokens[i].text;
		if (tokens[i].kind === 'punct' && (text === '(' || text === '[')) depth++;
		else if (tokens[i].kind === 'punct' && (text === ')' || text === ']')) depth--;
		else if (depth === 0 && predicate(tokens[i])) return i;
	}
	return -1;
}

/** An identifier as written (possibly schema-qualified) and its parts, unquoted and case-folded. */
export interface QualifiedName {
	text: string;
	parts: string[];
	end: number;
}

/** Reads `name` or `schema.name` (quoted or not) starting at index `at`. */
export function readQualifiedName(sql: string, tokens: Token[], at: number): QualifiedName {
	const parts: string[] = [];
	let i = at;
	for (;;) {
		const token = tokens[i];
		if (!token || (token.kind !== 'word' && token.kind !== 'identifier')) {
			throw new SqlSyntaxError(
				`syntax error at or near "${token?.text ?? 'end of input'}"`,
				token?.start ?? sql.length,
			);
		}
		parts.push(token.kind === 'word' ? token.text.toLowerCase() : token.value);
		i++;
		if (tokens[i]?.text !== '.') break;
		i++;
	}
	return { text: sql.slice(tokens[at].start, tokens[i - 1].end), parts, end: i };
}

/** Double-quotes an identifier for PostgreSQL, doubling embedded quotes. */
export function quoteIdentifier(name: string): string {
	return `"${name.replace(/"/g, '""')}"`;
}
