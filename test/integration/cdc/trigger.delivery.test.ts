import type { IDataObject } from 'n8n-workflow';

import { UNCHANGED_TOAST } from '../../../nodes/shared/cdc/changeEvent';
import { useCdcDatabase } from './support/cdcDatabase';
import {
	closeTriggersAfterEach,
	commitLsnOf,
	confirmedFlush,
	dropSlots,
	startTrigger,
	summary,
	uniqueSlotName,
	waitForConfirmedFlush,
	waitForSlotInactive,
} from './triggerTestSupport';

/** The node, executed through a fake n8n context against the real embedded PostgreSQL. */
describe('Postgres CDC Trigger: delivery and acknowledgement', () => {
	const db = useCdcDatabase('cdc_trigger', {
		setup: ['CREATE TABLE orders (id int PRIMARY KEY, note text, amount numeric(12,2), big text)'],
		dropSlotsWith: dropSlots,
	});
	const running = closeTriggersAfterEach();

	const parameters = (slotName: string, extra: IDataObject = {}): IDataObject => ({
		capture: 'tables',
		tables: ['public.orders'],
		start: 'now',
		batching: 'transaction',
		...extra,
		options: {
			slotName,
			publicationName: slotName,
			acknowledge: 'afterSuccess',
			heartbeatSeconds: 0,
			...(extra.options as IDataObject | undefined),
		},
	});

	const start = async (slotName: string, extra: IDataObject = {}) => {
		db.trackSlot(slotName);
		const started = await startTrigger(db.connection, parameters(slotName, extra));
		running.push(started);
		return started;
	};

	it('delivers insert, update, delete and truncate, and acknowledges only after the run succeeded', async () => {
		const slotName = uniqueSlotName('cdc_ops');
		const { harness } = await start(slotName);
		const before = await confirmedFlush(db.client, slotName);

		await db.client.query("INSERT INTO orders VALUES (1, 'first', 10.50, NULL)");
		await db.client.query("UPDATE orders SET note = 'changed' WHERE id = 1");
		await db.client.query('DELETE FROM orders WHERE id = 1');
		await db.client.query('TRUNCATE orders');

		// One run in flight at a time (the default): each run starts after the previous one reported, and
		// before it reports the slot has not moved past the previous run's commit.
		const runs = [];
		let acknowledged = before!;
		for (let index = 0; index < 4; index++) {
			const run = (await harness.waitForRuns(index + 1))[index];
			const commit = commitLsnOf(run.items[0].json);
			expect(await confirmedFlush(db.client, slotName)).toEqual(acknowledged);
			expect(acknowledged < commit).toBe(true);
			run.succeed();
			acknowledged = await waitForConfirmedFlush(db.client, slotName, commit);
			runs.push(run);
		}
		// The session's first change of the table comes after the table's description (firstSight).
		expect(runs.map((run) => run.items.map((item) => summary(item.json)))).toEqual([
			['schema orders', 'c orders 1'],
			['u orders 1'],
			['d orders 1'],
			['t orders'],
		]);
		const insert = runs[0].items[1].json;
		expect(insert).toMatchObject({
			op: 'c',
			before: null,
			after: { id: '1', note: 'first', amount: '10.50', big: null },
			key: { id: '1' },
			source: { schema: 'public', table: 'orders', snapshot: false },
		});
		expect(runs[0].items[0].pairedItem).toBeUndefined();
		expect(runs[2].items[0].json).toMatchObject({ op: 'd', before: { id: '1' }, after: null });
		expect(runs[3].items[0].json).toMatchObject({
			op: 't',
			truncate: { cascade: false, restartIdentity: false },
		});
	});

	it('acknowledges only the contiguous prefix when runs finish out of order', async () => {
		const slotName = uniqueSlotName('cdc_order');
		const { harness } = await start(slotName, {
			options: { maxRunsInFlight: 3 },
		});
		for (const id of [11, 12, 13])
			await db.client.query('INSERT INTO orders (id, note) VALUES ($1, $2)', [id, `n${id}`]);
		const runs = await harness.waitForRuns(3);
		const commits = runs.map((run) => commitLsnOf(run.items[0].json));
		const start0 = await confirmedFlush(db.client, slotName);

		runs[2].succeed();
		runs[1].succeed();
		// Runs 2 and 3 succeeded but run 1 is still open: their positions wait. A fourth run can start
		// (room in flight) and is seen only after the tracker processed both outcomes.
		await db.client.query("INSERT INTO orders (id, note) VALUES (14, 'n14')");
		const [, , , fourth] = await harness.waitForRuns(4);
		expect(await confirmedFlush(db.client, slotName)).toEqual(start0);

		runs[0].succeed();
		await waitForConfirmedFlush(db.client, slotName, commits[2]);
		expect((await confirmedFlush(db.client, slotName))! < commitLsnOf(fourth.items[0].json)).toBe(
			true,
		);
		fourth.succeed();
		await waitForConfirmedFlush(db.client, slotName, commitLsnOf(fourth.items[0].json));
	});

	it('sends a failed run again (and nothing after it is acknowledged until it succeeds)', async () => {
		const slotName = uniqueSlotName('cdc_retry');
		const { harness } = await start(slotName);
		await db.client.query("INSERT INTO orders (id, note) VALUES (21, 'will fail once')");
		const [first] = await harness.waitForRuns(1);
		first.fail('Sink rejected the row');

		const [, again] = await harness.waitForRuns(2);
		// Sent again from the acknowledged position: a new session, so the description comes again too.
		expect(again.items.map((item) => summary(item.json))).toEqual(['schema orders', 'c orders 21']);
		expect(again.items[0].json.source).toEqual(first.items[0].json.source);
		expect(
			harness.logs.some(
				(line) => line.level === 'warn' && /Sink rejected the row/.test(line.message),
			),
		).toBe(true);

		again.succeed();
		await waitForConfirmedFlush(db.client, slotName, commitLsnOf(again.items[0].json));
	});

	it('treats a cancelled run (workflow timeout) like a failure: the changes come again', async () => {
		const slotName = uniqueSlotName('cdc_cancel');
		const { harness } = await start(slotName);
		await db.client.query("INSERT INTO orders (id, note) VALUES (31, 'cancelled once')");
		const [first] = await harness.waitForRuns(1);
		first.cancel();
		const [, again] = await harness.waitForRuns(2);
		expect(again.items.map((item) => summary(item.json))).toEqual(['schema orders', 'c orders 31']);
		again.succeed();
		await waitForConfirmedFlush(db.client, slotName, commitLsnOf(again.items[0].json));
	});

	it('after "the run finishes" acknowledges a failed run too', async () => {
		const slotName = uniqueSlotName('cdc_finish');
		const { harness } = await start(slotName, { options: { acknowledge: 'afterCompletion' } });
		await db.client.query("INSERT INTO orders (id, note) VALUES (41, 'fails, still acknowledged')");
		const [first] = await harness.waitForRuns(1);
		first.fail();
		await waitForConfirmedFlush(db.client, slotName, commitLsnOf(first.items[0].json));
	});

	it('"immediately" acknowledges without waiting for the run', async () => {
		const slotName = uniqueSlotName('cdc_now');
		const { harness } = await start(slotName, { options: { acknowledge: 'immediately' } });
		await db.client.query("INSERT INTO orders (id, note) VALUES (51, 'acknowledged at once')");
		const [first] = await harness.waitForRuns(1);
		await waitForConfirmedFlush(db.client, slotName, commitLsnOf(first.items[0].json));
	});

	it('a consumer killed between run and acknowledgement gets the batch again; after acknowledgement it does not', async () => {
		const slotName = uniqueSlotName('cdc_crash');
		const firstLife = await start(slotName);
		await db.client.query("INSERT INTO orders (id, note) VALUES (61, 'in flight at crash')");
		const [inFlight] = await firstLife.harness.waitForRuns(1);
		await firstLife.close(); // killed: the run never reported
		await waitForSlotInactive(db.client, slotName);

		const secondLife = await start(slotName);
		const [redelivered] = await secondLife.harness.waitForRuns(1);
		expect(redelivered.items.map((item) => item.json)).toEqual(
			inFlight.items.map((item) => item.json),
		);
		redelivered.succeed();
		await waitForConfirmedFlush(db.client, slotName, commitLsnOf(redelivered.items[0].json));
		await secondLife.close();
		await waitForSlotInactive(db.client, slotName);

		const thirdLife = await start(slotName);
		await db.client.query("INSERT INTO orders (id, note) VALUES (62, 'after restart')");
		const [next] = await thirdLife.harness.waitForRuns(1);
		expect(next.items.map((item) => summary(item.json))).toEqual(['schema orders', 'c orders 62']);
		next.succeed();
	});

	it('a run that succeeds while the trigger closes is still acknowledged (bounded drain)', async () => {
		const slotName = uniqueSlotName('cdc_drain');
		const { harness, close } = await start(slotName);
		await db.client.query("INSERT INTO orders (id, note) VALUES (71, 'finishes during close')");
		const [run] = await harness.waitForRuns(1);
		const closing = close();
		run.succeed();
		await closing;
		expect(await confirmedFlush(db.client, slotName)).toBeGreaterThanOrEqual(
			commitLsnOf(run.items[0].json),
		);
	});

	it('keeps the unchanged TOAST placeholder visible', async () => {
		const slotName = uniqueSlotName('cdc_toast');
		const { harness } = await start(slotName);
		const large = 'x'.repeat(200_000) + Math.random().toString(36);
		await db.client.query('INSERT INTO orders (id, note, big) VALUES (81, $1, $2)', [
			'toast',
			large,
		]);
		await db.client.query("UPDATE orders SET note = 'toast changed' WHERE id = 81");
		const [insert] = await harness.waitForRuns(1);
		expect((insert.items[1].json.after as IDataObject).big).toBe(large); // [0]: the description
		insert.succeed();
		const [, updateRun] = await harness.waitForRuns(2);
		const update = updateRun.items[0].json;
		expect((update.after as IDataObject).big).toBe(UNCHANGED_TOAST);
		expect(update.unchangedToastColumns).toEqual(['big']);
		updateRun.succeed();
	});

	it('after a lost db.connection, changes not yet acknowledged come again and a late outcome of an old run is ignored', async () => {
		const slotName = uniqueSlotName('cdc_lost');
		const { harness } = await start(slotName, {
			options: { maxRunsInFlight: 2 },
		});
		await db.client.query(
			"INSERT INTO orders (id, note) VALUES (91, 'in flight when the connection drops')",
		);
		const [before] = await harness.waitForRuns(1);
		const { rows } = await db.client.query<{ pid: number }>(
			'SELECT active_pid AS pid FROM pg_replication_slots WHERE slot_name = $1',
			[slotName],
		);
		await db.client.query('SELECT pg_terminate_backend($1)', [rows[0].pid]);

		const [, again] = await harness.waitForRuns(2);
		expect(again.items.map((item) => item.json)).toEqual(before.items.map((item) => item.json));
		// The old run reports success after the reconnect: it belongs to the old session and moves nothing.
		const position = await confirmedFlush(db.client, slotName);
		before.succeed();
		await db.client.query("INSERT INTO orders (id, note) VALUES (92, 'after the reconnect')");
		const [, , third] = await harness.waitForRuns(3);
		expect(summary(third.items[0].json)).toBe('c orders 92');
		expect(await confirmedFlush(db.client, slotName)).toEqual(position);

		again.succeed();
		third.succeed();
		await waitForConfirmedFlush(db.client, slotName, commitLsnOf(third.items[0].json));
		expect(harness.errors).toEqual([]);
	});
});
