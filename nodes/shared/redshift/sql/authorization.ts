import { parseS3Url } from '../../s3/url';
import { SqlBuildError } from './errors';
import { quoteLiteral } from './literals';

/**
 * How COPY and UNLOAD reach S3: one or more IAM roles (chained), the cluster's default role, or
 * access keys. Keys end up in the SQL text, so log and report it only through redactCopy().
 */
export type AwsAuthorization =
	| { iamRole: 'default' | string | string[] }
	| {
			accessKeyId: string;
			secretAccessKey: string;
			sessionToken?: string;
			/** `keys` (default): ACCESS_KEY_ID … SECRET_ACCESS_KEY …; `credentials`: the legacy CREDENTIALS '…' string. */
			style?: 'keys' | 'credentials';
	  };

const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;
// Key material is base64-like; anything else (quotes, ';', spaces) would change the statement's meaning.
const KEY_TEXT = /^[A-Za-z0-9+/=_-]{1,4096}$/;

/** The authorization clause of COPY/UNLOAD. */
export function formatAuthorization(authorization: AwsAuthorization): string {
	if ('iamRole' in authorization) {
		const roles = Array.isArray(authorization.iamRole)
			? authorization.iamRole
			: [authorization.iamRole];
		if (roles.length === 1 && roles[0].toLowerCase() === 'default') return 'IAM_ROLE default';
		if (roles.length === 0) throw new SqlBuildError('IAM_ROLE needs at least one role ARN.');
		for (const role of roles) {
			if (!ROLE_ARN.test(role)) {
				throw new SqlBuildError(
					`${JSON.stringify(role)} is not an IAM role ARN (arn:aws:iam::123456789012:role/name), nor "default".`,
				);
			}
		}
		// Chained roles go in one literal, comma-separated, as Redshift expects.
		return `IAM_ROLE ${quoteLiteral(roles.join(','))}`;
	}
	const { accessKeyId, secretAccessKey, sessionToken } = authorization;
	for (const [what, value] of [
		['access key id', accessKeyId],
		['secret access key', secretAccessKey],
		['session token', sessionToken],
	] as const) {
		if (value !== undefined && (typeof value !== 'string' || !KEY_TEXT.test(value))) {
			throw new SqlBuildError(
				`The AWS ${what} for COPY/UNLOAD is empty or has characters keys never have.`,
			);
		}
	}
	if (authorization.style === 'credentials') {
		const token = sessionToken ? `;token=${sessionToken}` : '';
		return `CREDENTIALS ${quoteLiteral(`aws_access_key_id=${accessKeyId};aws_secret_access_key=${secretAccessKey}${token}`)}`;
	}
	const token = sessionToken ? ` SESSION_TOKEN ${quoteLiteral(sessionToken)}` : '';
	return `ACCESS_KEY_ID ${quoteLiteral(accessKeyId)} SECRET_ACCESS_KEY ${quoteLiteral(secretAccessKey)}${token}`;
}

const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;

export function formatRegion(region: string): string {
	if (!REGION.test(region))
		throw new SqlBuildError(
			`${JSON.stringify(region)} is not an AWS region name (e.g. eu-west-1).`,
		);
	return `REGION AS ${quoteLiteral(region)}`;
}

/**
 * An S3 URL for COPY/UNLOAD. A backslash is refused: Redshift reads it as an escape inside
 * literals (quoteLiteral doubles it), but readers of the statement that do not (logs, emulators)
 * would see another key; S3 keys with backslashes are not worth that ambiguity.
 */
export function checkedS3Url(url: string, what: string): string {
	parseS3Url(url);
	if (url.includes('\\'))
		throw new SqlBuildError(`The ${what} S3 URL contains a backslash; use a prefix without one.`);
	return url;
}
