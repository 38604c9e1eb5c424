import { isWord, tokenize, type Token } from '../sqlTokens';

/** A quick look before tokenizing: no double quote followed by an upper-case letter, nothing to fold. */
const MAY_HAVE_UPPER_CASE_QUOTED = /"[^"]*[A-Z]/;

/**
 * Redshift folds ASCII letters of quoted identifiers to lower case too, unless
 * enable_case_sensitive_identifier is on (DG r_names.md): `"MixedCase"` names `mixedcase`. PostgreSQL
 * keeps them, so the statement is rewritten before PostgreSQL sees it. String literals, dollar
 * quotes and comments are left alone; only ASCII letters change, so byte lengths stay the same.
 * A user name in double quotes keeps its case whatever the setting (DG
 * r_enable_case_sensitive_identifier.md): after USER, AUTHORIZATION or OWNER TO, and the grantees
 * of GRANT/REVOKE. A statement the tokenizer cannot read goes on unchanged (PostgreSQL reports its error).
 */
export function foldQuotedIdentifiers(sql: string): string {
	if (!MAY_HAVE_UPPER_CASE_QUOTED.test(sql)) return sql;
	let tokens;
	try {
		tokens = tokenize(sql);
	} catch {
		return sql;
	}
	let folded = '';
	let copiedUpTo = 0;
	const grantees = granteesStart(tokens);
	for (const [index, token] of tokens.entries()) {
		if (token.kind !== 'identifier' || !/[A-Z]/.test(token.text)) continue;
		if (index >= grantees || namesUser(tokens, index)) continue;
		folded +=
			sql.slice(copiedUpTo, token.start) +
			token.text.replace(/[A-Z]+/g, (letters) => letters.toLowerCase());
		copiedUpTo = token.end;
	}
	return copiedUpTo === 0 ? sql : folded + sql.slice(copiedUpTo);
}

/** The previous token names a user: `USER "x"`, `AUTHORIZATION "x"`, `OWNER TO "x"`. */
function namesUser(tokens: Token[], index: number): boolean {
	const previous = tokens[index - 1];
	return (
		isWord(previous, 'USER', 'AUTHORIZATION') ||
		(isWord(previous, 'TO') && isWord(tokens[index - 2], 'OWNER'))
	);
}

/** In GRANT … TO and REVOKE … FROM, where the user and group names start (the end when not a grant). */
function granteesStart(tokens: Token[]): number {
	const verb = tokens[0];
	if (!isWord(verb, 'GRANT', 'REVOKE')) return tokens.length;
	const keyword = isWord(verb, 'GRANT') ? 'TO' : 'FROM';
	let depth = 0;
	for (const [index, token] of tokens.entries()) {
		if (token.text === '(') depth++;
		else if (token.text === ')') depth--;
		else if (depth === 0 && isWord(token, keyword)) return index + 1;
	}
	return tokens.length;
}
