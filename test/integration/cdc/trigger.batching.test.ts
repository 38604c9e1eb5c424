import type { IDataObject } from 'n8n-workflow';

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
} from './triggerTestSupport';

describe('Postgres CDC Trigger: batching', () => {
	const db = useCdcDatabase('cdc_batching', {
		setup: [
			'CREATE TABLE items (id int PRIMARY KEY, label text)',
			'CREATE TABLE lines (id int PRIMARY KEY, item_id int, qty int)',
		],
		dropSlotsWith: dropSlots,
	});
	const running = closeTriggersAfterEach();

	const start = async (extra: IDataObject) => {
		const slotName = uniqueSlotName('cdc_batch');
		db.trackSlot(slotName);
		const started = await startTrigger(db.connection, {
			capture: 'tables',
			tables: ['public.items', 'public.lines'],
			start: 'now',
			...extra,
			options: {
				slotName,
				publicationName: slotName,
				acknowledge: 'afterSuccess',
				heartbeatSeconds: 0,
				...(extra.options as IDataObject | undefined),
			},
		});
		running.push(started);
		return { ...started, slotName };
	};

	it('one run per transaction keeps a multi-table transaction together, in commit order', async () => {
		const { harness } = await start({ batching: 'transaction', maxRows: 2 });
		await db.client.query('BEGIN');
		await db.client.query("INSERT INTO items VALUES (1, 'chair'), (2, 'table'), (3, 'lamp')");
		await db.client.query('INSERT INTO lines VALUES (10, 1, 4), (11, 2, 1)');
		await db.client.query('COMMIT');
		await db.client.query("INSERT INTO items VALUES (4, 'desk')");

		const [first] = await harness.waitForRuns(1);
		// Each table's first change in the session comes after the table's description (firstSight).
		expect(first.items.map((item) => summary(item.json))).toEqual([
			'schema items',
			'c items 1',
			'c items 2',
			'c items 3',
			'schema lines',
			'c lines 10',
			'c lines 11',
		]);
		const txIds = new Set(first.items.map((item) => (item.json.source as IDataObject).txId));
		expect(txIds.size).toBe(1);
		expect(first.items.map((item) => (item.json.source as IDataObject).eventIndex)).toEqual([
			0, 1, 2, 3, 4, 5, 6,
		]);
		first.succeed();
		const [, second] = await harness.waitForRuns(2);
		expect(second.items.map((item) => summary(item.json))).toEqual(['c items 4']);
		second.succeed();
	});

	it('by rows: a transaction larger than Max Rows spans runs, and its commit is acknowledged only after the last one', async () => {
		const { harness, slotName } = await start({
			batching: 'rows',
			maxRows: 2,
			options: { maxWaitMs: 200 },
		});
		const startLsn = await confirmedFlush(db.client, slotName);
		await db.client.query(
			"INSERT INTO items SELECT g, 'bulk ' || g FROM generate_series(100, 104) g",
		);

		const [first] = await harness.waitForRuns(1);
		// The table's description (firstSight) counts as one of the run's rows.
		expect(first.items.map((item) => summary(item.json))).toEqual(['schema items', 'c items 100']);
		first.succeed();
		const [, second] = await harness.waitForRuns(2);
		expect(second.items.map((item) => summary(item.json))).toEqual(['c items 101', 'c items 102']);
		// Two runs of the transaction succeeded, its last row has not: the commit is not acknowledged.
		expect(await confirmedFlush(db.client, slotName)).toEqual(startLsn);
		second.succeed();
		const [, , third] = await harness.waitForRuns(3);
		expect(third.items.map((item) => summary(item.json))).toEqual(['c items 103', 'c items 104']);
		expect(await confirmedFlush(db.client, slotName)).toEqual(startLsn);
		third.succeed();
		await waitForConfirmedFlush(db.client, slotName, commitLsnOf(third.items[0].json));
	});

	it('by rows: small transactions share a run cut by Max Wait', async () => {
		const { harness } = await start({ batching: 'rows', maxRows: 50, options: { maxWaitMs: 300 } });
		await db.client.query("INSERT INTO items VALUES (200, 'a')");
		await db.client.query("INSERT INTO items VALUES (201, 'b')");
		await db.client.query("UPDATE items SET label = 'b2' WHERE id = 201");
		const [run] = await harness.waitForRuns(1);
		// Max Wait may cut after any of the three commits; the union of runs is exact and in order.
		run.succeed();
		const all = [...run.items];
		for (let index = 1; all.length < 4; index++) {
			const next = (await harness.waitForRuns(index + 1))[index];
			all.push(...next.items);
			next.succeed();
		}
		expect(all.map((item) => summary(item.json))).toEqual([
			'schema items',
			'c items 200',
			'c items 201',
			'u items 201',
		]);
	});

	it('filters operations that were not chosen', async () => {
		const { harness } = await start({ batching: 'transaction', operations: ['insert', 'delete'] });
		await db.client.query("INSERT INTO items VALUES (300, 'kept')");
		await db.client.query("UPDATE items SET label = 'not delivered' WHERE id = 300");
		await db.client.query('DELETE FROM items WHERE id = 300');
		const [insert] = await harness.waitForRuns(1);
		insert.succeed();
		const [, remove] = await harness.waitForRuns(2);
		expect([insert, remove].map((run) => run.items.map((item) => summary(item.json)))).toEqual([
			['schema items', 'c items 300'],
			['d items 300'],
		]);
		remove.succeed();
	});

	it('delivers a 100 000-row transaction completely, in order, across runs', async () => {
		const { harness, slotName } = await start({
			batching: 'rows',
			maxRows: 10_000,
			options: { maxWaitMs: 200, maxRunsInFlight: 4 },
		});
		await db.client.query(
			'INSERT INTO lines SELECT g, 1, g FROM generate_series(100000, 199999) g',
		);
		const ids: unknown[] = [];
		for (let index = 0; ids.length < 100_000; index++) {
			const run = (await harness.waitForRuns(index + 1))[index];
			// Skips the table's description (firstSight) that comes before its first row.
			const rows = run.items.filter((item) => item.json.op !== 'schema');
			ids.push(...rows.map((item) => (item.json.after as IDataObject).id));
			run.succeed();
		}
		expect(ids).toHaveLength(100_000);
		expect(ids.every((id, index) => Number(id) === 100_000 + index)).toBe(true);
		const last = harness.runs.at(-1)!;
		await waitForConfirmedFlush(db.client, slotName, commitLsnOf(last.items[0].json));
	});
});
