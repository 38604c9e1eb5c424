import type { Pool } from 'pg';

import {
	clusterCredentialsInput,
	clusterIamCredentialsInput,
	CredentialCache,
	IamPoolSource,
	serverlessCredentialsInput,
	type TemporaryDbCredentials,
} from '../../../../nodes/shared/redshift/connection/iam';

describe('IAM login requests', () => {
	it('maps a cluster login to GetClusterCredentials, trimming and dropping empty groups', () => {
		expect(
			clusterCredentialsInput(
				{
					kind: 'cluster',
					clusterIdentifier: ' prod ',
					dbUser: 'etl',
					autoCreate: true,
					dbGroups: ['loaders', ' ', ' readers '],
					durationSeconds: 1800,
				},
				'dev',
			),
		).toEqual({
			ClusterIdentifier: 'prod',
			DbUser: 'etl',
			DbName: 'dev',
			AutoCreate: true,
			DbGroups: ['loaders', 'readers'],
			DurationSeconds: 1800,
		});
		// Absent options stay absent: Redshift's defaults apply (no auto-create, 900 s).
		expect(
			clusterCredentialsInput(
				{ kind: 'cluster', clusterIdentifier: 'prod', dbUser: 'etl', dbGroups: [] },
				'dev',
			),
		).toEqual({
			ClusterIdentifier: 'prod',
			DbUser: 'etl',
			DbName: 'dev',
		});
	});

	it('maps the identity-based logins to GetClusterCredentialsWithIAM and Serverless GetCredentials', () => {
		expect(
			clusterIamCredentialsInput(
				{ kind: 'clusterIam', clusterIdentifier: 'prod', durationSeconds: 900 },
				'dev',
			),
		).toEqual({
			ClusterIdentifier: 'prod',
			DbName: 'dev',
			DurationSeconds: 900,
		});
		expect(
			serverlessCredentialsInput(
				{ kind: 'serverless', workgroupName: 'wg', durationSeconds: 3600 },
				'dev',
			),
		).toEqual({
			workgroupName: 'wg',
			dbName: 'dev',
			durationSeconds: 3600,
		});
	});

	it('refuses missing names and durations Redshift would refuse, naming the setting', () => {
		expect(() =>
			clusterCredentialsInput({ kind: 'cluster', clusterIdentifier: '', dbUser: 'etl' }, 'dev'),
		).toThrow(/cluster identifier/);
		expect(() =>
			clusterCredentialsInput({ kind: 'cluster', clusterIdentifier: 'prod', dbUser: ' ' }, 'dev'),
		).toThrow(/database user/);
		expect(() =>
			serverlessCredentialsInput({ kind: 'serverless', workgroupName: '' }, 'dev'),
		).toThrow(/workgroup name/);
		for (const seconds of [899, 3601, 1000.5]) {
			expect(() =>
				serverlessCredentialsInput(
					{ kind: 'serverless', workgroupName: 'wg', durationSeconds: seconds },
					'dev',
				),
			).toThrow(/900 to 3600/);
		}
	});
});

describe('CredentialCache', () => {
	const minute = 60_000;

	function issuer(start: number) {
		const calls: number[] = [];
		let clock = start;
		const issue = async (): Promise<TemporaryDbCredentials> => {
			calls.push(clock);
			return { user: 'IAM:etl', password: `p${calls.length}`, expiresAt: clock + 15 * minute };
		};
		return { calls, issue, now: () => clock, advance: (ms: number) => (clock += ms) };
	}

	it('reuses credentials until the margin before expiry, then asks again', async () => {
		const fake = issuer(1_000_000);
		const cache = new CredentialCache(fake.issue, { refreshBeforeExpiryMs: minute, now: fake.now });
		expect((await cache.get()).password).toBe('p1');
		fake.advance(14 * minute - 1);
		expect((await cache.get()).password).toBe('p1');
		fake.advance(1); // exactly one minute before expiry
		expect((await cache.get()).password).toBe('p2');
		expect(fake.calls).toEqual([1_000_000, 1_000_000 + 14 * minute]);
	});

	it('keeps using still-valid credentials while a renewal fails, and fails once they expired', async () => {
		const fake = issuer(0);
		let fail = false;
		const cache = new CredentialCache(
			async () => {
				if (fail) throw new Error('throttled');
				return await fake.issue();
			},
			{ refreshBeforeExpiryMs: minute, now: fake.now },
		);
		expect((await cache.get()).password).toBe('p1');
		fail = true;
		fake.advance(14.5 * minute); // inside the margin: renewal fails, the password still logs in
		expect((await cache.get()).password).toBe('p1');
		fake.advance(0.5 * minute); // expired
		await expect(cache.get()).rejects.toThrow('throttled');
		fail = false;
		expect((await cache.get()).password).toBe('p2');
	});

	it("follows Redshift's suggested refresh time when it comes first", () => {
		expect(
			CredentialCache.refreshAt(
				{ user: 'u', password: 'p', expiresAt: 60 * minute, nextRefreshAt: 30 * minute },
				minute,
			),
		).toBe(30 * minute);
		expect(
			CredentialCache.refreshAt(
				{ user: 'u', password: 'p', expiresAt: 60 * minute, nextRefreshAt: 59.5 * minute },
				minute,
			),
		).toBe(59 * minute);
	});

	it('shares one request among callers asking at once, and asks again after a failure', async () => {
		let calls = 0;
		let fail = true;
		const cache = new CredentialCache(
			async () => {
				calls++;
				await new Promise((resolve) => setImmediate(resolve));
				if (fail) throw new Error('throttled');
				return { user: 'IAM:etl', password: 'p', expiresAt: Date.now() + 15 * minute };
			},
			{ refreshBeforeExpiryMs: minute, now: Date.now },
		);
		await expect(Promise.all([cache.get(), cache.get()])).rejects.toThrow('throttled');
		expect(calls).toBe(1);
		fail = false;
		const [first, second] = await Promise.all([cache.get(), cache.get()]);
		expect(first).toBe(second);
		expect(calls).toBe(2);
	});
});

describe('IamPoolSource', () => {
	interface FakePool {
		user: string;
		password: () => Promise<string>;
		ended: boolean;
		end(): Promise<void>;
	}

	it('keeps one pool while the user stays, and replaces (and drains) it when the user changes', async () => {
		let credentials: TemporaryDbCredentials = { user: 'IAM:a', password: 'one', expiresAt: 0 };
		const cache = { get: async () => credentials } as unknown as CredentialCache;
		const pools: FakePool[] = [];
		let released = false;
		const source = new IamPoolSource(
			cache,
			(user, password) => {
				const pool: FakePool = {
					user,
					password,
					ended: false,
					end: async () => void (pool.ended = true),
				};
				pools.push(pool);
				return pool as unknown as Pool;
			},
			() => (released = true),
		);
		const first = (await source.current()) as unknown as FakePool;
		credentials = { user: 'IAM:a', password: 'two', expiresAt: 0 };
		expect(await source.current()).toBe(first);
		// A refreshed password reaches new sessions through the password function, not a new pool.
		expect(await first.password()).toBe('two');
		credentials = { user: 'IAM:b', password: 'three', expiresAt: 0 };
		const second = (await source.current()) as unknown as FakePool;
		expect(second).not.toBe(first);
		expect(second.user).toBe('IAM:b');
		expect(first.ended).toBe(true);
		await source.end();
		expect(second.ended).toBe(true);
		expect(released).toBe(true);
		expect(pools.map((pool) => pool.user)).toEqual(['IAM:a', 'IAM:b']);
	});
});
