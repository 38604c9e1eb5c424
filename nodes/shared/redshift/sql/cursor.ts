import { quoteIdentifier } from './identifiers';
import { integerLiteral } from './literals';
import type { ParameterizedQuery } from './statement';

/**
 * Streaming reads on Redshift: the server ignores the portal row limit (pg-cursor gets the whole
 * result), so results are paged with a named cursor inside a transaction. One cursor per session.
 */
export function buildDeclareCursor(
	name: string,
	query: string | ParameterizedQuery,
): ParameterizedQuery {
	const inner = typeof query === 'string' ? { text: query, values: [] } : query;
	const text = inner.text.trim().replace(/;\s*$/, '');
	return { text: `DECLARE ${quoteIdentifier(name)} CURSOR FOR ${text}`, values: [...inner.values] };
}

/** The count is part of the grammar, not a parameter; it is checked to be a whole number. */
export function buildFetchForward(name: string, count: number): string {
	return `FETCH FORWARD ${integerLiteral(count, 'FETCH count', 1, 1_000_000)} FROM ${quoteIdentifier(name)}`;
}

export function buildCloseCursor(name: string): string {
	return `CLOSE ${quoteIdentifier(name)}`;
}
