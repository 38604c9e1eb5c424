import { WireConnection } from '../../../nodes/shared/redshift/connection/wire/wireConnection';
import { freshDatabase } from '../../support/testServers';

/** The wire transport against a real PostgreSQL (the protocol Redshift speaks). */
describe('WireConnection', () => {
	let connection: WireConnection;

	beforeAll(async () => {
		const database = await freshDatabase('wire');
		connection = new WireConnection({ ...database, ssl: 'disable' });
		await connection.query({
			text: 'CREATE TABLE t (id int8 PRIMARY KEY, amount numeric(38,6), at timestamptz, ok boolean, n int4)',
		});
	});
	afterAll(async () => await connection.close());

	it('binds values as parameters and keeps precision', async () => {
		await connection.query({
			text: 'INSERT INTO t VALUES ($1, $2, $3, $4, $5)',
			values: [
				'9223372036854775807',
				'123456789012345678901234567890.123456',
				'2026-03-04T05:06:07.123456Z',
				true,
				7,
			],
		});
		const result = await connection.query({
			text: 'SELECT * FROM t WHERE id = $1',
			values: ['9223372036854775807'],
		});
		expect(result.rows).toEqual([
			{
				id: '9223372036854775807',
				amount: '123456789012345678901234567890.123456',
				at: '2026-03-04 05:06:07.123456+00',
				ok: true,
				n: 7,
			},
		]);
		expect(result.columns.map((column) => column.typeName)).toEqual([
			'int8',
			'numeric',
			'timestamptz',
			'bool',
			'int4',
		]);
	});

	it('commits all statements of a transaction or none', async () => {
		await expect(
			connection.transaction([
				{ text: 'INSERT INTO t (id) VALUES ($1)', values: [1] },
				{ text: 'INSERT INTO t (id) VALUES ($1)', values: [1] }, // duplicate key
			]),
		).rejects.toThrow('duplicate key');
		expect(
			(await connection.query({ text: 'SELECT count(*) AS c FROM t WHERE id = 1' })).rows,
		).toEqual([{ c: '0' }]);

		const results = await connection.transaction([
			{ text: 'INSERT INTO t (id) VALUES ($1), ($2)', values: [1, 2] },
			{ text: 'SELECT count(*) AS c FROM t WHERE id IN (1, 2)' },
		]);
		expect(results[0].rowCount).toBe(2);
		expect(results[1].rows).toEqual([{ c: '2' }]);
	});

	it('streams a result in pages through a server-side cursor', async () => {
		const pages: number[] = [];
		let total = 0;
		for await (const page of connection.stream(
			{ text: 'SELECT g AS n FROM generate_series(1, $1::int) g', values: [2500] },
			1000,
		)) {
			pages.push(page.length);
			total += page.reduce((sum, row) => sum + (row.n as number), 0);
		}
		expect(pages).toEqual([1000, 1000, 500]);
		expect(total).toBe((2500 * 2501) / 2);
	});

	it('closes the cursor transaction when the reader stops early', async () => {
		for await (const page of connection.stream(
			{ text: 'SELECT g FROM generate_series(1, 10) g' },
			3,
		)) {
			expect(page).toHaveLength(3);
			break;
		}
		// The pooled session is usable again: no transaction was left open on it.
		const result = await connection.transaction([{ text: 'SELECT 1 AS one' }]);
		expect(result[0].rows).toEqual([{ one: 1 }]);
	});

	it('cancels a running statement on the server when the signal aborts', async () => {
		const controller = new AbortController();
		const running = connection.query(
			{ text: 'SELECT pg_sleep(30)' },
			{ signal: controller.signal },
		);
		setTimeout(() => controller.abort(), 200);
		await expect(running).rejects.toThrow(/canceling statement due to user request/);
	});
});

describe('WireConnection when the server ends the session', () => {
	it('fails the statement without an unhandled error event', async () => {
		const database = await freshDatabase('wirekill');
		const connection = new WireConnection({ ...database, ssl: 'disable' });
		const admin = new WireConnection({ ...database, ssl: 'disable' });
		try {
			const running = connection.query({ text: 'SELECT pg_sleep(30)' });
			const outcome = running.then(
				() => 'finished',
				(error: Error) => error.message,
			);
			// Wait until the statement is running on the server, then end its session from outside.
			let terminated = 0;
			while (terminated === 0) {
				const result = await admin.query({
					text: "SELECT pg_terminate_backend(pid) AS done FROM pg_stat_activity WHERE query = 'SELECT pg_sleep(30)' AND pid <> pg_backend_pid()",
				});
				terminated = result.rows.length;
			}
			expect(await outcome).toMatch(/terminat/);
			// The pool replaces the broken client: the next statement works.
			expect((await connection.query({ text: 'SELECT 1 AS one' })).rows).toEqual([{ one: 1 }]);
		} finally {
			await connection.close();
			await admin.close();
		}
	});
});
