import type { IDataObject } from 'n8n-workflow';

import type { TriggerTuning } from '../../../nodes/PostgresCdcTrigger/trigger/triggerEnvironment';
import type { EmittedRun } from '../../support/n8n/fakeTriggerFunctions';

import { useCdcDatabase } from './support/cdcDatabase';
import { slotState } from './streamSupport';
import {
	closeTriggersAfterEach,
	commitLsnOf,
	dropSlots,
	startTrigger,
	summary,
	TEST_TUNING,
	uniqueSlotName,
	waitForConfirmedFlush,
	type StartedTrigger,
} from './triggerTestSupport';

/** Waits for run `index` (0-based, in emit order) and returns it. */
async function runAt(trigger: StartedTrigger, index: number): Promise<EmittedRun> {
	return (await trigger.harness.waitForRuns(index + 1))[index];
}

/** Succeeds every run from `from` on until `count` items were delivered; returns their JSON in order. */
async function collect(
	trigger: StartedTrigger,
	count: number,
	from: number,
): Promise<IDataObject[]> {
	const items: IDataObject[] = [];
	for (let index = from; items.length < count; index++) {
		const run = await runAt(trigger, index);
		items.push(...run.items.map((item) => item.json));
		run.succeed();
	}
	return items;
}

describe('Postgres CDC Trigger: an initial snapshot survives failed runs and crashes', () => {
	const db = useCdcDatabase('cdc_snaprecovery', { dropSlotsWith: dropSlots });
	const running = closeTriggersAfterEach();

	const start = async (
		slotName: string,
		tables: string[],
		staticData: IDataObject = {},
		startMode: 'snapshot' | 'now' = 'snapshot',
		tuning: TriggerTuning = TEST_TUNING,
	) => {
		db.trackSlot(slotName);
		const started = await startTrigger(
			db.connection,
			{
				capture: 'tables',
				tables,
				start: startMode,
				batching: 'rows',
				maxRows: 2,
				options: {
					slotName,
					publicationName: slotName,
					maxWaitMs: 100,
					acknowledge: 'afterSuccess',
					heartbeatSeconds: 0,
				},
			},
			{ staticData },
			tuning,
		);
		running.push(started);
		return started;
	};

	it('sends a failed snapshot run again with backoff and goes on from it, on the same slot and snapshot', async () => {
		await db.client.query('CREATE TABLE parcels (id int PRIMARY KEY, label text)');
		await db.client.query(
			"INSERT INTO parcels SELECT g, 'parcel ' || g FROM generate_series(1, 5) g",
		);
		const slotName = uniqueSlotName('cdc_snapretry');
		const trigger = await start(slotName, ['public.parcels']);
		// Nothing is acknowledged during the snapshot: the slot's confirmed position is its consistent point.
		const consistentPoint = (await slotState(db.client, slotName))?.confirmedFlush;

		const first = await runAt(trigger, 0);
		// The table's description comes first, then its rows.
		expect(first.items.map((item) => summary(item.json))).toEqual([
			'schema parcels',
			'r parcels 1',
		]);
		// While the failed run waits for its retry, the table changes: the rest of the snapshot must still
		// come from the same exported snapshot (its transaction stays open), the changes from the stream.
		await db.client.query('DELETE FROM parcels WHERE id = 5');
		await db.client.query("INSERT INTO parcels VALUES (6, 'parcel 6')");
		first.fail('warehouse unreachable');
		const second = await runAt(trigger, 1);
		expect(second.items.map((item) => item.json)).toEqual(first.items.map((item) => item.json));
		second.fail('warehouse unreachable');
		const third = await runAt(trigger, 2);
		expect(third.items.map((item) => item.json)).toEqual(first.items.map((item) => item.json));
		third.succeed();

		const rest = await collect(trigger, 5, 3);
		expect(rest.map(summary)).toEqual([
			'r parcels 2',
			'r parcels 3',
			'r parcels 4',
			'r parcels 5',
			'snapshotEnd parcels',
		]);
		expect(rest[4].snapshotEnd).toEqual({ rows: 5 });
		const retries = trigger.harness.logs.filter((line) =>
			/A run of the initial snapshot did not succeed \(error: warehouse unreachable\); its 2 row\(s\) will be sent again/.test(
				line.message,
			),
		);
		expect(retries).toHaveLength(2);

		// Then the stream, from the slot's consistent point: the changes made during the retries.
		// The stream's session describes the table again before its first change (firstSight).
		const streamed = await collect(trigger, 3, trigger.harness.runs.length);
		expect(streamed.map(summary)).toEqual(['schema parcels', 'd parcels 5', 'c parcels 6']);
		await waitForConfirmedFlush(db.client, slotName, commitLsnOf(streamed[2]));

		// Never fatal (n8n would re-activate), never a new slot, the snapshot taken once and recorded.
		expect(trigger.harness.errors).toEqual([]);
		expect(
			trigger.harness.logs.filter((line) => /Created replication slot/.test(line.message)),
		).toHaveLength(1);
		expect(trigger.harness.logs.some((line) => /dropping the slot/.test(line.message))).toBe(false);
		expect((trigger.harness.savedNodeStaticData.cdcSnapshots as IDataObject)[slotName]).toBe(
			'done',
		);
		const successfulRows = trigger.harness.runs
			.filter((run) => run !== first && run !== second)
			.flatMap((run) => run.items.map((item) => item.json))
			.filter((json) => json.op === 'r');
		expect(successfulRows.map(summary)).toEqual([1, 2, 3, 4, 5].map((id) => `r parcels ${id}`));
		// One snapshot, at the first slot's consistent point.
		expect(new Set(successfulRows.map(commitLsnOf))).toEqual(new Set([consistentPoint]));
	});

	it('takes the snapshot when an activation stopped between creating the slot and n8n saving its state', async () => {
		await db.client.query('CREATE TABLE depots (id int PRIMARY KEY, city text)');
		await db.client.query("INSERT INTO depots VALUES (1, 'Ghent'), (2, 'Lyon')");
		const slotName = uniqueSlotName('cdc_snapcrash');
		// The crash: the slot was created, but n8n never saved the static data of that activation (it
		// saves it only after activation and with each run), so the next activation starts from {}.
		const crashed = await start(slotName, ['public.depots']);
		await runAt(crashed, 0);
		await crashed.close();

		const next = await start(slotName, ['public.depots'], {});
		const items = await collect(next, 4, 0);
		expect(items.map(summary)).toEqual([
			'schema depots',
			'r depots 1',
			'r depots 2',
			'snapshotEnd depots',
		]);
		expect(
			next.harness.logs.some((line) =>
				/has no completed initial snapshot recorded.*dropping the slot and taking the snapshot/.test(
					line.message,
				),
			),
		).toBe(true);
		await db.client.query("INSERT INTO depots VALUES (3, 'Turin')");
		const streamed = await collect(next, 2, next.harness.runs.length);
		expect(streamed.map(summary)).toEqual(['schema depots', 'c depots 3']);
		expect((next.harness.savedNodeStaticData.cdcSnapshots as IDataObject)[slotName]).toBe('done');
	});

	it('keeps a slot made by "Changes From Now" when Start later becomes "Initial Snapshot" (the snapshot is owed only to a new slot)', async () => {
		await db.client.query('CREATE TABLE lanes (id int PRIMARY KEY)');
		await db.client.query('INSERT INTO lanes VALUES (1)');
		const slotName = uniqueSlotName('cdc_snapnow');
		const first = await start(slotName, ['public.lanes'], {}, 'now');
		await db.client.query('INSERT INTO lanes VALUES (2)');
		expect((await collect(first, 2, 0)).map(summary)).toEqual(['schema lanes', 'c lanes 2']);
		await first.close();

		const second = await start(slotName, ['public.lanes'], first.harness.persistedStaticData);
		await db.client.query('INSERT INTO lanes VALUES (3)');
		expect((await collect(second, 2, 0)).map(summary)).toEqual(['schema lanes', 'c lanes 3']);
		expect(second.harness.logs.some((line) => /dropping the slot/.test(line.message))).toBe(false);
	});

	it("marks the end of each table's snapshot, an empty table's too, at the snapshot's position", async () => {
		await db.client.query('CREATE TABLE shelves (id int PRIMARY KEY)');
		await db.client.query('CREATE TABLE bins (id int PRIMARY KEY)');
		await db.client.query('INSERT INTO shelves SELECT generate_series(1, 3)');
		const slotName = uniqueSlotName('cdc_snapend');
		const trigger = await start(slotName, ['public.shelves', 'public.bins']);
		const items = await collect(trigger, 7, 0);
		expect(items.map(summary)).toEqual([
			'schema shelves',
			'r shelves 1',
			'r shelves 2',
			'r shelves 3',
			'snapshotEnd shelves',
			'schema bins',
			'snapshotEnd bins',
		]);
		expect(items.map((item) => (item.source as IDataObject).eventIndex)).toEqual([
			0, 1, 2, 3, 4, 5, 6,
		]);
		expect(items.map((item) => (item.source as IDataObject).snapshot)).toEqual([
			true,
			true,
			true,
			'last',
			true,
			true,
			true,
		]);
		expect(new Set(items.map(commitLsnOf)).size).toBe(1);
		// The source server, as on streamed events.
		const systemIds = items.map((item) => (item.source as IDataObject).systemId);
		expect(systemIds[0]).toMatch(/^\d+$/);
		expect(new Set(systemIds).size).toBe(1);
		expect(items[4]).toMatchObject({
			before: null,
			after: null,
			key: null,
			source: { schema: 'public', table: 'shelves', txId: null },
			snapshotEnd: { rows: 3 },
		});
		expect(items[6]).toMatchObject({
			source: { schema: 'public', table: 'bins' },
			snapshotEnd: { rows: 0 },
		});
	});

	it('spaces out the retakes of a snapshot whose reading failed, with growing delays, until one completes', async () => {
		await db.client.query('CREATE TABLE racks (id int PRIMARY KEY)');
		await db.client.query('INSERT INTO racks SELECT generate_series(1, 5)');
		const slotName = uniqueSlotName('cdc_snapread');
		const tuning = { ...TEST_TUNING, retryDelayMs: (failures: number) => failures * 150 };
		/** Ends the snapshot reader's session while it waits between chunks, as a lost connection would. */
		const killReader = async () => {
			for (const deadline = Date.now() + 20_000; ; ) {
				const { rows } = await db.client.query<{ pid: number }>(
					"SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND state = 'idle in transaction' AND pid <> pg_backend_pid()",
				);
				if (rows.length === 1) {
					await db.client.query('SELECT pg_terminate_backend($1)', [rows[0].pid]);
					return;
				}
				if (Date.now() > deadline)
					throw new Error('The snapshot reader never waited between chunks.');
				await new Promise((resolve) => setTimeout(resolve, 20));
			}
		};
		let staticData: IDataObject = {};
		for (const expectedDelay of [150, 300]) {
			const attempt = await start(slotName, ['public.racks'], staticData, 'snapshot', tuning);
			await runAt(attempt, 0);
			await killReader();
			(await runAt(attempt, 0)).succeed();
			const error = await attempt.harness.waitForError();
			expect(error.message).toMatch(
				/Reading the initial snapshot .* failed: .*taken again on a new slot/s,
			);
			const warning = attempt.harness.logs.find((line) =>
				/Reading the initial snapshot .* failed .*reports the error in \d+ ms/s.test(line.message),
			);
			expect(warning?.message).toMatch(new RegExp(`in ${expectedDelay} ms`));
			staticData = attempt.harness.persistedStaticData;
			await attempt.close();
		}
		const last = await start(slotName, ['public.racks'], staticData, 'snapshot', tuning);
		const items = await collect(last, 7, 0);
		expect(items.map(summary)).toEqual([
			'schema racks',
			'r racks 1',
			'r racks 2',
			'r racks 3',
			'r racks 4',
			'r racks 5',
			'snapshotEnd racks',
		]);
		expect(last.harness.errors).toEqual([]);
	});
});
