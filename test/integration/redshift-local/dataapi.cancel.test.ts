import {
	BatchExecuteStatementCommand,
	CancelStatementCommand,
	DescribeStatementCommand,
	ExecuteStatementCommand,
	ValidationException,
} from '@aws-sdk/client-redshift-data';

import { connectPg, testServers } from '../../support/testServers';
import { startHarness, waitForStatement, type DataApiHarness } from './dataapiHarness';

const LIFECYCLE = ['SUBMITTED', 'PICKED', 'STARTED', 'FINISHED', 'FAILED', 'ABORTED'];

/** Statuses seen while polling must follow the documented order (some may pass between two polls). */
function inLifecycleOrder(seen: string[]): boolean {
	const positions = seen.map((status) => LIFECYCLE.indexOf(status));
	return positions.every(
		(position, index) => position >= 0 && (index === 0 || position > positions[index - 1]),
	);
}

describe('Data API: status transitions, CancelStatement and engine faults', () => {
	let harness: DataApiHarness;

	async function submit(Sql: string): Promise<string> {
		const { Id } = await harness.client.send(
			new ExecuteStatementCommand({ ...harness.target, Sql }),
		);
		return Id ?? '';
	}

	/** Polls until the statement is running in PostgreSQL. */
	async function untilStarted(id: string): Promise<string[]> {
		const seen: string[] = [];
		for (;;) {
			const { Status } = await harness.client.send(new DescribeStatementCommand({ Id: id }));
			if (seen[seen.length - 1] !== Status) seen.push(Status ?? '');
			if (Status === 'STARTED') return seen;
			await new Promise((resolve) => setTimeout(resolve, 10));
		}
	}

	beforeAll(async () => {
		harness = await startHarness('dataapi_cancel');
	});
	afterAll(async () => await harness.stop());

	it('moves a statement from SUBMITTED through STARTED to FINISHED', async () => {
		const output = await harness.client.send(
			new ExecuteStatementCommand({ ...harness.target, Sql: 'SELECT pg_sleep(0.5)' }),
		);
		const { description, seen } = await waitForStatement(harness.client, output.Id ?? '');
		expect(seen).toContain('STARTED');
		expect(seen[seen.length - 1]).toBe('FINISHED');
		expect(inLifecycleOrder(seen)).toBe(true);
		expect(description.Duration).toBeGreaterThan(500_000_000);
	});

	it('waits for the end with WaitTimeSeconds', async () => {
		const output = await harness.client.send(
			new ExecuteStatementCommand({ ...harness.target, Sql: 'SELECT 42', WaitTimeSeconds: 10 }),
		);
		expect(output.Status).toBe('FINISHED');
		expect(output.HasResultSet).toBe(true);
	});

	it('cancels a running pg_sleep: the backend stops and the statement is ABORTED', async () => {
		const id = await submit('SELECT pg_sleep(60)');
		const seen = await untilStarted(id);
		expect(inLifecycleOrder(seen)).toBe(true);
		const { RedshiftPid } = await harness.client.send(new DescribeStatementCommand({ Id: id }));
		const cancelled = await harness.client.send(new CancelStatementCommand({ Id: id }));
		expect(cancelled.Status).toBe(true);
		const { description } = await waitForStatement(harness.client, id);
		expect(description.Status).toBe('ABORTED');
		const sleeping = await harness.direct.query(
			"SELECT count(*) FROM pg_stat_activity WHERE pid = $1 AND state = 'active'",
			[RedshiftPid],
		);
		expect(sleeping.rows).toEqual([['0']]);
		await expect(
			harness.client.send(new CancelStatementCommand({ Id: id })),
		).rejects.toBeInstanceOf(ValidationException);
	});

	it('cancels a batch: the running statement stops and the earlier ones are rolled back', async () => {
		const { Id } = await harness.client.send(
			new BatchExecuteStatementCommand({
				...harness.target,
				Sqls: [
					'CREATE TABLE cancelled_batch (id int4)',
					'INSERT INTO cancelled_batch VALUES (1)',
					'SELECT pg_sleep(60)',
				],
			}),
		);
		const id = Id ?? '';
		await untilStarted(`${id}:3`);
		await harness.client.send(new CancelStatementCommand({ Id: id }));
		const { description } = await waitForStatement(harness.client, id);
		expect(description.Status).toBe('ABORTED');
		expect((description.SubStatements ?? []).map((sub) => sub.Status)).toEqual([
			'FINISHED',
			'FINISHED',
			'ABORTED',
		]);
		const table = await harness.direct.query("SELECT to_regclass('public.cancelled_batch')::text");
		expect(table.rows).toEqual([[null]]);
	});

	it('runs the engine fault hooks: a serializable isolation violation fails the statement', async () => {
		await waitForStatement(harness.client, await submit('CREATE TABLE contended (id int4)'));
		harness.faults.serializableViolationOn(/INSERT INTO contended/);
		const { description } = await waitForStatement(
			harness.client,
			await submit('INSERT INTO contended VALUES (1)'),
		);
		expect(description.Status).toBe('FAILED');
		expect(description.Error).toBe(
			'ERROR: 1023\nDETAIL: Serializable isolation violation on table - 100001, transactions forming the cycle are: 1, 2 (pid:1234)',
		);
		const retried = await waitForStatement(
			harness.client,
			await submit('INSERT INTO contended VALUES (1)'),
		);
		expect(retried.description.Status).toBe('FINISHED');
	});

	it('runs the engine fault hooks: a dropped connection fails the statement', async () => {
		harness.faults.dropConnectionAt(/DELETE FROM contended/);
		const { description } = await waitForStatement(
			harness.client,
			await submit('DELETE FROM contended'),
		);
		expect(description.Status).toBe('FAILED');
		expect(description.Error).toContain('server closed the connection unexpectedly');
		expect((await harness.direct.query('SELECT count(*) FROM contended')).rows).toEqual([['1']]);
	});
});

describe('Data API: stop', () => {
	it('cancels running statements and closes their connections', async () => {
		const harness = await startHarness('dataapi_stop');
		const { Id } = await harness.client.send(
			new ExecuteStatementCommand({
				...harness.target,
				Sql: 'SELECT pg_sleep(60)',
				SessionKeepAliveSeconds: 600,
			}),
		);
		let description = await harness.client.send(new DescribeStatementCommand({ Id }));
		while (description.Status !== 'STARTED') {
			await new Promise((resolve) => setTimeout(resolve, 10));
			description = await harness.client.send(new DescribeStatementCommand({ Id }));
		}
		const checker = await connectPg({ ...testServers().postgres, database: harness.database });
		try {
			await harness.stop();
			// A closed connection's backend leaves pg_stat_activity as it exits, just after the socket closes.
			const backendsOf = async (pid: number | undefined) =>
				(
					await checker.query('SELECT count(*)::int AS n FROM pg_stat_activity WHERE pid = $1', [
						pid,
					])
				).rows[0].n;
			let backends = await backendsOf(description.RedshiftPid);
			for (let poll = 0; backends !== 0 && poll < 100; poll++) {
				await new Promise((resolve) => setTimeout(resolve, 20));
				backends = await backendsOf(description.RedshiftPid);
			}
			expect(backends).toBe(0);
		} finally {
			await checker.end();
		}
	});
});
