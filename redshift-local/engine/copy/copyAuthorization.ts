import { RedshiftError } from '../session';
import type { CopyAuthorizationClauses } from './copyCommand';

/** Redshift's own message for absent or malformed credentials (DG s3serviceexception-error.md). */
export const INVALID_CREDENTIALS_MESSAGE =
	"Invalid credentials. Must be of the format: credentials 'aws_iam_role=...' or 'aws_access_key_id=...;aws_secret_access_key=...[;token=...]'";

function invalidCredentials(): RedshiftError {
	return new RedshiftError(INVALID_CREDENTIALS_MESSAGE, 'XX000');
}

function credentialPairs(text: string): Map<string, string> {
	const pairs = new Map<string, string>();
	for (const part of text.split(';')) {
		if (part.trim() === '') continue;
		const equals = part.indexOf('=');
		if (equals <= 0 || /\s/.test(part)) throw invalidCredentials();
		pairs.set(part.slice(0, equals).toLowerCase(), part.slice(equals + 1));
	}
	return pairs;
}

function redactedCredentials(text: string): string {
	const pairs = credentialPairs(text);
	const role = pairs.get('aws_iam_role');
	if (role !== undefined) {
		if (pairs.size !== 1 || role === '') throw invalidCredentials();
		return `CREDENTIALS 'aws_iam_role=${role}'`;
	}
	const keyId = pairs.get('aws_access_key_id');
	const secret = pairs.get('aws_secret_access_key');
	const allowed = ['aws_access_key_id', 'aws_secret_access_key', 'token'];
	if (!keyId || !secret || [...pairs.keys()].some((key) => !allowed.includes(key))) {
		throw invalidCredentials();
	}
	return `CREDENTIALS 'aws_access_key_id=${keyId};aws_secret_access_key=***${pairs.has('token') ? ';token=***' : ''}'`;
}

/**
 * Checks that exactly one authorization method was given (DG copy-parameters-authorization.md)
 * and returns it redacted for the system tables: role ARNs and key ids stay, secrets never do.
 */
export function checkedAuthorization(clauses: CopyAuthorizationClauses): string {
	const { iamRole, credentials, accessKeyId, secretAccessKey, sessionToken } = clauses;
	const usesKeys =
		accessKeyId !== undefined || secretAccessKey !== undefined || sessionToken !== undefined;
	const methods = [iamRole !== undefined, credentials !== undefined, usesKeys].filter(
		Boolean,
	).length;
	if (methods !== 1) throw invalidCredentials();
	if (iamRole !== undefined) {
		if (
			iamRole !== 'default' &&
			!iamRole.split(',').every((role) => /^arn:aws[a-z-]*:iam::\d+:role\/\S+$/.test(role.trim()))
		) {
			throw new RedshiftError(
				`Invalid IAM_ROLE '${iamRole}': expected 'arn:aws:iam::<account-id>:role/<role-name>' or default`,
				'XX000',
			);
		}
		return iamRole === 'default' ? 'IAM_ROLE default' : `IAM_ROLE '${iamRole}'`;
	}
	if (credentials !== undefined) return redactedCredentials(credentials);
	if (!accessKeyId || !secretAccessKey) throw invalidCredentials();
	return `ACCESS_KEY_ID '${accessKeyId}' SECRET_ACCESS_KEY '***'${sessionToken !== undefined ? " SESSION_TOKEN '***'" : ''}`;
}

/** The statement as written, with every secret it carries replaced by *** (for sys_load_history). */
export function redactedStatement(sql: string, clauses: CopyAuthorizationClauses): string {
	const secrets = [clauses.secretAccessKey, clauses.sessionToken];
	for (const part of (clauses.credentials ?? '').split(';')) {
		const [key, value] = part.split('=');
		if (/^(aws_secret_access_key|token)$/i.test(key?.trim() ?? '') && value) secrets.push(value);
	}
	let redacted = sql;
	for (const secret of secrets) {
		if (secret)
			redacted = redacted.split(secret.replace(/'/g, "''")).join('***').split(secret).join('***');
	}
	return redacted;
}
