import { SqlBuildError } from './errors';
import { splitDottedName } from '../../text/dottedName';
import { isWellFormedUtf16 } from '../../text/utf16';

/** Redshift limits names to 127 bytes of UTF-8, not characters. */
export const MAX_IDENTIFIER_BYTES = 127;

/** A table, optionally qualified by its schema. Names are given as the user wrote them. */
export interface TableRef {
	schema?: string;
	name: string;
}

export interface IdentifierOptions {
	/**
	 * Keep ASCII upper case. Only right when the session or cluster has
	 * `enable_case_sensitive_identifier` on; by default Redshift folds every name to lower case.
	 */
	caseSensitive?: boolean;
}

// Control characters (NUL, newlines, escapes) are never part of a real name; they only
// show up when data is passed where a name is expected.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;

/**
 * Checks a name and returns it as Redshift stores it: ASCII letters folded to lower case
 * (Redshift folds quoted and unquoted names alike), at most 127 bytes of valid UTF-8.
 */
export function normalizeIdentifier(name: string, options: IdentifierOptions = {}): string {
	if (typeof name !== 'string' || name.length === 0) {
		throw new SqlBuildError(`An identifier must be a non-empty string; got ${describe(name)}.`);
	}
	if (!isWellFormedUtf16(name)) {
		throw new SqlBuildError(
			`The identifier ${JSON.stringify(name)} is not valid UTF-8 (it has a lone surrogate); rename it.`,
		);
	}
	if (CONTROL_CHARACTER.test(name)) {
		throw new SqlBuildError(
			`The identifier ${JSON.stringify(name)} contains a control character (NUL, newline, tab…); Redshift names allow printable characters only.`,
		);
	}
	if (name.trim().length === 0) {
		throw new SqlBuildError('An identifier must contain more than white space.');
	}
	const bytes = Buffer.byteLength(name, 'utf8');
	if (bytes > MAX_IDENTIFIER_BYTES) {
		throw new SqlBuildError(
			`The identifier ${JSON.stringify(name.slice(0, 40))}… is ${bytes} bytes of UTF-8; Redshift allows at most ${MAX_IDENTIFIER_BYTES}.`,
		);
	}
	return options.caseSensitive ? name : name.replace(/[A-Z]+/g, (letters) => letters.toLowerCase());
}

// Not cdc/replication/sqlText's quoting: Redshift folds even quoted names to lower case, PostgreSQL keeps them.
/**
 * A name as a quoted identifier: always quoted, so reserved words, spaces and mixed case are safe;
 * an embedded double quote is doubled, which is the only escape a quoted identifier has.
 */
export function quoteIdentifier(name: string, options: IdentifierOptions = {}): string {
	return `"${normalizeIdentifier(name, options).replace(/"/g, '""')}"`;
}

/** `"schema"."table"`, or `"table"` when no schema is given (resolved by the search_path). */
export function quoteTable(table: TableRef, options: IdentifierOptions = {}): string {
	const name = quoteIdentifier(table.name, options);
	return table.schema === undefined || table.schema === ''
		? name
		: `${quoteIdentifier(table.schema, options)}.${name}`;
}

/** The table's normalized `schema.table` text, used as a key (e.g. in the CDC positions table). */
export function tableKey(table: TableRef, options: IdentifierOptions = {}): string {
	const name = normalizeIdentifier(table.name, options);
	return table.schema ? `${normalizeIdentifier(table.schema, options)}.${name}` : name;
}

/** A comma-separated list of quoted column names; rejects an empty list and duplicates after folding. */
export function quoteColumnList(
	columns: readonly string[],
	options: IdentifierOptions = {},
): string {
	if (columns.length === 0) throw new SqlBuildError('A column list needs at least one column.');
	assertDistinctColumns(columns, options);
	return columns.map((column) => quoteIdentifier(column, options)).join(', ');
}

/** Two names that fold to the same identifier would silently address one column. */
export function assertDistinctColumns(
	columns: readonly string[],
	options: IdentifierOptions = {},
): void {
	const seen = new Map<string, string>();
	for (const column of columns) {
		const normalized = normalizeIdentifier(column, options);
		const earlier = seen.get(normalized);
		if (earlier !== undefined) {
			throw new SqlBuildError(
				`The columns ${JSON.stringify(earlier)} and ${JSON.stringify(column)} are the same column in Redshift (names fold to ${JSON.stringify(normalized)}); rename one.`,
			);
		}
		seen.set(normalized, column);
	}
}

/**
 * Parses `table`, `schema.table` or quoted forms such as `"My Schema"."a.b"` as a user types
 * them in a parameter. Unquoted parts may not contain dots, quotes or spaces.
 */
export function parseTableName(text: string): TableRef {
	const split = splitDottedName(text.trim());
	if ('problem' in split) {
		throw new SqlBuildError(
			split.problem === 'unclosedQuote'
				? `Unterminated quoted name in ${JSON.stringify(text)}.`
				: `Unexpected text after a name in ${JSON.stringify(text)}.`,
		);
	}
	const parts = split.parts.map((part) => {
		if (!part.quoted && !/^[^"\s]+$/.test(part.text)) {
			throw new SqlBuildError(
				`${JSON.stringify(text)} is not a table name: write table or schema.table, and quote parts that contain spaces, dots or quotes.`,
			);
		}
		return part.text;
	});
	if (parts.length === 1) return { name: parts[0] };
	if (parts.length === 2) return { schema: parts[0], name: parts[1] };
	throw new SqlBuildError(
		`${JSON.stringify(text)} has ${parts.length} parts; give table or schema.table (the database comes from the connection).`,
	);
}

function describe(value: unknown): string {
	return value === '' ? 'an empty string' : typeof value;
}
