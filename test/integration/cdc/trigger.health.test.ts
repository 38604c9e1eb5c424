import type { IDataObject } from 'n8n-workflow';
import type { Client } from 'pg';

import { parseLsn } from '../../../nodes/shared/cdc/pgoutput/lsn';
import { useCdcDatabase } from './support/cdcDatabase';
import {
	closeTriggersAfterEach,
	dropSlots,
	startTrigger,
	summary,
	TEST_TUNING,
	uniqueSlotName,
	waitForConfirmedFlush,
} from './triggerTestSupport';

async function currentWal(client: Client): Promise<bigint> {
	const { rows } = await client.query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn');
	return parseLsn(rows[0].lsn);
}

describe('Postgres CDC Trigger: heartbeat and slot health', () => {
	const db = useCdcDatabase('cdc_health', {
		setup: [
			'CREATE TABLE watched (id int PRIMARY KEY)',
			'CREATE TABLE busy_elsewhere (id serial PRIMARY KEY, payload text)',
		],
		dropSlotsWith: dropSlots,
	});
	const running = closeTriggersAfterEach();

	it('lets the slot advance on heartbeats while the captured table is idle, without starting runs', async () => {
		const slotName = uniqueSlotName('cdc_beat');
		db.trackSlot(slotName);
		const trigger = await startTrigger(db.connection, {
			tables: ['public.watched'],
			batching: 'transaction',
			options: { slotName, publicationName: slotName, heartbeatSeconds: 1 },
		});
		running.push(trigger);
		// WAL grows from writes to a table the trigger does not capture.
		await db.client.query(
			"INSERT INTO busy_elsewhere (payload) SELECT repeat('x', 500) FROM generate_series(1, 2000)",
		);
		const written = await currentWal(db.client);
		await waitForConfirmedFlush(db.client, slotName, written);
		expect(trigger.harness.runs).toHaveLength(0);
	});

	it('warns in the log and in the items past the lag threshold', async () => {
		const slotName = uniqueSlotName('cdc_lag');
		db.trackSlot(slotName);
		const trigger = await startTrigger(
			db.connection,
			{
				tables: ['public.watched'],
				batching: 'transaction',
				options: {
					slotName,
					publicationName: slotName,
					heartbeatSeconds: 0,
					slotLagWarningMb: 1,
				},
			},
			{},
			{ ...TEST_TUNING, healthIntervalMs: 100 },
		);
		running.push(trigger);
		await db.client.query('INSERT INTO watched VALUES (1)');
		const [held] = await trigger.harness.waitForRuns(1);
		// The run stays open, so nothing is acknowledged while 2+ MB of WAL is written elsewhere.
		await db.client.query(
			"INSERT INTO busy_elsewhere (payload) SELECT repeat('y', 1000) FROM generate_series(1, 3000)",
		);
		const deadline = Date.now() + 20_000;
		const lagWarning = () =>
			trigger.harness.logs.find(
				(line) => line.level === 'warn' && /is .* behind \(threshold 1\.0 MiB\)/.test(line.message),
			);
		while (!lagWarning() && Date.now() < deadline)
			await new Promise((resolve) => setTimeout(resolve, 50));
		expect(lagWarning()?.message).toMatch(
			new RegExp(`Replication slot "${slotName}" is .* behind`),
		);

		held.succeed();
		await db.client.query('INSERT INTO watched VALUES (2)');
		const [, next] = await trigger.harness.waitForRuns(2);
		expect(summary(next.items[0].json)).toBe('c watched 2');
		expect(next.items[0].json.$meta).toBeUndefined();
		const health = next.items[0].json.slotHealth as IDataObject;
		expect(health.slot).toBe(slotName);
		expect((health.warnings as string[]).join(' ')).toMatch(/behind/);
		next.succeed();
	});
});
