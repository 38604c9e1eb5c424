import {
	RedshiftError,
	type BackendSession,
	type EngineContext,
	type StatementHandler,
} from '../session';
import { foldQuotedIdentifiers } from './foldIdentifiers';

const PARAMETER = 'enable_case_sensitive_identifier';

/** Each session's own SET; a session without one follows the cluster's parameter group. */
const sessionValues = new WeakMap<BackendSession, boolean>();

/** Whether quoted identifiers keep their case in this session (DG r_enable_case_sensitive_identifier.md). */
export function caseSensitiveIdentifiers(session: BackendSession, context: EngineContext): boolean {
	return sessionValues.get(session) ?? context.caseSensitiveIdentifiers ?? false;
}

/** The statement as Redshift reads it in this session: quoted identifiers folded unless the setting is on. */
export function identifiersAsRedshiftReads(
	sql: string,
	session: BackendSession,
	context: EngineContext,
): string {
	return caseSensitiveIdentifiers(session, context) ? sql : foldQuotedIdentifiers(sql);
}

const SET = new RegExp(
	`^SET\\s+(?:SESSION\\s+|LOCAL\\s+)?${PARAMETER}\\s*(?:TO\\b|=)\\s*(.+?)\\s*;?\\s*$`,
	'is',
);
const RESET = new RegExp(`^RESET\\s+${PARAMETER}\\s*;?\\s*$`, 'i');
const SHOW = new RegExp(`^SHOW\\s+${PARAMETER}\\s*;?\\s*$`, 'i');

const TRUE_VALUES = new Set(['true', 'on', 'yes', '1']);
const FALSE_VALUES = new Set(['false', 'off', 'no', '0']);

/** Parses a boolean setting as PostgreSQL and Redshift accept it; undefined for DEFAULT. */
function parseValue(written: string): boolean | undefined {
	const value = written
		.replace(/^'(.*)'$/s, '$1')
		.trim()
		.toLowerCase();
	if (value === 'default') return undefined;
	if (TRUE_VALUES.has(value)) return true;
	if (FALSE_VALUES.has(value)) return false;
	throw new RedshiftError(
		`parameter "${PARAMETER}" requires a Boolean value; got ${written}`,
		'22023',
	);
}

const setDone = { commandTag: 'SET', rowCount: null, fields: [], rows: [] };

/**
 * `SET / RESET / SHOW enable_case_sensitive_identifier`: PostgreSQL does not know the parameter, so
 * the local Redshift keeps it per session and folds quoted identifiers by it.
 */
export const handleCaseSensitivity: StatementHandler = async (sql, session, context) => {
	const set = SET.exec(sql);
	if (set) {
		const value = parseValue(set[1]);
		if (value === undefined) sessionValues.delete(session);
		else sessionValues.set(session, value);
		return setDone;
	}
	if (RESET.test(sql)) {
		sessionValues.delete(session);
		return { ...setDone, commandTag: 'RESET' };
	}
	if (SHOW.test(sql)) {
		const value = caseSensitiveIdentifiers(session, context) ? 'on' : 'off';
		return {
			commandTag: 'SHOW',
			rowCount: 1,
			fields: [{ name: PARAMETER, dataTypeID: 25 }],
			rows: [[value]],
		};
	}
	return undefined;
};
