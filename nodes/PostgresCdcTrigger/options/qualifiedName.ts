import { splitDottedName } from '../../shared/text/dottedName';

/** A table named by schema and name, as Postgres stores them (no quoting). */
export interface QualifiedTable {
	schema: string;
	table: string;
}

const PLAIN_IDENTIFIER = /^[a-z_][a-z0-9_$]*$/;

/** One part of a table reference, quoted only when Postgres would need it: `public`, `"Order Lines"`. */
export function formatIdentifierPart(name: string): string {
	return PLAIN_IDENTIFIER.test(name) ? name : `"${name.replace(/"/g, '""')}"`;
}

/** `schema.table`, the value the table picker stores and users may type. */
export function formatQualifiedTable({ schema, table }: QualifiedTable): string {
	return `${formatIdentifierPart(schema)}.${formatIdentifierPart(table)}`;
}

/**
 * Reads `schema.table`, `table` (schema `public`) or a quoted form like `"My Schema"."Order.Lines"`.
 * Unquoted parts keep their case: the picker writes exact names, and typed names are matched as written.
 */
export function parseQualifiedTable(text: string): QualifiedTable {
	const split = splitDottedName(text.trim());
	if ('problem' in split) {
		throw new Error(
			split.problem === 'unclosedQuote'
				? `Table "${text}": a quoted name is not closed.`
				: `Table "${text}": expected a dot after a quoted name.`,
		);
	}
	const parts = split.parts.map((part) => (part.quoted ? part.text : part.text.trim()));
	if (parts.length === 1) parts.unshift('public');
	if (parts.length !== 2 || parts.some((part) => part === '')) {
		throw new Error(
			`Table "${text}" is not "schema.table": pick it from the list or quote names that contain dots.`,
		);
	}
	return { schema: parts[0], table: parts[1] };
}
