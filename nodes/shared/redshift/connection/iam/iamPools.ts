import type { Pool } from 'pg';

import type { CredentialCache } from './credentialCache';

/** Where a wire connection takes its pooled sessions from. */
export interface PoolSource {
	current(): Promise<Pool>;
	end(): Promise<void>;
	/** A clearer error for a refused login, or undefined to keep the server's. */
	explainLoginFailure?(error: unknown): Error | undefined;
}

const LOGIN_REFUSED = new Set(['28P01', '28000']);

/** Builds a pool that logs in as `user` and asks `password()` for each new session. */
export type PoolFactory = (user: string, password: () => Promise<string>) => Pool;

/**
 * Pools that log in with temporary credentials. node-postgres asks the `password` function for each
 * new session, so a refreshed password needs no new pool; the user name cannot be a function, so a
 * refresh that changes the user (a different `IAM:…` identity) replaces the pool and lets the old one
 * drain: sessions already open stay valid after their password expires, as in Redshift.
 */
export class IamPoolSource implements PoolSource {
	private pool?: Pool;
	private poolUser?: string;
	private readonly draining: Array<Promise<void>> = [];

	constructor(
		private readonly credentials: CredentialCache,
		private readonly createPool: PoolFactory,
		private readonly release: () => void,
	) {}

	async current(): Promise<Pool> {
		const { user } = await this.credentials.get();
		if (!this.pool || this.poolUser !== user) {
			const previous = this.pool;
			this.pool = this.createPool(user, async () => (await this.credentials.get()).password);
			this.poolUser = user;
			if (previous) this.draining.push(previous.end().catch(() => undefined));
		}
		return this.pool;
	}

	/**
	 * "Check the user and password" would mislead: the user and password came from Redshift. The
	 * message says which login failed and why that happens; the password itself is never in it.
	 */
	explainLoginFailure(error: unknown): Error | undefined {
		const code = (error as { code?: string } | undefined)?.code;
		if (!code || !LOGIN_REFUSED.has(code)) return undefined;
		const explained = new Error(
			`Redshift refused the temporary IAM credentials for "${this.poolUser ?? '?'}" (SQLSTATE ${code}): the database user may not exist (turn on Auto Create User or create the user), the user may not be allowed to log in, or the credentials expired before use.`,
		);
		explained.name = 'IamLoginRefused';
		return explained;
	}

	async end(): Promise<void> {
		try {
			await Promise.all([this.pool?.end(), ...this.draining]);
		} finally {
			this.release();
		}
	}
}
