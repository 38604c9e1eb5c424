import type { RedshiftConnection } from '../redshift/connection/types';
import { LoadSetupError } from './errors';

/**
 * Case-Sensitive Identifiers keeps upper case in quoted names, which Redshift honours only when
 * enable_case_sensitive_identifier is on; otherwise it folds them and the load would quietly land in
 * the lower-case table (and our checks of its columns would not find it). Refuse before anything runs.
 */
export async function requireCaseSensitiveIdentifiers(
	connection: RedshiftConnection,
): Promise<void> {
	const result = await connection.query({ text: 'SHOW enable_case_sensitive_identifier' });
	const value = String(Object.values(result.rows[0] ?? {})[0] ?? '').toLowerCase();
	if (value === 'on' || value === 'true') return;
	throw new LoadSetupError(
		'Case-Sensitive Identifiers is on, but this Redshift folds quoted names to lower case (enable_case_sensitive_identifier is off), so upper-case table and column names would not be kept; nothing was loaded. ' +
			"Turn enable_case_sensitive_identifier on in the cluster's parameter group (or for the database user: ALTER USER <user> SET enable_case_sensitive_identifier TO true), or turn Case-Sensitive Identifiers off.",
	);
}
