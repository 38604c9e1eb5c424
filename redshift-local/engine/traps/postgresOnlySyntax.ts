import { findTopLevel, isWord, statementTokens, type Token } from '../sqlTokens';
import { syntaxErrorNear } from '../syntaxError';

/** Cheap text test first: large multi-row INSERTs are only tokenized when they might need it. */
const MAYBE = /\bon\s+conflict\b|\breturning\b/i;

/**
 * Redshift has no INSERT … ON CONFLICT and no RETURNING (DG r_INSERT_30.md, r_UPDATE.md,
 * r_DELETE.md); its parser stops at the keyword. Throws that syntax error for a statement that uses
 * either outside string literals, quoted names and comments.
 */
export function rejectPostgresOnlySyntax(sql: string): void {
	if (!MAYBE.test(sql)) return;
	let tokens: Token[];
	try {
		tokens = statementTokens(sql);
	} catch {
		return; // PostgreSQL reports the malformed statement itself
	}
	if (!isWord(tokens[0], 'INSERT', 'UPDATE', 'DELETE', 'WITH')) return;
	const conflict = findTopLevel(tokens, (token) => isWord(token, 'ON'), 0);
	for (let i = conflict; i >= 0; i = findTopLevel(tokens, (token) => isWord(token, 'ON'), i + 1)) {
		if (isWord(tokens[i + 1], 'CONFLICT')) throw syntaxErrorNear(tokens[i]);
	}
	const returning = findTopLevel(tokens, (token) => isWord(token, 'RETURNING'), 0);
	if (returning >= 0) throw syntaxErrorNear(tokens[returning]);
}
