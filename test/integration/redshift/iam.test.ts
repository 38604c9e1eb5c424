import { randomBytes } from 'node:crypto';

import { GetClusterCredentialsCommand, RedshiftClient } from '@aws-sdk/client-redshift';
import { Client } from 'pg';

import { WireConnection } from '../../../nodes/shared/redshift/connection/wire/wireConnection';
import type {
	WireConnectionOptions,
	WireIamLogin,
} from '../../../nodes/shared/redshift/connection/types';
import { startDataApi, type DataApi } from '../../../redshift-local/dataapi';
import { startLocalRedshift, type LocalRedshiftForTests } from '../../support/localRedshift';
import { testServers } from '../../support/testServers';

/** IAM logins over the wire, with credentials the local Redshift's control plane issues and PostgreSQL enforces. */
describe('WireConnection with IAM login (local Redshift)', () => {
	let local: LocalRedshiftForTests;
	let endpoint: string;
	let admin: WireConnection;
	const suffix = randomBytes(4).toString('hex');
	const opened: WireConnection[] = [];

	const aws = (accessKeyId = 'local') => ({
		region: 'us-east-1',
		accessKeyId,
		secretAccessKey: 'local',
		endpoint,
	});

	function iamConnection(
		iam: WireIamLogin,
		extra: Partial<WireConnectionOptions> = {},
	): WireConnection {
		const connection = new WireConnection({
			host: local.instance.wire.host,
			port: local.instance.wire.port,
			database: local.database,
			user: '',
			password: '',
			ssl: 'disable',
			iam,
			...extra,
		});
		opened.push(connection);
		return connection;
	}

	async function validUntil(role: string): Promise<number> {
		const { rows } = await admin.query({
			text: 'SELECT rolvaliduntil::text AS until FROM pg_roles WHERE rolname = $1',
			values: [role],
		});
		return Date.parse(String(rows[0].until));
	}

	beforeAll(async () => {
		local = await startLocalRedshift('iam');
		endpoint = local.dataApiEndpoint ?? '';
		const { user, password } = testServers().postgres;
		admin = new WireConnection({
			host: local.instance.wire.host,
			port: local.instance.wire.port,
			database: local.database,
			user,
			password,
			ssl: 'disable',
		});
		await admin.query({ text: 'CREATE TABLE iam_facts (id int)' });
		await admin.query({ text: 'INSERT INTO iam_facts VALUES (1), (2)' });
	});

	afterAll(async () => {
		await Promise.allSettled(opened.map(async (connection) => await connection.close()));
		await admin?.close();
		await local?.stop();
	});

	it('logs in as IAM:<dbUser> with GetClusterCredentials and AutoCreate', async () => {
		const connection = iamConnection({
			kind: 'cluster',
			clusterIdentifier: 'local',
			dbUser: `etl_${suffix}`,
			autoCreate: true,
			aws: aws(),
		});
		const { rows } = await connection.query({ text: 'SELECT current_user AS who' });
		expect(rows).toEqual([{ who: `IAM:etl_${suffix}` }]);
		// A fresh user has no privileges of its own, as in Redshift.
		await expect(connection.query({ text: 'SELECT count(*) FROM iam_facts' })).rejects.toThrow(
			/permission denied/,
		);
	});

	it("gives the login the named user's privileges and the requested groups", async () => {
		const reader = `reader_${suffix}`;
		const group = `analysts_${suffix}`;
		await admin.query({ text: `CREATE ROLE "${reader}"` });
		await admin.query({ text: `GRANT SELECT ON iam_facts TO "${reader}"` });
		await admin.query({ text: `CREATE ROLE "${group}"` });
		const connection = iamConnection({
			kind: 'cluster',
			clusterIdentifier: 'local',
			dbUser: reader,
			dbGroups: [group],
			durationSeconds: 3600,
			aws: aws(),
		});
		const { rows } = await connection.query({
			text: "SELECT current_user AS who, (SELECT count(*) FROM iam_facts) AS n, pg_has_role(current_user, $1, 'MEMBER') AS in_group",
			values: [group],
		});
		expect(rows).toEqual([{ who: `IAM:${reader}`, n: '2', in_group: true }]);
		// DurationSeconds reached the server: the password is valid for about an hour, not 15 minutes.
		expect(await validUntil(`IAM:${reader}`)).toBeGreaterThan(Date.now() + 1800_000);
	});

	it('fails to log in when the user does not exist and AutoCreate is off', async () => {
		const connection = iamConnection({
			kind: 'cluster',
			clusterIdentifier: 'local',
			dbUser: `nobody_${suffix}`,
			aws: aws(),
		});
		await expect(connection.query({ text: 'SELECT 1' })).rejects.toThrow(/IAM:nobody_/);
	});

	it("logs in with Serverless GetCredentials and GetClusterCredentialsWithIAM as the caller's identity", async () => {
		const identity = `AKIALOCAL${suffix.toUpperCase()}`;
		const serverless = iamConnection({
			kind: 'serverless',
			workgroupName: 'local-wg',
			aws: aws(identity),
		});
		expect((await serverless.query({ text: 'SELECT current_user AS who' })).rows).toEqual([
			{ who: `IAM:${identity}` },
		]);
		const withIam = iamConnection({
			kind: 'clusterIam',
			clusterIdentifier: 'local',
			aws: aws(identity),
		});
		expect((await withIam.query({ text: 'SELECT current_user AS who' })).rows).toEqual([
			{ who: `IAM:${identity}` },
		]);
	});

	it('refreshes the credentials before they expire, keeping queries running', async () => {
		let now = Date.now();
		const user = `refresh_${suffix}`;
		const connection = iamConnection(
			{
				kind: 'cluster',
				clusterIdentifier: 'local',
				dbUser: user,
				autoCreate: true,
				aws: aws(),
				now: () => now,
			},
			{ maxConnections: 2 },
		);
		await connection.query({ text: 'SELECT 1' });
		const firstExpiry = await validUntil(`IAM:${user}`);
		expect(firstExpiry).toBeGreaterThan(Date.now());

		// 30 s before expiry the cache asks again (margin 60 s): the server extends the login.
		now += 870_000;
		await connection.query({ text: 'SELECT 1' });
		const secondExpiry = await validUntil(`IAM:${user}`);
		expect(secondExpiry).toBeGreaterThan(firstExpiry);

		// Two statements at once need a second session: it logs in with the refreshed password.
		const both = await Promise.all([
			connection.query({ text: 'SELECT current_user AS who, pg_sleep(0.2)' }),
			connection.query({ text: 'SELECT current_user AS who, pg_sleep(0.2)' }),
		]);
		expect(both.map((result) => result.rows[0].who)).toEqual([`IAM:${user}`, `IAM:${user}`]);
	});

	describe('credentials past their expiration', () => {
		let shortLived: DataApi;
		let redshift: RedshiftClient;
		// Issued 898 s in the past: the honest minimum of 900 s leaves them valid for 2 more seconds.
		const skew = 898_000;

		beforeAll(async () => {
			const { host, port, user, password } = testServers().postgres;
			shortLived = await startDataApi({
				postgres: { host, port, user, password },
				engine: (database: string) => local.instance.engineFor(database),
				controlPlane: { now: () => Date.now() - skew },
			});
			redshift = new RedshiftClient({
				endpoint: shortLived.endpoint,
				region: 'us-east-1',
				credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
				maxAttempts: 1,
			});
		});
		afterAll(async () => {
			redshift?.destroy();
			await shortLived?.stop();
		});

		it('are refused by the wire front, while a session opened before expiry keeps working', async () => {
			const issued = await redshift.send(
				new GetClusterCredentialsCommand({
					ClusterIdentifier: 'local',
					DbUser: `brief_${suffix}`,
					DbName: local.database,
					AutoCreate: true,
				}),
			);
			expect(issued.DbUser).toBe(`IAM:brief_${suffix}`);
			expect(issued.Expiration).toBeInstanceOf(Date);
			const login = {
				host: local.instance.wire.host,
				port: local.instance.wire.port,
				database: local.database,
				user: issued.DbUser,
				password: issued.DbPassword,
			};
			const early = new Client(login);
			await early.connect();
			try {
				expect((await early.query('SELECT current_user AS who')).rows).toEqual([
					{ who: `IAM:brief_${suffix}` },
				]);
				await new Promise((resolve) =>
					setTimeout(resolve, Math.max(0, (issued.Expiration?.getTime() ?? 0) - Date.now()) + 1000),
				);
				const late = new Client(login);
				late.on('error', () => undefined);
				await expect(late.connect()).rejects.toMatchObject({ code: '28P01' });
				await late.end().catch(() => undefined);
				expect((await early.query('SELECT 1 AS ok')).rows).toEqual([{ ok: 1 }]);
			} finally {
				await early.end();
			}
		});

		it('logs new sessions in with the renewed password once the first one expired, in the same pool', async () => {
			const { host, port, user, password } = testServers().postgres;
			let now = Date.now();
			const sharedClock = await startDataApi({
				postgres: { host, port, user, password },
				engine: (database: string) => local.instance.engineFor(database),
				controlPlane: { now: () => now },
			});
			try {
				const login = `renew_${suffix}`;
				const connection = new WireConnection({
					host: local.instance.wire.host,
					port: local.instance.wire.port,
					database: local.database,
					user: '',
					password: '',
					ssl: 'disable',
					maxConnections: 2,
					iam: {
						kind: 'cluster',
						clusterIdentifier: 'local',
						dbUser: login,
						autoCreate: true,
						aws: { ...aws(), endpoint: sharedClock.endpoint },
						now: () => now,
					},
				});
				opened.push(connection);
				await connection.query({ text: 'SELECT 1' });
				const firstExpiry = await validUntil(`IAM:${login}`);
				// Past the first expiry for both sides: the server issues a new password (the role keeps only that one).
				now += 1_000_000;
				const both = await Promise.all([
					connection.query({
						text: 'SELECT current_user AS who, pg_backend_pid() AS pid, pg_sleep(0.2)',
					}),
					connection.query({
						text: 'SELECT current_user AS who, pg_backend_pid() AS pid, pg_sleep(0.2)',
					}),
				]);
				expect(both.map((result) => result.rows[0].who)).toEqual([`IAM:${login}`, `IAM:${login}`]);
				expect(new Set(both.map((result) => result.rows[0].pid)).size).toBe(2);
				expect(await validUntil(`IAM:${login}`)).toBeGreaterThan(firstExpiry + 900_000);
			} finally {
				await sharedClock.stop();
			}
		});

		it('keeps DurationSeconds honest: outside 900–3600 is refused by the endpoint and by the connection', async () => {
			await expect(
				redshift.send(
					new GetClusterCredentialsCommand({
						ClusterIdentifier: 'local',
						DbUser: 'someone',
						DurationSeconds: 60,
					}),
				),
			).rejects.toMatchObject({
				name: 'InvalidParameterValue',
				message: expect.stringMatching(/between 900 and 3600/),
			});
			expect(() =>
				iamConnection({
					kind: 'cluster',
					clusterIdentifier: 'local',
					dbUser: 'x',
					durationSeconds: 60,
					aws: aws(),
				}),
			).toThrow(/900 to 3600/);
		});
	});
});
