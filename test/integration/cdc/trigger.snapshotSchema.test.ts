import type { IDataObject } from 'n8n-workflow';

import type { EmittedRun } from '../../support/n8n/fakeTriggerFunctions';

import { useCdcDatabase } from './support/cdcDatabase';
import {
	closeTriggersAfterEach,
	commitLsnOf,
	dropSlots,
	slotExists,
	startTrigger,
	summary,
	uniqueSlotName,
	waitForConfirmedFlush,
	waitForSlotInactive,
	type StartedTrigger,
} from './triggerTestSupport';

/** Succeeds every run as it arrives until `count` items were delivered; returns all items' JSON in order. */
async function collect(
	trigger: StartedTrigger,
	count: number,
	from = 0,
): Promise<{ items: IDataObject[]; runs: EmittedRun[] }> {
	const items: IDataObject[] = [];
	const runs: EmittedRun[] = [];
	for (let index = from; items.length < count; index++) {
		const run = (await trigger.harness.waitForRuns(index + 1))[index];
		items.push(...run.items.map((item) => item.json));
		runs.push(run);
		run.succeed();
	}
	return { items, runs };
}

describe('Postgres CDC Trigger: initial snapshot and schema changes', () => {
	const db = useCdcDatabase('cdc_snapshot', {
		dropSlotsWith: dropSlots,
	});
	const running = closeTriggersAfterEach();

	const start = async (slotName: string, tables: string[], extra: IDataObject = {}) => {
		db.trackSlot(slotName);
		const { staticData, ...parameters } = extra;
		const started = await startTrigger(
			db.connection,
			{
				capture: 'tables',
				tables,
				batching: 'rows',
				maxRows: 3,
				options: {
					slotName,
					publicationName: slotName,
					maxWaitMs: 100,
					acknowledge: 'afterSuccess',
					heartbeatSeconds: 0,
				},
				...parameters,
			},
			{ staticData: (staticData as IDataObject | undefined) ?? {} },
		);
		running.push(started);
		return started;
	};

	it('reads the existing rows (op r), then streams later changes with no gap and no duplicate', async () => {
		await db.client.query(
			'CREATE TABLE customers (id int PRIMARY KEY, name text, balance numeric(10,2))',
		);
		await db.client.query(
			"INSERT INTO customers SELECT g, 'customer ' || g, g * 1.25 FROM generate_series(1, 7) g",
		);
		const slotName = uniqueSlotName('cdc_snap');
		const trigger = await start(slotName, ['public.customers'], { start: 'snapshot' });

		// While the snapshot is being read (its first run open, the reader waiting), the table changes: the
		// snapshot must still show the rows as of the slot's consistent point, and the stream the changes.
		await trigger.harness.waitForRuns(1);
		await db.client.query("UPDATE customers SET name = 'changed during snapshot' WHERE id = 7");
		await db.client.query("INSERT INTO customers VALUES (100, 'added during snapshot', 0)");
		const snapshot = await collect(trigger, 9);
		expect(snapshot.items.map(summary)).toEqual([
			'schema customers',
			...[1, 2, 3, 4, 5, 6, 7].map((id) => `r customers ${id}`),
			'snapshotEnd customers',
		]);
		// The table's description, with the source's types, before its rows.
		expect(
			(snapshot.items[0].schemaChange as { columns: IDataObject[] }).columns.map((column) => [
				column.name,
				column.formattedType,
				column.isKey,
			]),
		).toEqual([
			['id', 'integer', true],
			['name', 'text', false],
			['balance', 'numeric(10,2)', false],
		]);
		// With what the catalog says as of the snapshot: typmod facts, nullability and defaults.
		expect((snapshot.items[0].schemaChange as { columns: IDataObject[] }).columns).toEqual([
			expect.objectContaining({ name: 'id', nullable: false, default: null }),
			expect.objectContaining({ name: 'name', nullable: true, default: null }),
			expect.objectContaining({
				name: 'balance',
				precision: 10,
				scale: 2,
				nullable: true,
				default: null,
			}),
		]);
		expect(snapshot.items[8]).toMatchObject({
			snapshotEnd: { rows: 7 },
			source: { commitLsn: (snapshot.items[1].source as IDataObject).commitLsn, eventIndex: 8 },
		});
		expect((snapshot.items[7].after as IDataObject).name).toBe('customer 7');
		const during = await collect(trigger, 3, snapshot.runs.length);
		// The stream's session describes the table again before its first change (reason firstSight).
		expect(during.items.map(summary)).toEqual([
			'schema customers',
			'u customers 7',
			'c customers 100',
		]);
		expect(snapshot.items[0].schemaChange).toMatchObject({ reason: 'snapshot' });
		expect(during.items[0].schemaChange).toMatchObject({ reason: 'firstSight' });
		expect(snapshot.items[1]).toMatchObject({
			op: 'r',
			before: null,
			after: { id: '1', name: 'customer 1', balance: '1.25' },
			key: { id: '1' },
			source: { schema: 'public', table: 'customers', snapshot: true, txId: null },
		});
		expect((snapshot.items[7].source as IDataObject).snapshot).toBe('last');
		// Snapshot runs respect Max Rows.
		expect(snapshot.runs.map((run) => run.items.length)).toEqual([3, 3, 3]);

		await db.client.query("INSERT INTO customers VALUES (8, 'customer 8', 10)");
		await db.client.query("UPDATE customers SET name = 'renamed' WHERE id = 2");
		await db.client.query('DELETE FROM customers WHERE id = 3');
		const streamed = await collect(trigger, 3, snapshot.runs.length + during.runs.length);
		expect(streamed.items.map(summary)).toEqual([
			'c customers 8',
			'u customers 2',
			'd customers 3',
		]);
		await waitForConfirmedFlush(db.client, slotName, commitLsnOf(streamed.items[2]));
		// What n8n saved (static data is saved when a run starts): the snapshot is recorded as complete.
		expect((trigger.harness.savedNodeStaticData.cdcSnapshots as IDataObject)[slotName]).toBe(
			'done',
		);

		// A restart resumes from the slot: no second snapshot.
		await trigger.close();
		await waitForSlotInactive(db.client, slotName);
		const again = await start(slotName, ['public.customers'], {
			start: 'snapshot',
			staticData: trigger.harness.persistedStaticData,
		});
		await db.client.query("INSERT INTO customers VALUES (9, 'customer 9', 1)");
		const resumed = await collect(again, 2);
		expect(resumed.items.map(summary)).toEqual(['schema customers', 'c customers 9']);
	});

	it('takes the snapshot again on a new slot when the trigger stopped before the snapshot completed', async () => {
		await db.client.query('CREATE TABLE regions (id int PRIMARY KEY, name text)');
		await db.client.query("INSERT INTO regions VALUES (1, 'north'), (2, 'south')");
		const slotName = uniqueSlotName('cdc_snapstop');
		const first = await start(slotName, ['public.regions'], { start: 'snapshot' });
		await first.harness.waitForRuns(1); // left without an outcome: the snapshot is not complete
		expect((first.harness.savedNodeStaticData.cdcSnapshots as IDataObject)[slotName]).toBe(
			'pending',
		);
		await first.close();
		await waitForSlotInactive(db.client, slotName);

		const second = await start(slotName, ['public.regions'], {
			start: 'snapshot',
			staticData: first.harness.persistedStaticData,
		});
		const retaken = await collect(second, 4);
		expect(retaken.items.map(summary)).toEqual([
			'schema regions',
			'r regions 1',
			'r regions 2',
			'snapshotEnd regions',
		]);
		expect(
			second.harness.logs.some((line) => /did not complete; dropping the slot/.test(line.message)),
		).toBe(true);
		expect(await slotExists(db.client, slotName)).toBe(true);
	});

	it('emits schema events when a column is added or dropped while streaming, and keeps decoding', async () => {
		await db.client.query('CREATE TABLE products (id int PRIMARY KEY, title text)');
		const slotName = uniqueSlotName('cdc_schema');
		const trigger = await start(slotName, ['public.products'], {
			start: 'now',
			batching: 'transaction',
		});

		await db.client.query("INSERT INTO products VALUES (1, 'pen')");
		await db.client.query('ALTER TABLE products ADD COLUMN price numeric(8,2)');
		await db.client.query("INSERT INTO products VALUES (2, 'ink', 3.10)");
		await db.client.query('ALTER TABLE products DROP COLUMN title');
		await db.client.query('INSERT INTO products VALUES (3, 4.20)');

		const described = await collect(trigger, 6);
		const items = described.items.slice(1); // the first is the table's description (firstSight)
		expect(described.items[0].schemaChange).toMatchObject({ reason: 'firstSight' });
		expect(items.map((item) => item.op)).toEqual(['c', 'schema', 'c', 'schema', 'c']);
		const added = items[1].schemaChange as IDataObject;
		expect(added.reason).toBe('changed');
		expect(
			(added.addedColumns as IDataObject[]).map((column) => [column.name, column.formattedType]),
		).toEqual([['price', 'numeric(8,2)']]);
		expect(items[2].after).toEqual({ id: '2', title: 'ink', price: '3.10' });
		const dropped = items[3].schemaChange as IDataObject;
		expect((dropped.droppedColumns as IDataObject[]).map((column) => column.name)).toEqual([
			'title',
		]);
		expect(items[4].after).toEqual({ id: '3', price: '4.20' });
		expect(items[1].source).toMatchObject({ schema: 'public', table: 'products' });
	});

	it('tells a schema change made while the trigger was stopped, from the definitions kept at the acknowledged position', async () => {
		await db.client.query('CREATE TABLE suppliers (id int PRIMARY KEY, name text)');
		const slotName = uniqueSlotName('cdc_offline');
		const first = await start(slotName, ['public.suppliers'], {
			start: 'now',
			batching: 'transaction',
		});
		await db.client.query("INSERT INTO suppliers VALUES (1, 'acme')");
		await collect(first, 1);
		await waitForConfirmedFlush(db.client, slotName, 1n);
		await first.close();
		await waitForSlotInactive(db.client, slotName);
		// Saved when the run started, before it was acknowledged: the next activation applies what the
		// slot confirmed since.
		expect(Object.keys(first.harness.savedNodeStaticData.cdcRelations as IDataObject)).toEqual([
			slotName,
		]);

		await db.client.query('ALTER TABLE suppliers ADD COLUMN country text');
		await db.client.query("INSERT INTO suppliers VALUES (2, 'globex', 'NL')");
		const second = await start(slotName, ['public.suppliers'], {
			start: 'now',
			batching: 'transaction',
			staticData: first.harness.persistedStaticData,
		});
		const { items } = await collect(second, 2);
		expect(items.map((item) => item.op)).toEqual(['schema', 'c']);
		const change = items[0].schemaChange as IDataObject;
		// The new session's description of the table, carrying the change against the acknowledged one.
		expect(change.reason).toBe('firstSight');
		expect((change.addedColumns as IDataObject[]).map((column) => column.name)).toEqual([
			'country',
		]);
		expect(items[1].after).toEqual({ id: '2', name: 'globex', country: 'NL' });
	});
});
