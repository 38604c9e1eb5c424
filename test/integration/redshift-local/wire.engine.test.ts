import { Client, type QueryConfig } from 'pg';

import { RedshiftError, type StatementHandler } from '../../../redshift-local/engine/session';
import { startLocalRedshift, type LocalRedshiftForTests } from '../../support/localRedshift';

/**
 * A test-local handler stands in for Redshift's (COPY, UNLOAD…): `ENGINE_RECORD n` inserts n
 * through the session the front gives it and answers with rows and a notice; `ENGINE_FAIL n`
 * inserts n, then fails as a Redshift statement would.
 */
const testHandler: StatementHandler = async (sql, session) => {
	if (/^ENGINE_SLOW$/i.test(sql.trim())) {
		await session.query('SELECT pg_sleep(0.5)');
		return await session.query('SELECT 1 AS done');
	}
	const match = /^ENGINE_(RECORD|FAIL)\s+(\d+)$/i.exec(sql.trim());
	if (!match) return undefined;
	const [, action, value] = match;
	await session.query('INSERT INTO engine_log VALUES ($1)', [value]);
	if (action.toUpperCase() === 'FAIL') {
		throw new RedshiftError(
			`Load into table 'engine_log' failed for ${value}`,
			'XX000',
			`value ${value} is not allowed`,
		);
	}
	const status = session.transactionStatus();
	return {
		commandTag: 'SELECT 1',
		rowCount: 1,
		fields: [
			{ name: 'recorded', dataTypeID: 23 },
			{ name: 'status', dataTypeID: 25 },
		],
		rows: [[value, status]],
		notices: [`recorded ${value}`],
	};
};

describe('wire front: statements the engine handles run in the client session and transaction', () => {
	let local: LocalRedshiftForTests;
	let client: Client;
	const notices: string[] = [];

	const logged = async (): Promise<number[]> =>
		(await client.query('SELECT n FROM engine_log ORDER BY n')).rows.map(
			(row: { n: number }) => row.n,
		);

	beforeAll(async () => {
		local = await startLocalRedshift('wire_engine', { handlers: [testHandler], dataApi: false });
		client = new Client(local.pgConfig);
		await client.connect();
		client.on('notice', (notice) => notices.push(notice.message ?? ''));
		await client.query('CREATE TABLE engine_log (n int)');
	});
	afterAll(async () => {
		await client.end();
		await local.stop();
	});
	beforeEach(async () => {
		await client.query('TRUNCATE engine_log');
		notices.length = 0;
	});

	it('answers with the handler result: fields, rows, command tag and INFO notices', async () => {
		const result = await client.query('ENGINE_RECORD 1');
		expect(result.command).toBe('SELECT');
		expect(result.rows).toEqual([{ recorded: 1, status: 'idle' }]);
		expect(notices).toEqual(['recorded 1']);
		expect(await logged()).toEqual([1]);
	});

	it('runs inside the client transaction: ROLLBACK undoes what the handler did, COMMIT keeps it', async () => {
		await client.query('BEGIN');
		expect((await client.query('ENGINE_RECORD 2')).rows[0].status).toBe('inTransaction');
		await client.query('ROLLBACK');
		expect(await logged()).toEqual([]);
		await client.query('BEGIN');
		await client.query('ENGINE_RECORD 3');
		await client.query('COMMIT');
		expect(await logged()).toEqual([3]);
	});

	it('runs BEGIN; handled statement; plain statement; COMMIT sent as one query', async () => {
		const results = (await client.query(
			'BEGIN; ENGINE_RECORD 4; INSERT INTO engine_log VALUES (5); COMMIT;',
		)) as unknown as Array<{ command: string }>;
		expect(results.map((result) => result.command)).toEqual([
			'BEGIN',
			'SELECT',
			'INSERT',
			'COMMIT',
		]);
		expect(await logged()).toEqual([4, 5]);
	});

	it('treats several statements without BEGIN as one implicit transaction, as Redshift does', async () => {
		const results = (await client.query(
			'ENGINE_RECORD 6; SELECT count(*)::int AS n FROM engine_log',
		)) as unknown as Array<{
			rows: Array<Record<string, unknown>>;
		}>;
		expect(results[0].rows).toEqual([{ recorded: 6, status: 'inTransaction' }]);
		expect(results[1].rows).toEqual([{ n: 1 }]);
		await expect(client.query('ENGINE_RECORD 7; SELECT 1/0')).rejects.toThrow('division by zero');
		expect(await logged()).toEqual([6]);
		// The session is usable and outside any transaction afterwards.
		expect((await client.query('ENGINE_RECORD 8')).rows[0].status).toBe('idle');
	});

	it('reports a handler error with SQLSTATE, message and detail and leaves the transaction failed', async () => {
		await client.query('BEGIN');
		await client.query('ENGINE_RECORD 9');
		const failure = await client.query('ENGINE_FAIL 10').catch((error) => error);
		expect(failure).toMatchObject({
			code: 'XX000',
			message: "Load into table 'engine_log' failed for 10",
			detail: 'value 10 is not allowed',
		});
		await expect(client.query('SELECT 1')).rejects.toMatchObject({ code: '25P02' });
		await client.query('ROLLBACK');
		expect(await logged()).toEqual([]);
		await expect(client.query('ENGINE_FAIL 11')).rejects.toMatchObject({ code: 'XX000' });
		// Outside a transaction the handler's own insert committed, as an autocommit statement would.
		expect(await logged()).toEqual([11]);
	});

	it('handles statements sent with the extended protocol, unnamed and as named prepared statements', async () => {
		// node-postgres supports queryMode 'extended' (Parse/Bind/Execute without parameters); @types/pg lacks it.
		const extendedMode = { text: 'ENGINE_RECORD 12', queryMode: 'extended' } as QueryConfig;
		const unnamed = await client.query(extendedMode);
		expect(unnamed.rows).toEqual([{ recorded: 12, status: 'idle' }]);
		const named = { name: 'engine-record', text: '/* from a tool */ ENGINE_RECORD 13;' };
		expect((await client.query(named)).rows).toEqual([{ recorded: 13, status: 'idle' }]);
		expect((await client.query(named)).rows).toEqual([{ recorded: 13, status: 'idle' }]);
		// Ordinary prepared statements keep working around the engine's own statements.
		const plain = {
			name: 'plain-count',
			text: 'SELECT count(*)::int AS n FROM engine_log WHERE n = $1',
		};
		expect((await client.query({ ...plain, values: [13] })).rows).toEqual([{ n: 2 }]);
		await client.query('ENGINE_RECORD 14');
		expect((await client.query({ ...plain, values: [14] })).rows).toEqual([{ n: 1 }]);
		expect((await client.query('SELECT $1::text AS echo', ['after'])).rows).toEqual([
			{ echo: 'after' },
		]);
	});

	it('survives a client that disconnects while the engine runs its statement', async () => {
		const leaving = new Client(local.pgConfig);
		leaving.on('error', () => undefined);
		await leaving.connect();
		const running = leaving.query('ENGINE_SLOW').catch((error: Error) => error);
		await new Promise((resolve) => setTimeout(resolve, 100));
		(
			leaving as unknown as { connection: { stream: { destroy(): void } } }
		).connection.stream.destroy();
		expect(await running).toBeInstanceOf(Error);
		// The front goes on serving everyone else.
		expect((await client.query('ENGINE_RECORD 15')).rows).toEqual([
			{ recorded: 15, status: 'idle' },
		]);
	});

	it('prepares each session: the Redshift system schema is on the search_path', async () => {
		const { rows } = await client.query('SHOW search_path');
		expect(rows[0].search_path).toBe('"$user", public, redshift_system');
	});
});
