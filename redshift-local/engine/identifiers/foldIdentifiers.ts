import { tokenize } from '../sqlTokens';

/** A quick look before tokenizing: no double quote followed by an upper-case letter, nothing to fold. */
const MAY_HAVE_UPPER_CASE_QUOTED = /"[^"]*[A-Z]/;

/**
 * Redshift folds ASCII letters of quoted identifiers to lower case too, unless
 * enable_case_sensitive_identifier is on (DG r_names.md): `"MixedCase"` names `mixedcase`. PostgreSQL
 * keeps them, so the statement is rewritten before PostgreSQL sees it. String literals, dollar
 * quotes and comments are left alone; only ASCII letters change, so byte lengths stay the same.
 * A statement the tokenizer cannot read goes on unchanged (PostgreSQL reports its error).
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
	for (const token of tokens) {
		if (token.kind !== 'identifier' || !/[A-Z]/.test(token.text)) continue;
		folded +=
			sql.slice(copiedUpTo, token.start) +
			token.text.replace(/[A-Z]+/g, (letters) => letters.toLowerCase());
		copiedUpTo = token.end;
	}
	return copiedUpTo === 0 ? sql : folded + sql.slice(copiedUpTo);
}
