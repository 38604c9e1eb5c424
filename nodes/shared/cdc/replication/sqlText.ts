/**
 * Text for the walsender's replication commands and utility statements that take no parameters
 * (START_REPLICATION, CREATE_REPLICATION_SLOT, SET TRANSACTION SNAPSHOT). A replication connection
 * speaks only the simple-query protocol, so these values cannot travel as $n parameters: they are
 * quoted here, in one place, and checked first.
 */

// Not redshift/sql's quoting: PostgreSQL keeps a quoted name's case and, with standard_conforming_strings, reads backslashes literally.

/** A double-quoted identifier with embedded double quotes doubled. */
export function quoteIdentifier(name: string): string {
	assertNoNul(name, 'identifier');
	return `"${name.replace(/"/g, '""')}"`;
}

/** A single-quoted string literal with embedded quotes doubled (standard_conforming_strings semantics). */
export function quoteLiteral(value: string): string {
	assertNoNul(value, 'string value');
	return `'${value.replace(/'/g, "''")}'`;
}

/** `"schema"."table"` */
export function qualifiedName(schema: string, table: string): string {
	return `${quoteIdentifier(schema)}.${quoteIdentifier(table)}`;
}

function assertNoNul(text: string, what: string): void {
	if (text.includes('\u0000')) throw new Error(`A ${what} must not contain a NUL character.`);
	if (text.length === 0) throw new Error(`A ${what} must not be empty.`);
}
