import type { IssueCredentials, TemporaryDbCredentials } from './temporaryCredentials';

export interface CredentialCacheOptions {
	/** Ask for new credentials this long before the current ones expire. */
	refreshBeforeExpiryMs: number;
	/** Milliseconds since the epoch. */
	now: () => number;
}

/**
 * Keeps one set of temporary credentials and asks for a new one when it is about to expire (or when
 * Redshift's suggested refresh time has come). Callers asking at once share one request.
 */
export class CredentialCache {
	private current?: TemporaryDbCredentials;
	private pending?: Promise<TemporaryDbCredentials>;

	constructor(
		private readonly issue: IssueCredentials,
		private readonly options: CredentialCacheOptions,
	) {}

	/** When the cached credentials are due for renewal (milliseconds since the epoch). */
	static refreshAt(credentials: TemporaryDbCredentials, refreshBeforeExpiryMs: number): number {
		const beforeExpiry = credentials.expiresAt - refreshBeforeExpiryMs;
		return credentials.nextRefreshAt !== undefined
			? Math.min(beforeExpiry, credentials.nextRefreshAt)
			: beforeExpiry;
	}

	/** Credentials valid for at least the refresh margin, issuing new ones when needed. */
	async get(): Promise<TemporaryDbCredentials> {
		const current = this.current;
		if (
			current &&
			this.options.now() < CredentialCache.refreshAt(current, this.options.refreshBeforeExpiryMs)
		) {
			return current;
		}
		this.pending ??= this.issue()
			.then((fresh) => {
				this.current = fresh;
				return fresh;
			})
			.finally(() => {
				this.pending = undefined;
			});
		try {
			return await this.pending;
		} catch (error) {
			// A renewal that fails inside the margin (throttling, a network blip) must not fail a login the
			// current password still allows; the next call asks again, and after expiry the error surfaces.
			if (current && this.options.now() < current.expiresAt) return current;
			throw error;
		}
	}
}
