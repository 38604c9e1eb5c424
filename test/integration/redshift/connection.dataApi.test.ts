import { DataApiConnection } from '../../../nodes/shared/redshift/connection/dataApi/dataApiConnection';
import { startLocalRedshift, type LocalRedshiftForTests } from '../../support/localRedshift';

/** The Data API transport against the local Redshift's Data API endpoint. */
describe('DataApiConnection', () => {
	let local: LocalRedshiftForTests;
	let connection: DataApiConnection;

	beforeAll(async () => {
		local = await startLocalRedshift('dataapi_conn');
		connection = new DataApiConnection({
			region: 'us-east-1',
			endpoint: local.dataApiEndpoint,
			accessKeyId: 'local',
			secretAccessKey: 'local',
			clusterIdentifier: 'local',
			dbUser: 'awsuser',
			database: local.database,
			pollIntervalMs: { first: 10, max: 100 },
		});
	});
	afterAll(async () => {
		await connection.close();
		await local.stop();
	});

	it('binds values as named parameters, NULL and empty string included', async () => {
		await connection.query({ text: 'CREATE TABLE p (id int8, note varchar(20), n int)' });
		const inserted = await connection.query({
			text: 'INSERT INTO p VALUES ($1, $2, $3), ($4, $5, $6)',
			values: ['9007199254740993', '', 1, 2, null, null],
		});
		expect(inserted.rowCount).toBe(2);
		const result = await connection.query({
			text: 'SELECT id::varchar AS id, note, n FROM p ORDER BY n NULLS LAST',
		});
		expect(result.rows).toEqual([
			{ id: '9007199254740993', note: '', n: 1 },
			{ id: '2', note: null, n: null },
		]);
	});

	it('streams a result across Data API pages, re-cut to the page size asked for', async () => {
		const pages: number[] = [];
		let sum = 0;
		for await (const page of connection.stream(
			{ text: 'SELECT g AS n FROM generate_series(1, 2500) g' },
			700,
		)) {
			pages.push(page.length);
			sum += page.reduce((total, row) => total + (row.n as number), 0);
		}
		expect(pages).toEqual([700, 700, 700, 400]);
		expect(sum).toBe((2500 * 2501) / 2);
	});

	it('runs a transaction as one batch: all statements or none', async () => {
		await connection.query({ text: 'CREATE TABLE b (id int)' });
		await expect(
			connection.transaction([
				{ text: 'INSERT INTO b VALUES ($1)', values: [1] },
				{ text: 'INSERT INTO b VALUES ($1)', values: ['not a number'] },
			]),
		).rejects.toThrow(/invalid input syntax for type integer/);
		expect((await connection.query({ text: 'SELECT count(*) AS c FROM b' })).rows).toEqual([
			{ c: '0' },
		]);
		const results = await connection.transaction([
			{ text: 'INSERT INTO b VALUES ($1), ($2)', values: [1, 2] },
			{ text: 'SELECT count(*) AS c FROM b' },
		]);
		expect(results[1].rows).toEqual([{ c: '2' }]);
	});

	it('cancels the statement on the server when the signal aborts', async () => {
		const controller = new AbortController();
		const running = connection.query(
			{ text: 'SELECT pg_sleep(30)' },
			{ signal: controller.signal },
		);
		setTimeout(() => controller.abort(), 300);
		await expect(running).rejects.toThrow(
			'The statement was cancelled because the execution was stopped.',
		);
		// The server-side statement ends shortly after the cancel request.
		let stillRunning = 1;
		for (let attempt = 0; attempt < 50 && stillRunning > 0; attempt++) {
			const check = await connection.query({
				text: "SELECT count(*) AS c FROM pg_stat_activity WHERE query = 'SELECT pg_sleep(30)'",
			});
			stillRunning = Number(check.rows[0].c);
			if (stillRunning > 0) await new Promise((resolve) => setTimeout(resolve, 100));
		}
		expect(stillRunning).toBe(0);
	});
});
