import { RedshiftError } from '../session';
import { ENCODINGS, postgresType } from './redshiftTypes';
import {
	closingParen,
	isWord,
	readQualifiedName,
	splitTopLevel,
	statementTokens,
	SqlSyntaxError,
	type QualifiedName,
	type Token,
} from '../sqlTokens';
import { cutColumnReference, cutTableElement, isForeignKeyElement } from './informationalKeys';
import { parseTableAttribute, type TableAttributes } from './tableAttributeClauses';

/** What a column declared besides its type, as Redshift records it. */
export interface ColumnAttributes {
	name: string;
	encoding?: string;
	distkey: boolean;
	sortkey: boolean;
}

/** A Redshift CREATE TABLE, split into the PostgreSQL statement to run and what to record. */
export interface CreateTablePlan {
	table: QualifiedName;
	temporary: boolean;
	ifNotExists: boolean;
	/** The statement for PostgreSQL: Redshift-only clauses cut out, types translated. */
	postgresSql: string;
	columns: ColumnAttributes[];
	attributes: TableAttributes;
	/** `LIKE parent`: the parent's recorded attributes are inherited. */
	likeParent?: string;
}

export interface Edit {
	start: number;
	end: number;
	replacement: string;
}

/** Keywords that end a column's type and start its attributes or constraints. */
const TYPE_END = new Set([
	'DEFAULT',
	'IDENTITY',
	'GENERATED',
	'ENCODE',
	'DISTKEY',
	'SORTKEY',
	'COLLATE',
	'NOT',
	'NULL',
	'UNIQUE',
	'PRIMARY',
	'REFERENCES',
	'CHECK',
	'CONSTRAINT',
]);
const TABLE_CONSTRAINT_START = new Set([
	'CONSTRAINT',
	'PRIMARY',
	'UNIQUE',
	'FOREIGN',
	'CHECK',
	'EXCLUDE',
]);

export function isCreateTable(tokens: Token[]): boolean {
	let i = 1;
	if (!isWord(tokens[0], 'CREATE')) return false;
	if (isWord(tokens[i], 'LOCAL')) i++;
	if (isWord(tokens[i], 'TEMPORARY', 'TEMP')) i++;
	return isWord(tokens[i], 'TABLE');
}

/** Parses CREATE [LOCAL] [TEMP] TABLE [IF NOT EXISTS] name ( … ) [attributes] | [attributes] AS query. */
export function planCreateTable(sql: string): CreateTablePlan {
	try {
		return plan(sql, statementTokens(sql));
	} catch (error) {
		if (error instanceof SqlSyntaxError) throw new RedshiftError(error.message, '42601');
		throw error;
	}
}

function plan(sql: string, tokens: Token[]): CreateTablePlan {
	const edits: Edit[] = [];
	let i = 1;
	if (isWord(tokens[i], 'LOCAL')) i++;
	const temporary = isWord(tokens[i], 'TEMPORARY', 'TEMP');
	if (temporary) i++;
	i++; // TABLE
	const ifNotExists =
		isWord(tokens[i], 'IF') && isWord(tokens[i + 1], 'NOT') && isWord(tokens[i + 2], 'EXISTS');
	if (ifNotExists) i += 3;
	const table = readQualifiedName(sql, tokens, i);
	i = table.end;
	const attributes: TableAttributes = { sortkeyColumns: [] };
	const columns: ColumnAttributes[] = [];
	let likeParent: string | undefined;

	if (tokens[i]?.text === '(' && !isColumnNameListForAs(tokens, i)) {
		const close = closingParen(tokens, i);
		for (const [from, to] of splitTopLevel(tokens, i + 1, close)) {
			const first = tokens[from];
			if (isWord(first, 'LIKE')) {
				likeParent = readQualifiedName(sql, tokens, from + 1).text;
			} else if (isForeignKeyElement(tokens, from)) {
				edits.push(cutTableElement(tokens, from, to));
			} else if (!(first.kind === 'word' && TABLE_CONSTRAINT_START.has(first.value))) {
				columns.push(planColumn(sql, tokens, from, to, edits));
			}
		}
		i = close + 1;
	} else if (tokens[i]?.text === '(') {
		i = closingParen(tokens, i) + 1;
	}
	// Table attributes, then (for CREATE TABLE AS) the query; anything else PostgreSQL judges.
	while (i < tokens.length && !isWord(tokens[i], 'AS')) {
		const parsed = parseTableAttribute(tokens, i, attributes);
		if (parsed === undefined) {
			i = tokens[i].text === '(' ? closingParen(tokens, i) + 1 : i + 1;
			continue;
		}
		edits.push({ start: tokens[i].start, end: tokens[parsed - 1].end, replacement: '' });
		i = parsed;
	}
	checkKeys(columns, attributes);
	return {
		table,
		temporary,
		ifNotExists,
		postgresSql: applyEdits(sql, edits),
		columns,
		attributes,
		likeParent,
	};
}

/** `CREATE TABLE t (a, b) AS select …`: the parentheses hold only names. */
function isColumnNameListForAs(tokens: Token[], open: number): boolean {
	const close = closingParen(tokens, open);
	let j = close + 1;
	while (j < tokens.length && !isWord(tokens[j], 'AS')) {
		if (tokens[j].text === '(') j = closingParen(tokens, j);
		j++;
	}
	if (j >= tokens.length) return false;
	return splitTopLevel(tokens, open + 1, close).every(([from, to]) => to - from === 1);
}

export function planColumn(
	sql: string,
	tokens: Token[],
	from: number,
	to: number,
	edits: Edit[],
): ColumnAttributes {
	const nameToken = tokens[from];
	const name = nameToken.kind === 'identifier' ? nameToken.value : nameToken.text.toLowerCase();
	const column: ColumnAttributes = { name, distkey: false, sortkey: false };
	let i = from + 1;
	const typeStart = i;
	const words: string[] = [];
	let args: string | undefined;
	while (i < to && !(tokens[i].kind === 'word' && TYPE_END.has(tokens[i].value))) {
		if (tokens[i].text === '(') {
			const close = closingParen(tokens, i);
			args = sql.slice(tokens[i].end, tokens[close].start);
			i = close + 1;
			continue;
		}
		if (tokens[i].kind === 'word') words.push(tokens[i].text.toLowerCase());
		i++;
	}
	if (i > typeStart) {
		const written = sql.slice(tokens[typeStart].start, tokens[i - 1].end);
		const translated = postgresType(written, words, args);
		if (translated !== written)
			edits.push({
				start: tokens[typeStart].start,
				end: tokens[i - 1].end,
				replacement: translated,
			});
	}
	while (i < to) {
		const token = tokens[i];
		if (isWord(token, 'ENCODE')) {
			const encoding = tokens[i + 1];
			const value = encoding?.text.toLowerCase() ?? '';
			if (!ENCODINGS.has(value)) {
				throw new RedshiftError(
					`invalid encoding type "${encoding?.text ?? ''}" for column "${name}"`,
					'42704',
				);
			}
			column.encoding = value;
			edits.push(cut(token, encoding));
			i += 2;
		} else if (isWord(token, 'DISTKEY')) {
			column.distkey = true;
			edits.push(cut(token, token));
			i++;
		} else if (isWord(token, 'SORTKEY')) {
			column.sortkey = true;
			edits.push(cut(token, token));
			i++;
		} else if (
			isWord(token, 'COLLATE') &&
			isWord(tokens[i + 1], 'CASE_SENSITIVE', 'CS', 'CASE_INSENSITIVE', 'CI')
		) {
			edits.push(cut(token, tokens[i + 1]));
			i += 2;
		} else if (isWord(token, 'IDENTITY') && tokens[i + 1]?.text === '(') {
			const close = closingParen(tokens, i + 1);
			edits.push({
				...cut(token, tokens[close]),
				replacement: identityClause(sql, tokens, i + 1, close, 'ALWAYS'),
			});
			i = close + 1;
		} else if (
			isWord(token, 'GENERATED') &&
			isWord(tokens[i + 4], 'IDENTITY') &&
			tokens[i + 5]?.text === '('
		) {
			// GENERATED BY DEFAULT AS IDENTITY ( seed, step )
			const close = closingParen(tokens, i + 5);
			edits.push({
				...cut(token, tokens[close]),
				replacement: identityClause(sql, tokens, i + 5, close, 'BY DEFAULT'),
			});
			i = close + 1;
		} else if (token.kind === 'string' && token.text.startsWith("'") && token.text.includes('\\')) {
			// Redshift reads backslash escapes in literals ('a\\b' is a\b; see quote_literal), PostgreSQL's
			// standard strings do not: E'…' reads them as Redshift does (e.g. a DEFAULT).
			edits.push({ start: token.start, end: token.end, replacement: `E${token.text}` });
			i++;
		} else if (
			isWord(token, 'REFERENCES') ||
			(isWord(token, 'CONSTRAINT') && isWord(tokens[i + 2], 'REFERENCES'))
		) {
			const at = isWord(token, 'REFERENCES') ? i : i + 2;
			const { edit, next } = cutColumnReference(tokens, at, at === i ? undefined : i);
			edits.push(edit);
			i = next;
		} else if (token.text === '(') {
			i = closingParen(tokens, i) + 1;
		} else {
			i++;
		}
	}
	return column;
}

function identityClause(
	sql: string,
	tokens: Token[],
	open: number,
	close: number,
	kind: string,
): string {
	const parts = splitTopLevel(tokens, open + 1, close).map(([a, b]) =>
		sql.slice(tokens[a].start, tokens[b - 1].end),
	);
	const [seed = '1', step = '1'] = parts;
	return `GENERATED ${kind} AS IDENTITY (START WITH ${seed} INCREMENT BY ${step})`;
}

function cut(first: Token, last: Token): Edit {
	return { start: first.start, end: last.end, replacement: '' };
}

export function applyEdits(sql: string, edits: Edit[]): string {
	let out = sql;
	for (const edit of [...edits].sort((a, b) => b.start - a.start)) {
		out = out.slice(0, edit.start) + edit.replacement + out.slice(edit.end);
	}
	return out.replace(/\s*;\s*$/, '');
}

/** Dist and sort keys must name declared columns, and agree with the dist style (DG r_CREATE_TABLE_NEW.md). */
function checkKeys(columns: ColumnAttributes[], attributes: TableAttributes): void {
	const columnDistkeys = columns.filter((column) => column.distkey).map((column) => column.name);
	if (columnDistkeys.length > 1 || (columnDistkeys.length === 1 && attributes.distkey)) {
		throw new RedshiftError('Only one column can be the distribution key (DISTKEY)', '42P16');
	}
	if (columnDistkeys.length === 1) attributes.distkey = columnDistkeys[0];
	const columnSortkeys = columns.filter((column) => column.sortkey).map((column) => column.name);
	if (columnSortkeys.length > 0) {
		if (attributes.sortkeyColumns.length > 0) {
			throw new RedshiftError(
				'SORTKEY given both as a column attribute and as a table attribute',
				'42P16',
			);
		}
		attributes.sortkeyColumns = columnSortkeys;
		attributes.sortkeyStyle ??= 'COMPOUND';
	}
	if (attributes.distkey && attributes.diststyle && attributes.diststyle !== 'KEY') {
		throw new RedshiftError(
			`DISTKEY cannot be used with DISTSTYLE ${attributes.diststyle}`,
			'42P16',
		);
	}
	if (attributes.diststyle === 'KEY' && !attributes.distkey) {
		throw new RedshiftError('DISTSTYLE KEY needs a DISTKEY column', '42P16');
	}
	if (attributes.sortkeyStyle === 'INTERLEAVED' && attributes.sortkeyColumns.length > 8) {
		throw new RedshiftError('An interleaved sort key can have at most 8 columns', '54011');
	}
	if (columns.length === 0) return; // CREATE TABLE AS / LIKE: columns are checked once the table exists
	const names = new Set(columns.map((column) => column.name));
	for (const key of [attributes.distkey, ...attributes.sortkeyColumns]) {
		if (key !== undefined && !names.has(key)) {
			throw new RedshiftError(`column "${key}" named in key does not exist`, '42703');
		}
	}
}
