import {
	BatchExecuteStatementCommand,
	DescribeStatementCommand,
	ExecuteStatementCommand,
	GetStatementResultCommand,
	ResourceNotFoundException,
	ValidationException,
} from '@aws-sdk/client-redshift-data';

import { startHarness, waitForStatement, type DataApiHarness } from './dataapiHarness';

describe('Data API: BatchExecuteStatement and sessions', () => {
	let harness: DataApiHarness;

	async function batch(
		Sqls: string[],
		extra: Partial<{ ExecutionMode: 'TRANSACTION' | 'AUTO_COMMIT' }> = {},
	) {
		const { Id } = await harness.client.send(
			new BatchExecuteStatementCommand({ ...harness.target, Sqls, ...extra }),
		);
		return (await waitForStatement(harness.client, Id ?? '')).description;
	}

	async function count(table: string): Promise<string | null> {
		return (await harness.direct.query(`SELECT count(*) FROM ${table}`)).rows[0][0];
	}

	beforeAll(async () => {
		harness = await startHarness('dataapi_batch');
	});
	afterAll(async () => await harness.stop());

	it('runs the statements in order and keeps each sub-statement result under its own id', async () => {
		const description = await batch([
			'CREATE TABLE ledger (id int4 NOT NULL, amount numeric(10,2))',
			"INSERT INTO ledger VALUES (1, '10.50'), (2, '20.25')",
			'SELECT id, amount FROM ledger ORDER BY id',
		]);
		expect(description).toMatchObject({
			Status: 'FINISHED',
			HasResultSet: true,
			RedshiftQueryId: 0,
			ResultRows: -1,
		});
		expect(description.QueryString).toBeUndefined();
		expect(description.RedshiftPid).toBeGreaterThan(0);
		const subs = description.SubStatements ?? [];
		expect(subs.map((sub) => [sub.Id, sub.Status, sub.HasResultSet, sub.ResultRows])).toEqual([
			[`${description.Id}:1`, 'FINISHED', false, 0],
			[`${description.Id}:2`, 'FINISHED', false, 2],
			[`${description.Id}:3`, 'FINISHED', true, 2],
		]);
		expect(subs.every((sub) => (sub.RedshiftQueryId ?? 0) > 0)).toBe(true);
		expect(subs[2].QueryString).toBe('SELECT id, amount FROM ledger ORDER BY id');

		const rows = await harness.client.send(
			new GetStatementResultCommand({ Id: `${description.Id}:3` }),
		);
		expect(rows.Records).toEqual([
			[{ longValue: 1 }, { stringValue: '10.50' }],
			[{ longValue: 2 }, { stringValue: '20.25' }],
		]);
		await expect(
			harness.client.send(new GetStatementResultCommand({ Id: description.Id })),
		).rejects.toThrow('BatchExecuteStatement result can only be retrieved with sub-statement id.');
		const second = await harness.client.send(
			new DescribeStatementCommand({ Id: `${description.Id}:2` }),
		);
		expect(second).toMatchObject({ Id: `${description.Id}:2`, Status: 'FINISHED', ResultRows: 2 });
		expect(second.QueryString).toBe("INSERT INTO ledger VALUES (1, '10.50'), (2, '20.25')");
	});

	it('is all or nothing: a failing third statement rolls the first two back', async () => {
		const description = await batch([
			"INSERT INTO ledger VALUES (3, '1.00')",
			'UPDATE ledger SET amount = 0',
			'INSERT INTO missing_table VALUES (1)',
			"INSERT INTO ledger VALUES (4, '4.00')",
		]);
		expect(description.Status).toBe('FAILED');
		expect(description.Error).toBe('ERROR: relation "missing_table" does not exist');
		expect((description.SubStatements ?? []).map((sub) => sub.Status)).toEqual([
			'FINISHED',
			'FINISHED',
			'FAILED',
			'ABORTED',
		]);
		expect(description.SubStatements?.[2].Error).toBe(
			'ERROR: relation "missing_table" does not exist',
		);
		const rows = await harness.direct.query('SELECT id, amount FROM ledger ORDER BY id');
		expect(rows.rows).toEqual([
			['1', '10.50'],
			['2', '20.25'],
		]);
	});

	it('commits each statement on its own in AUTO_COMMIT mode', async () => {
		const description = await batch(
			[
				"INSERT INTO ledger VALUES (5, '5.00')",
				'SELECT 1/0',
				"INSERT INTO ledger VALUES (6, '6.00')",
			],
			{ ExecutionMode: 'AUTO_COMMIT' },
		);
		expect(description.Status).toBe('FAILED');
		expect(description.ExecutionMode).toBe('AUTO_COMMIT');
		expect((description.SubStatements ?? []).map((sub) => sub.Status)).toEqual([
			'FINISHED',
			'FAILED',
			'FINISHED',
		]);
		expect(await count('ledger')).toBe('4');
	});

	it('shares Parameters across the statements of a batch', async () => {
		const { Id } = await harness.client.send(
			new BatchExecuteStatementCommand({
				...harness.target,
				Sqls: [
					'INSERT INTO ledger VALUES (:id, :amount)',
					'SELECT amount FROM ledger WHERE id = :id',
				],
				Parameters: [
					{ name: 'id', value: '7' },
					{ name: 'amount', value: '7.77' },
				],
			}),
		);
		const { description } = await waitForStatement(harness.client, Id ?? '');
		expect(description.Status).toBe('FINISHED');
		const result = await harness.client.send(new GetStatementResultCommand({ Id: `${Id}:2` }));
		expect(result.Records).toEqual([[{ stringValue: '7.77' }]]);
	});

	it('keeps a session alive across calls: temporary tables and an open transaction', async () => {
		const first = await harness.client.send(
			new ExecuteStatementCommand({
				...harness.target,
				Sql: 'CREATE TEMPORARY TABLE scratch (id int4)',
				SessionKeepAliveSeconds: 60,
			}),
		);
		expect(first.SessionId).toMatch(/^[0-9a-f-]{36}$/);
		await waitForStatement(harness.client, first.Id ?? '');
		const inSession = async (Sql: string) => {
			const output = await harness.client.send(
				new ExecuteStatementCommand({ Sql, SessionId: first.SessionId }),
			);
			expect(output.SessionId).toBe(first.SessionId);
			return (await waitForStatement(harness.client, output.Id ?? '')).description;
		};
		expect((await inSession('INSERT INTO scratch VALUES (1), (2)')).ResultRows).toBe(2);
		await inSession('BEGIN');
		await inSession("INSERT INTO ledger VALUES (8, '8.00')");
		await inSession('ROLLBACK');
		const scratch = await inSession('SELECT count(*) FROM scratch');
		expect(scratch.SessionId).toBe(first.SessionId);
		const result = await harness.client.send(new GetStatementResultCommand({ Id: scratch.Id }));
		expect(result.Records).toEqual([[{ longValue: 2 }]]);
		expect((await harness.direct.query('SELECT count(*) FROM ledger WHERE id = 8')).rows).toEqual([
			['0'],
		]);
	});

	it('refuses a second statement on a busy session and an unknown session', async () => {
		const first = await harness.client.send(
			new ExecuteStatementCommand({
				...harness.target,
				Sql: 'SELECT pg_sleep(1)',
				SessionKeepAliveSeconds: 60,
			}),
		);
		await expect(
			harness.client.send(
				new ExecuteStatementCommand({ Sql: 'SELECT 1', SessionId: first.SessionId }),
			),
		).rejects.toBeInstanceOf(ValidationException);
		await waitForStatement(harness.client, first.Id ?? '');
		const later = await harness.client.send(
			new ExecuteStatementCommand({ Sql: 'SELECT 1', SessionId: first.SessionId }),
		);
		expect((await waitForStatement(harness.client, later.Id ?? '')).description.Status).toBe(
			'FINISHED',
		);
		await expect(
			harness.client.send(
				new ExecuteStatementCommand({
					Sql: 'SELECT 1',
					SessionId: '1b3e6a3c-0000-4000-8000-000000000000',
				}),
			),
		).rejects.toBeInstanceOf(ResourceNotFoundException);
	});
});
