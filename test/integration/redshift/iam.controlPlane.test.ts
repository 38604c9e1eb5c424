import {
	DescribeClustersCommand,
	GetClusterCredentialsCommand,
	RedshiftClient,
} from '@aws-sdk/client-redshift';
import { ListDatabasesCommand, RedshiftDataClient } from '@aws-sdk/client-redshift-data';
import {
	GetCredentialsCommand,
	ListWorkgroupsCommand,
	RedshiftServerlessClient,
} from '@aws-sdk/client-redshift-serverless';
import { Client } from 'pg';

import { startLocalRedshift, type LocalRedshiftForTests } from '../../support/localRedshift';

/** The local control plane as the unmodified SDK clients see it: shapes, validation and errors. */
describe('local Redshift control plane (temporary credentials)', () => {
	let local: LocalRedshiftForTests;
	let redshift: RedshiftClient;
	let serverless: RedshiftServerlessClient;
	// The access key id stands for the caller's AWS identity (not a secret: signatures are not checked).
	const identity = 'AKIACONTROLPLANE01';
	const config = () => ({
		endpoint: local.dataApiEndpoint,
		region: 'us-east-1',
		credentials: { accessKeyId: identity, secretAccessKey: 'local' },
		maxAttempts: 1,
	});

	beforeAll(async () => {
		local = await startLocalRedshift('iam_cp');
		redshift = new RedshiftClient(config());
		serverless = new RedshiftServerlessClient(config());
	});
	afterAll(async () => {
		redshift?.destroy();
		serverless?.destroy();
		await local?.stop();
	});

	it('answers GetClusterCredentials with the awsQuery shapes, for names with every allowed character', async () => {
		const before = Date.now();
		const out = await redshift.send(
			new GetClusterCredentialsCommand({
				ClusterIdentifier: 'local',
				DbUser: 'a+b@c.d-e_1',
				DbName: local.database,
				AutoCreate: true,
				DurationSeconds: 1200,
			}),
		);
		expect(out.DbUser).toBe('IAM:a+b@c.d-e_1');
		expect(out.DbPassword).toMatch(/^[A-Za-z0-9_-]{32}$/);
		expect(out.Expiration?.getTime()).toBeGreaterThanOrEqual(before + 1_200_000 - 1000);
		expect(out.Expiration?.getTime()).toBeLessThanOrEqual(Date.now() + 1_200_000);
		const client = new Client({
			host: local.instance.wire.host,
			port: local.instance.wire.port,
			database: local.database,
			user: out.DbUser,
			password: out.DbPassword,
		});
		await client.connect();
		try {
			expect((await client.query('SELECT current_user AS who')).rows).toEqual([
				{ who: 'IAM:a+b@c.d-e_1' },
			]);
		} finally {
			await client.end();
		}
	});

	it('answers Serverless GetCredentials with epoch-second timestamps and a refresh time before expiry', async () => {
		const out = await serverless.send(
			new GetCredentialsCommand({ workgroupName: 'wg', dbName: local.database }),
		);
		expect(out.dbUser).toBe(`IAM:${identity}`);
		expect(out.expiration).toBeInstanceOf(Date);
		expect(out.nextRefreshTime?.getTime()).toBeLessThan(out.expiration?.getTime() ?? 0);
		expect((out.expiration?.getTime() ?? 0) - Date.now()).toBeGreaterThan(800_000);
	});

	it('refuses what Redshift refuses, with the error names the SDK maps', async () => {
		await expect(
			redshift.send(
				new GetClusterCredentialsCommand({ ClusterIdentifier: 'local', DbUser: 'public' }),
			),
		).rejects.toMatchObject({ name: 'InvalidParameterValue' });
		await expect(
			redshift.send(
				new GetClusterCredentialsCommand({
					ClusterIdentifier: 'local',
					DbUser: 'x',
					DbGroups: ['no_such_group_cp'],
				}),
			),
		).rejects.toMatchObject({
			name: 'InvalidParameterValue',
			message: expect.stringMatching(/no_such_group_cp/),
		});
		await expect(
			redshift.send(
				new GetClusterCredentialsCommand({
					ClusterIdentifier: 'local',
					DbUser: 'x',
					DurationSeconds: 3601,
				}),
			),
		).rejects.toMatchObject({ name: 'InvalidParameterValue' });
		await expect(redshift.send(new DescribeClustersCommand({}))).rejects.toMatchObject({
			name: 'InvalidAction',
			message: expect.stringMatching(/GetClusterCredentials/),
		});
		await expect(
			serverless.send(new GetCredentialsCommand({ workgroupName: 'wg', durationSeconds: 899 })),
		).rejects.toMatchObject({ name: 'ValidationException' });
		await expect(serverless.send(new ListWorkgroupsCommand({}))).rejects.toMatchObject({
			name: 'ValidationException',
			message: expect.stringMatching(/GetCredentials/),
		});
	});

	it('leaves the Data API on the same endpoint as it was', async () => {
		const data = new RedshiftDataClient(config());
		try {
			const out = await data.send(
				new ListDatabasesCommand({
					ClusterIdentifier: 'local',
					Database: local.database,
					DbUser: 'awsuser',
				}),
			);
			expect(out.Databases).toContain(local.database);
		} finally {
			data.destroy();
		}
	});
});
