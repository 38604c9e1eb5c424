import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';

import { ControlPlaneError } from './controlPlaneError';

export interface PostgresAdmin {
	host: string;
	port: number;
	user: string;
	password: string;
}

export interface IssueRequest {
	/** The login role, e.g. `IAM:etl_user`. */
	loginUser: string;
	/** An existing user whose permissions the login role gets (GetClusterCredentials' DbUser). */
	inheritFrom?: string;
	/** Create the login role when neither it nor `inheritFrom` exists. */
	autoCreate: boolean;
	dbGroups: readonly string[];
	expiresAt: Date;
}

export interface IssuedUser {
	user: string;
	password: string;
	expiresAt: Date;
}

interface LivePassword {
	password: string;
	expiresAt: number;
}

/**
 * Makes temporary credentials real: a PostgreSQL login role with a password that PostgreSQL itself
 * stops accepting at `VALID UNTIL`, so the wire front (which forwards authentication) accepts exactly
 * the issued credentials. A role has one password, unlike Redshift's independent credentials: a
 * second request for the same user while the first password lives returns that password with the
 * later expiry, so earlier holders are not locked out.
 */
export class TemporaryUsers {
	private readonly pool: Pool;
	private readonly live = new Map<string, LivePassword>();
	/** One issue at a time: two CREATE ROLE for the same user would collide. */
	private queue: Promise<unknown> = Promise.resolve();

	constructor(admin: PostgresAdmin) {
		this.pool = new Pool({ ...admin, database: 'postgres', max: 2, idleTimeoutMillis: 5_000 });
		this.pool.on('error', () => undefined);
	}

	async issue(request: IssueRequest, now: number): Promise<IssuedUser> {
		const turn = this.queue.then(async () => await this.issueNow(request, now));
		this.queue = turn.catch(() => undefined);
		return await turn;
	}

	private async issueNow(request: IssueRequest, now: number): Promise<IssuedUser> {
		const client = await this.pool.connect();
		try {
			const roleExists = async (name: string) =>
				(await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [name])).rowCount === 1;
			// Statements with role names and a password cannot take parameters: format() quotes them server-side.
			const run = async (template: string, ...values: string[]) => {
				const { rows } = await client.query<{ sql: string }>(
					`SELECT format('${template}', ${values.map((_, index) => `$${index + 1}::text`).join(', ')}) AS sql`,
					values,
				);
				await client.query(rows[0].sql);
			};
			for (const group of request.dbGroups) {
				if (!(await roleExists(group))) {
					throw new ControlPlaneError(
						'InvalidParameterValue',
						`The database group "${group}" does not exist; create it first (CREATE GROUP).`,
					);
				}
			}
			const loginExists = await roleExists(request.loginUser);
			const inheritExists =
				request.inheritFrom !== undefined && (await roleExists(request.inheritFrom));
			if (!loginExists && !inheritExists && !request.autoCreate) {
				// Redshift issues the credentials anyway; the login then fails because the user does not exist.
				return {
					user: request.loginUser,
					password: randomBytes(24).toString('base64url'),
					expiresAt: request.expiresAt,
				};
			}
			const previous = this.live.get(request.loginUser);
			const reuse = previous && previous.expiresAt > now ? previous : undefined;
			const password = reuse?.password ?? randomBytes(24).toString('base64url');
			const expiresAt = new Date(Math.max(request.expiresAt.getTime(), reuse?.expiresAt ?? 0));
			const validUntil = expiresAt.toISOString();
			if (loginExists)
				await run(
					'ALTER ROLE %I LOGIN PASSWORD %L VALID UNTIL %L',
					request.loginUser,
					password,
					validUntil,
				);
			else
				await run(
					'CREATE ROLE %I LOGIN PASSWORD %L VALID UNTIL %L',
					request.loginUser,
					password,
					validUntil,
				);
			if (inheritExists && request.inheritFrom)
				await run('GRANT %I TO %I', request.inheritFrom, request.loginUser);
			for (const group of request.dbGroups) await run('GRANT %I TO %I', group, request.loginUser);
			this.live.set(request.loginUser, { password, expiresAt: expiresAt.getTime() });
			return { user: request.loginUser, password, expiresAt: request.expiresAt };
		} finally {
			client.release();
		}
	}

	async close(): Promise<void> {
		await this.pool.end();
	}
}
