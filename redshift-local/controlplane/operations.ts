import { ControlPlaneError } from './controlPlaneError';
import type { TemporaryUsers } from './temporaryUsers';

/** What every control-plane operation gets: the user store, the clock and the caller's AWS identity. */
export interface ControlPlaneContext {
	users: TemporaryUsers;
	/** Milliseconds since the epoch; tests inject an earlier clock to get credentials that expire soon. */
	now: () => number;
	/** The caller's access key id from the SigV4 Authorization header (signatures are not checked). */
	accessKeyId?: string;
}

export interface IssuedCredentials {
	dbUser: string;
	dbPassword: string;
	expiration: Date;
	nextRefreshTime?: Date;
}

const DEFAULT_DURATION_SECONDS = 900;

/** DurationSeconds as Redshift validates it: whole seconds, 900–3600, 900 when absent. */
export function durationSeconds(raw: string | number | undefined): number {
	if (raw === undefined || raw === '') return DEFAULT_DURATION_SECONDS;
	const seconds = Number(raw);
	if (!Number.isInteger(seconds) || seconds < 900 || seconds > 3600) {
		throw new ControlPlaneError(
			'InvalidParameterValue',
			`DurationSeconds must be between 900 and 3600, got ${String(raw)}.`,
		);
	}
	return seconds;
}

/** Redshift user and group names in these APIs: 1–64 of letters, digits and `_+.@-`, starting with a letter or `_`. */
export function checkedName(name: string | undefined, parameter: string): string {
	if (!name || !/^[A-Za-z_][A-Za-z0-9_+.@-]{0,63}$/.test(name) || name.toLowerCase() === 'public') {
		throw new ControlPlaneError(
			'InvalidParameterValue',
			`${parameter} must be 1 to 64 letters, digits or _+.@- starting with a letter or underscore, and not PUBLIC; got "${name ?? ''}".`,
		);
	}
	return name;
}

export function required(value: string | undefined, parameter: string): string {
	if (!value)
		throw new ControlPlaneError(
			'MissingParameter',
			`The request must contain the parameter ${parameter}.`,
		);
	return value;
}

/** The user Redshift derives from the caller's AWS identity; locally the access key id stands for it. */
export function identityUser(context: ControlPlaneContext): string {
	if (!context.accessKeyId) {
		throw new ControlPlaneError(
			'AccessDenied',
			'The request is not signed: an AWS identity is needed to derive the database user.',
			403,
		);
	}
	return `IAM:${context.accessKeyId}`;
}

/** Issues a login for the derived `IAM:<identity>` user (WithIAM and Serverless create it automatically). */
export async function issueForIdentity(
	context: ControlPlaneContext,
	seconds: number,
): Promise<IssuedCredentials> {
	const now = context.now();
	const issued = await context.users.issue(
		{
			loginUser: identityUser(context),
			autoCreate: true,
			dbGroups: [],
			expiresAt: new Date(now + seconds * 1000),
		},
		now,
	);
	return {
		dbUser: issued.user,
		dbPassword: issued.password,
		expiration: issued.expiresAt,
		// Redshift suggests asking again well before expiry; halfway is what this emulation says.
		nextRefreshTime: new Date(now + (seconds * 1000) / 2),
	};
}
