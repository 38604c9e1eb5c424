import type { BackendSession, StatementResult } from '../session';
import { atomically } from './atomically';
import { forgetAttributes, tableOid } from './recordAttributes';
import { isWord, readQualifiedName, type Token } from '../sqlTokens';

export function isDropTable(tokens: Token[]): boolean {
	return isWord(tokens[0], 'DROP') && isWord(tokens[1], 'TABLE');
}

/** DROP TABLE [IF EXISTS] name [, …] [CASCADE | RESTRICT]: drops, then forgets the recorded attributes. */
export async function dropTable(
	sql: string,
	tokens: Token[],
	session: BackendSession,
): Promise<StatementResult> {
	let i = 2;
	if (isWord(tokens[i], 'IF') && isWord(tokens[i + 1], 'EXISTS')) i += 2;
	const names: string[] = [];
	while (i < tokens.length && !isWord(tokens[i], 'CASCADE', 'RESTRICT')) {
		const name = readQualifiedName(sql, tokens, i);
		names.push(name.text);
		i = name.end;
		if (tokens[i]?.text === ',') i++;
	}
	return await atomically(session, async () => {
		const oids: string[] = [];
		for (const name of names) {
			const oid = await tableOid(session, name);
			if (oid) oids.push(oid);
		}
		const result = await session.query(sql);
		await forgetAttributes(session, oids);
		return result;
	});
}
