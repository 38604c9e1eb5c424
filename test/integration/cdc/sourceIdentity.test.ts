import type { IDataObject } from 'n8n-workflow';

import { identifyServer } from '../../../nodes/shared/cdc/replication/replicationConnection';
import { useCdcDatabase } from './support/cdcDatabase';
import { replicationOptions } from './streamSupport';
import {
	closeTriggersAfterEach,
	dropSlots,
	startTrigger,
	uniqueSlotName,
} from './triggerTestSupport';

/**
 * Every item says which server its position belongs to (source.systemId, source.timeline), so a
 * Sink can refuse positions from another server (a switchover to one with lower LSNs).
 */
describe('Postgres CDC Trigger: source identity on every item', () => {
	const db = useCdcDatabase('cdc_source_identity', {
		setup: ['CREATE TABLE accounts (id int PRIMARY KEY, name text)'],
		dropSlotsWith: dropSlots,
	});
	const running = closeTriggersAfterEach();

	/** What the server itself says, on an ordinary SQL connection. */
	const serverIdentity = async () => {
		const { rows } = await db.client.query<{ system_id: string; timeline: number }>(
			`SELECT (SELECT system_identifier::text FROM pg_control_system()) AS system_id,
			        (SELECT timeline_id FROM pg_control_checkpoint()) AS timeline`,
		);
		return { systemId: rows[0].system_id, timeline: Number(rows[0].timeline) };
	};

	it('carries the server system identifier and timeline on changes, messages and schema events', async () => {
		const slotName = db.trackSlot(uniqueSlotName('cdc_identity'));
		const trigger = await startTrigger(db.connection, {
			capture: 'tables',
			tables: ['public.accounts'],
			start: 'now',
			batching: 'transaction',
			options: {
				slotName,
				publicationName: slotName,
				acknowledge: 'afterSuccess',
				heartbeatSeconds: 0,
			},
		});
		running.push(trigger);
		await db.client.query("INSERT INTO accounts VALUES (1, 'streamed')");
		await db.client.query("SELECT pg_logical_emit_message(true, 'app', 'hello')");
		await db.client.query("SELECT pg_logical_emit_message(false, 'app', 'outside a transaction')");
		await db.client.query('ALTER TABLE accounts ADD COLUMN email text');
		await db.client.query("UPDATE accounts SET email = 'a@example.com' WHERE id = 1");
		await db.client.query('DELETE FROM accounts');

		const items: IDataObject[] = [];
		while (!items.some((item) => item.op === 'd')) {
			const runs = await trigger.harness.waitForRuns(trigger.harness.runs.length + 1);
			const run = runs[runs.length - 1];
			items.push(...run.items.map((item) => item.json));
			run.succeed();
		}
		// The first 'schema' is the table's description before its first change (firstSight).
		expect(items.map((item) => item.op)).toEqual(['schema', 'c', 'm', 'm', 'schema', 'u', 'd']);
		const server = await serverIdentity();
		for (const item of items) {
			expect({ op: item.op, source: item.source }).toMatchObject({ op: item.op, source: server });
		}
	});

	it('carries them on initial snapshot rows, descriptions and markers too', async () => {
		await db.client.query('CREATE TABLE seeded (id int PRIMARY KEY)');
		await db.client.query('INSERT INTO seeded VALUES (1), (2), (3)');
		const slotName = db.trackSlot(uniqueSlotName('cdc_identity_snap'));
		const trigger = await startTrigger(db.connection, {
			capture: 'tables',
			tables: ['public.seeded'],
			start: 'snapshot',
			batching: 'transaction',
			options: {
				slotName,
				publicationName: slotName,
				acknowledge: 'afterSuccess',
				heartbeatSeconds: 0,
			},
		});
		running.push(trigger);
		const items: IDataObject[] = [];
		while (!items.some((item) => item.op === 'snapshotEnd')) {
			const runs = await trigger.harness.waitForRuns(trigger.harness.runs.length + 1);
			const run = runs[runs.length - 1];
			items.push(...run.items.map((item) => item.json));
			run.succeed();
		}
		expect(items.map((item) => item.op)).toEqual(['schema', 'r', 'r', 'r', 'snapshotEnd']);
		const server = await serverIdentity();
		for (const item of items) {
			expect({ op: item.op, source: item.source }).toMatchObject({ op: item.op, source: server });
		}
	});

	it('reads the same identity before streaming starts (for snapshot rows)', async () => {
		const identity = await identifyServer(replicationOptions(db.connection));
		expect(identity).toMatchObject(await serverIdentity());
	});
});
