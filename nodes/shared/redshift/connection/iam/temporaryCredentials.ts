/** Database credentials Redshift issued for a limited time. */
export interface TemporaryDbCredentials {
	/** The user to log in as, e.g. `IAM:etl_user`. */
	user: string;
	password: string;
	/** Milliseconds since the epoch after which the password no longer logs in. */
	expiresAt: number;
	/** Milliseconds since the epoch when Redshift suggests asking again (Serverless, WithIAM). */
	nextRefreshAt?: number;
}

/** Asks Redshift for a new set of temporary credentials. */
export type IssueCredentials = (signal?: AbortSignal) => Promise<TemporaryDbCredentials>;

/** The first and the longest validity Redshift accepts for temporary credentials (DurationSeconds). */
export const MIN_DURATION_SECONDS = 900;
export const MAX_DURATION_SECONDS = 3600;
