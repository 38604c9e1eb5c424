import { RedshiftError } from './session';
import type { Token } from './sqlTokens';

/** PostgreSQL's and Redshift's "syntax error at or near" (SQLSTATE 42601), for a token or the end of input. */
export function syntaxErrorNear(token: Token | undefined): RedshiftError {
	return new RedshiftError(`syntax error at or near "${token?.text ?? 'end of input'}"`, '42601');
}
