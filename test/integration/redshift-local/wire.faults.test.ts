import { Client } from 'pg';

import type { StatementHandler } from '../../../redshift-local/engine/session';
import { startLocalRedshift, type LocalRedshiftForTests } from '../../support/localRedshift';
import { connectPg, testServers } from '../../support/testServers';
import { waitFor } from './support/waitFor';

/** Stands in for the COPY handler: consults the COPY fault hook as the real one does, then loads one row. */
const copyLikeHandler: StatementHandler = async (sql, session, context) => {
	const match = /^TEST_COPY\s+(\d+)$/i.exec(sql.trim());
	if (!match) return undefined;
	context.faults.beforeCopy();
	await session.query('INSERT INTO accounts (id, balance) VALUES ($1, 0)', [match[1]]);
	return { commandTag: 'COPY 1', rowCount: 1, fields: [], rows: [] };
};

describe('wire front: fault hooks', () => {
	let local: LocalRedshiftForTests;
	let client: Client;

	const connect = async (): Promise<Client> => {
		const connected = new Client(local.pgConfig);
		// A dropped connection is an 'error' event on an idle client; the tests assert on the query instead.
		connected.on('error', () => undefined);
		await connected.connect();
		return connected;
	};
	const accountIds = async (): Promise<number[]> =>
		(await client.query('SELECT id FROM accounts ORDER BY id')).rows.map(
			(row: { id: number }) => row.id,
		);

	beforeAll(async () => {
		local = await startLocalRedshift('wire_faults', {
			handlers: [copyLikeHandler],
			dataApi: false,
		});
		client = await connect();
		await client.query('CREATE TABLE accounts (id int PRIMARY KEY, balance int NOT NULL)');
	});
	afterAll(async () => {
		await client.end();
		await local.stop();
	});
	beforeEach(async () => {
		local.faults.reset();
		await client.query('TRUNCATE accounts');
	});

	it('drops the connection at the chosen statement without running it; the open transaction rolls back', async () => {
		const victim = await connect();
		const { rows } = await victim.query('SELECT pg_backend_pid() AS pid');
		await victim.query('BEGIN');
		await victim.query('INSERT INTO accounts VALUES (1, 100)');
		local.faults.dropConnectionAt(/INSERT INTO accounts VALUES \(2/);
		await expect(victim.query('INSERT INTO accounts VALUES (2, 200)')).rejects.toThrow(
			/Connection terminated/,
		);
		// The backend session ends, so PostgreSQL rolls the transaction back and releases its locks.
		const direct = await connectPg({ ...testServers().postgres, database: local.database });
		try {
			await waitFor(async () => {
				const active = await direct.query('SELECT 1 FROM pg_stat_activity WHERE pid = $1', [
					rows[0].pid,
				]);
				return active.rowCount === 0;
			});
		} finally {
			await direct.end();
		}
		expect(await accountIds()).toEqual([]);
		// The fault fires once: the same statement on a new connection runs.
		await client.query('INSERT INTO accounts VALUES (2, 200)');
		expect(await accountIds()).toEqual([2]);
	});

	it('drops the connection at a parameterised (extended protocol) statement', async () => {
		const victim = await connect();
		local.faults.dropConnectionAt(/UPDATE accounts/);
		await expect(victim.query('UPDATE accounts SET balance = $1', [5])).rejects.toThrow(
			/Connection terminated/,
		);
	});

	it('raises the serializable isolation violation (1023) and aborts the transaction', async () => {
		await client.query('INSERT INTO accounts VALUES (3, 300)');
		local.faults.serializableViolationOn(/UPDATE accounts/);
		await client.query('BEGIN');
		await client.query('INSERT INTO accounts VALUES (4, 400)');
		const violation = await client
			.query('UPDATE accounts SET balance = balance + 1')
			.catch((error) => error);
		expect(violation).toMatchObject({
			code: 'XX000',
			message: '1023',
			detail: expect.stringContaining('Serializable isolation violation on table'),
		});
		await expect(client.query('SELECT 1')).rejects.toMatchObject({ code: '25P02' });
		await client.query('ROLLBACK');
		expect(await accountIds()).toEqual([3]);
		// Once per arming: the retry succeeds.
		await client.query('UPDATE accounts SET balance = balance + 1');
		expect((await client.query('SELECT balance FROM accounts')).rows).toEqual([{ balance: 301 }]);
	});

	it('raises 1023 on parameterised statements, named or not, as many times as armed', async () => {
		local.faults.serializableViolationOn(/INSERT INTO accounts/, 2);
		const insert = { name: 'insert-account', text: 'INSERT INTO accounts VALUES ($1, $2)' };
		await expect(client.query({ ...insert, values: [5, 500] })).rejects.toMatchObject({
			message: '1023',
		});
		await expect(
			client.query('INSERT INTO accounts VALUES ($1, $2)', [6, 600]),
		).rejects.toMatchObject({
			message: '1023',
		});
		await client.query({ ...insert, values: [5, 500] });
		await client.query({ ...insert, values: [7, 700] });
		expect(await accountIds()).toEqual([5, 7]);
	});

	it('raises 1023 inside a multi-statement query and rolls back its implicit transaction', async () => {
		local.faults.serializableViolationOn(/UPDATE accounts/);
		await expect(
			client.query('INSERT INTO accounts VALUES (8, 800); UPDATE accounts SET balance = 0'),
		).rejects.toMatchObject({ message: '1023' });
		expect(await accountIds()).toEqual([]);
	});

	it('fails the Nth COPY once, through the COPY fault hook', async () => {
		local.faults.failCopy(2);
		await client.query('TEST_COPY 10');
		await expect(client.query('TEST_COPY 11')).rejects.toMatchObject({
			code: 'XX000',
			message: 'Injected failure of COPY number 2',
		});
		await client.query('TEST_COPY 12');
		expect(await accountIds()).toEqual([10, 12]);
	});
});
