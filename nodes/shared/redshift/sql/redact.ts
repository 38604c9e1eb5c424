/**
 * SQL (or an error message quoting it) with AWS secrets replaced by ***: the literals after
 * ACCESS_KEY_ID, SECRET_ACCESS_KEY, SESSION_TOKEN and MASTER_SYMMETRIC_KEY, and the key and token
 * parts of a CREDENTIALS string (a role ARN stays readable). Use it before logging or reporting
 * any COPY or UNLOAD statement.
 */
export function redactCopy(sql: string): string {
	return sql
		.replace(
			/\b(ACCESS_KEY_ID|SECRET_ACCESS_KEY|SESSION_TOKEN|MASTER_SYMMETRIC_KEY)(\s+(?:AS\s+)?)'(?:[^']|'')*'/gi,
			"$1$2'***'",
		)
		.replace(
			/\b(aws_access_key_id|aws_secret_access_key|token|master_symmetric_key)=[^;'\s]*/gi,
			'$1=***',
		);
}
