import type { StatementHandler } from '../session';
import { abortTransactionOnError } from '../ddl/abortOnError';
import { isWord, statementTokens, SqlSyntaxError, type Token } from '../sqlTokens';
import { isAlterTableAppend, runAlterTableAppend } from './alterTableAppend';
import { runMerge } from './merge';
import { rejectPostgresOnlySyntax } from './postgresOnlySyntax';
import { runTruncate } from './truncate';

const FIRST_WORD = /^\s*(?:--[^\n]*\n\s*|\/\*[\s\S]*?\*\/\s*)*([a-z]+)/i;

/**
 * Redshift's traps, kept visible so that code tested here behaves as it will on Redshift:
 * TRUNCATE commits the open transaction, MERGE fails when a target row matches two source rows,
 * there is no INSERT … ON CONFLICT and no RETURNING, and ALTER TABLE APPEND refuses to run in a
 * transaction block and commits at once. Every decision is made from the SQL text first.
 */
export const handleTraps: StatementHandler = async (sql, session) => {
	const first = FIRST_WORD.exec(sql)?.[1]?.toUpperCase();
	if (first === 'INSERT' || first === 'UPDATE' || first === 'DELETE' || first === 'WITH') {
		await abortTransactionOnError(session, async () => rejectPostgresOnlySyntax(sql));
		return undefined;
	}
	if (first !== 'TRUNCATE' && first !== 'MERGE' && first !== 'ALTER') return undefined;
	let tokens: Token[];
	try {
		tokens = statementTokens(sql);
	} catch (error) {
		if (error instanceof SqlSyntaxError) return undefined;
		throw error;
	}
	if (isWord(tokens[0], 'TRUNCATE')) return await runTruncate(sql, session);
	if (isWord(tokens[0], 'MERGE')) {
		return await abortTransactionOnError(session, () => runMerge(sql, tokens, session));
	}
	if (isAlterTableAppend(tokens, sql)) return await runAlterTableAppend(sql, tokens, session);
	return undefined;
};
