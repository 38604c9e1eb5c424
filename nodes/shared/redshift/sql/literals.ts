import { SqlBuildError } from './errors';
import { isWellFormedUtf16 } from '../../text/utf16';

// Not cdc/replication/sqlText's quoting: PostgreSQL (standard_conforming_strings) must NOT double backslashes.
/**
 * A string as a Redshift string literal.
 *
 * Only for the places where Redshift's grammar takes a literal and no parameter: the S3 paths,
 * roles and options of COPY and UNLOAD, the query inside UNLOAD ('…'), and COMMENT ON … IS.
 * Everything else goes in as a $n parameter.
 *
 * Redshift reads a backslash inside '…' as an escape (its own QUOTE_LITERAL doubles single
 * quotes AND backslashes), so both are doubled; the text then reaches the server unchanged.
 * NUL cannot be written in a literal at all, and a lone surrogate has no UTF-8 form.
 */
export function quoteLiteral(text: string): string {
	if (typeof text !== 'string')
		throw new SqlBuildError(`A SQL string literal needs a string; got ${typeof text}.`);
	if (text.includes('\u0000'))
		throw new SqlBuildError('A SQL string literal cannot contain a NUL character.');
	if (!isWellFormedUtf16(text)) {
		throw new SqlBuildError(
			'A SQL string literal cannot contain invalid UTF-8 (a lone surrogate).',
		);
	}
	return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

/** The inverse of quoteLiteral, for tests and for reading literals back out of built SQL. */
export function unquoteLiteral(literal: string): string {
	if (!/^'(?:[^'\\]|''|\\\\)*'$/s.test(literal)) {
		throw new SqlBuildError(`Not a literal produced by quoteLiteral: ${literal.slice(0, 40)}`);
	}
	return literal.slice(1, -1).replace(/''|\\\\/g, (pair) => pair[0]);
}

/** A non-negative whole number written into SQL where Redshift allows no parameter (FETCH n, MAXERROR n). */
export function integerLiteral(
	value: number,
	what: string,
	min = 0,
	max = Number.MAX_SAFE_INTEGER,
): string {
	if (!Number.isSafeInteger(value) || value < min || value > max) {
		throw new SqlBuildError(
			`${what} must be a whole number from ${min} to ${max}; got ${String(value)}.`,
		);
	}
	return String(value);
}
