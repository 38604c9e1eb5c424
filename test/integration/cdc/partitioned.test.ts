import type { IDataObject } from 'n8n-workflow';

import { createEventFilter } from '../../../nodes/PostgresCdcTrigger/trigger/eventFilter';
import type { CdcEvent } from '../../../nodes/shared/cdc/changeEvent';
import { readPartitionLeaves } from '../../../nodes/shared/cdc/slots/partitions';
import {
	ensurePublication,
	readPublication,
	verifyPublication,
} from '../../../nodes/shared/cdc/slots/publication';
import { useCdcDatabase } from './support/cdcDatabase';
import {
	closeTriggersAfterEach,
	dropSlots,
	startTrigger,
	summary,
	uniqueSlotName,
	type StartedTrigger,
} from './triggerTestSupport';

/** Succeeds every run until `count` items arrived; returns their JSON in order. */
async function collect(trigger: StartedTrigger, count: number): Promise<IDataObject[]> {
	const items: IDataObject[] = [];
	for (let index = 0; items.length < count; index++) {
		const run = (await trigger.harness.waitForRuns(index + 1))[index];
		items.push(...run.items.map((item) => item.json));
		run.succeed();
	}
	return items;
}

/** Succeeds every run from `firstRun` on until the items so far satisfy `done`; `runs` says how many were taken. */
async function collectUntil(
	trigger: StartedTrigger,
	done: (items: IDataObject[]) => boolean,
	firstRun = 0,
): Promise<IDataObject[] & { runs: number }> {
	const items: IDataObject[] = [];
	let index = firstRun;
	while (!done(items)) {
		const run = (await trigger.harness.waitForRuns(index + 1))[index];
		items.push(...run.items.map((item) => item.json));
		run.succeed();
		index += 1;
	}
	return Object.assign(items, { runs: index });
}

/** Partitioned tables: every partition's change reaches the workflow under the selected table's name. */
describe('Postgres CDC Trigger: partitioned tables', () => {
	const db = useCdcDatabase('cdc_partitioned', {
		dropSlotsWith: dropSlots,
		setup: [
			'CREATE SCHEMA metrics',
			'CREATE TABLE metrics.readings (id int, region text, v text, PRIMARY KEY (id, region)) PARTITION BY LIST (region)',
			"CREATE TABLE metrics.readings_eu PARTITION OF metrics.readings FOR VALUES IN ('eu')",
			// Two levels deep: a partition that is itself partitioned.
			"CREATE TABLE metrics.readings_us PARTITION OF metrics.readings FOR VALUES IN ('us-east', 'us-west') PARTITION BY LIST (region)",
			"CREATE TABLE metrics.readings_us_east PARTITION OF metrics.readings_us FOR VALUES IN ('us-east')",
			"CREATE TABLE metrics.readings_us_west PARTITION OF metrics.readings_us FOR VALUES IN ('us-west')",
		],
	});
	const running = closeTriggersAfterEach();
	const readings = { schema: 'metrics', table: 'readings' };

	const start = async (slotName: string, parameters: IDataObject) => {
		db.trackSlot(slotName);
		const { options, ...rest } = parameters;
		const started = await startTrigger(db.connection, {
			capture: 'tables',
			tables: ['metrics.readings'],
			batching: 'rows',
			maxRows: 10,
			...rest,
			options: {
				slotName,
				maxWaitMs: 100,
				acknowledge: 'afterSuccess',
				heartbeatSeconds: 0,
				...(options as IDataObject | undefined),
			},
		});
		running.push(started);
		return started;
	};

	const insertIntoEveryPartition = async (firstId: number) => {
		await db.client.query(
			`INSERT INTO metrics.readings VALUES ($1, 'eu', 'a'), ($2, 'us-east', 'b'), ($3, 'us-west', 'c')`,
			[firstId, firstId + 1, firstId + 2],
		);
	};

	it('creates a managed publication that publishes partitions under the partitioned table', async () => {
		const slotName = uniqueSlotName('part_managed');
		const trigger = await start(slotName, { options: { publicationName: slotName } });
		expect(await readPublication(db.client, slotName)).toMatchObject({ viaPartitionRoot: true });

		await insertIntoEveryPartition(1);
		const items = await collect(trigger, 4);
		// One description, of the partitioned table (not of its partitions), before its first change.
		expect(items.map(summary)).toEqual([
			'schema readings',
			'c readings 1',
			'c readings 2',
			'c readings 3',
		]);
		expect(items.map((item) => (item.source as IDataObject).schema)).toEqual([
			'metrics',
			'metrics',
			'metrics',
			'metrics',
		]);
	});

	it('captures a schema holding a partitioned table without a key: snapshot rows and changes come as the table, each once', async () => {
		await db.client.query('CREATE SCHEMA logs');
		await db.client.query('CREATE TABLE logs.lines (day int, text text) PARTITION BY RANGE (day)');
		await db.client.query(
			'CREATE TABLE logs.lines_1 PARTITION OF logs.lines FOR VALUES FROM (0) TO (10)',
		);
		await db.client.query(
			'CREATE TABLE logs.lines_2 PARTITION OF logs.lines FOR VALUES FROM (10) TO (20)',
		);
		await db.client.query('ALTER TABLE logs.lines_1 REPLICA IDENTITY FULL');
		await db.client.query('ALTER TABLE logs.lines_2 REPLICA IDENTITY FULL');
		await db.client.query(
			"INSERT INTO logs.lines SELECT g % 20, 'old ' || g FROM generate_series(1, 9) g",
		);
		const slotName = uniqueSlotName('part_schema');
		const trigger = await start(slotName, {
			capture: 'schema',
			schema: { __rl: true, mode: 'list', value: 'logs' },
			tables: undefined,
			start: 'snapshot',
			options: { publicationName: slotName },
		});
		const items = await collectUntil(
			trigger,
			(seen) => seen.filter((item) => item.op === 'r').length >= 9,
		);
		const rows = items.filter((item) => item.op === 'r');
		expect(rows.map((item) => (item.source as IDataObject).table)).toEqual(
			Array.from({ length: 9 }, () => 'lines'),
		);
		expect(rows.map((item) => String((item.after as IDataObject).text)).sort()).toEqual(
			Array.from({ length: 9 }, (_, index) => `old ${index + 1}`).sort(),
		);
		await db.client.query("INSERT INTO logs.lines VALUES (3, 'new a'), (13, 'new b')");
		const later = await collectUntil(
			trigger,
			(seen) => seen.filter((item) => item.op === 'c').length >= 2,
			items.runs,
		);
		expect(
			later
				.filter((item) => item.op === 'c')
				.map(
					(item) =>
						`${String((item.source as IDataObject).table)} ${String((item.after as IDataObject).text)}`,
				),
		).toEqual(['lines new a', 'lines new b']);
	});

	it('turns publish_via_partition_root on for a managed publication created without it', async () => {
		await db.client.query('CREATE PUBLICATION managed_old FOR TABLE metrics.readings');
		const change = await ensurePublication(db.client, {
			name: 'managed_old',
			target: { kind: 'tables', tables: [readings] },
			operations: ['insert', 'update', 'delete', 'truncate'],
		});
		expect(change.statements).toEqual([
			'ALTER PUBLICATION "managed_old" SET (publish_via_partition_root = true)',
		]);
		expect(await readPublication(db.client, 'managed_old')).toMatchObject({
			viaPartitionRoot: true,
		});
	});

	it('refuses an existing publication without publish_via_partition_root, with the fix; after the fix partitions arrive as the table', async () => {
		await db.client.query('CREATE PUBLICATION existing_leaves FOR TABLE metrics.readings');
		const slotName = uniqueSlotName('part_existing');
		const existing = { publicationMode: 'existing', publicationName: 'existing_leaves' };
		db.trackSlot(slotName);
		await expect(
			startTrigger(db.connection, {
				capture: 'tables',
				tables: ['metrics.readings'],
				options: { slotName, ...existing },
			}),
		).rejects.toMatchObject({
			message: expect.stringContaining(
				'ALTER PUBLICATION "existing_leaves" SET (publish_via_partition_root = true)',
			),
			// Where in the node to act, in the editor's words.
			description: expect.stringContaining('*Options > Publication*'),
		});

		await db.client.query(
			'ALTER PUBLICATION existing_leaves SET (publish_via_partition_root = true)',
		);
		const trigger = await start(slotName, { options: existing });
		await insertIntoEveryPartition(11);
		const items = await collect(trigger, 4);
		// One description, of the partitioned table (not of its partitions), before its first change.
		expect(items.map(summary)).toEqual([
			'schema readings',
			'c readings 11',
			'c readings 12',
			'c readings 13',
		]);
	});

	it('refuses, when capturing a schema, an existing publication that publishes its partitions by name', async () => {
		await db.client.query('CREATE PUBLICATION schema_leaves FOR TABLE metrics.readings');
		await expect(
			verifyPublication(db.client, 'schema_leaves', { schema: 'metrics' }),
		).rejects.toThrow(/partition metrics\.readings_eu.*publish_via_partition_root = true/);
		// Partitions of another schema's tables are not this capture's business.
		await expect(
			verifyPublication(db.client, 'schema_leaves', { schema: 'public' }),
		).resolves.toMatchObject({ viaPartitionRoot: false });
	});

	it('refuses a selected partition that an existing publication publishes as its partitioned table', async () => {
		await db.client.query(
			'CREATE PUBLICATION root_only FOR TABLE metrics.readings WITH (publish_via_partition_root = true)',
		);
		const error = await verifyPublication(db.client, 'root_only', {
			tables: [{ schema: 'metrics', table: 'readings_us_east' }],
		}).catch((caught: Error) => caught);
		expect(String(error)).toContain(
			'partition metrics.readings_us_east as metrics.readings (publish_via_partition_root), so they would not match the table chosen here (select metrics.readings instead)',
		);
		// Its real problem only, not a misleading "does not publish it".
		expect(String(error)).not.toContain('ADD TABLE');
		await expect(
			verifyPublication(db.client, 'root_only', { tables: [readings] }),
		).resolves.toMatchObject({
			viaPartitionRoot: true,
		});
	});

	it('does not drop (and so never acknowledges) a partition change that arrives under its own name', async () => {
		const leaves = await readPartitionLeaves(db.client, [readings]);
		expect([...leaves.keys()].map((key) => key.replace('\u0000', '.')).sort()).toEqual([
			'metrics.readings_eu',
			'metrics.readings_us',
			'metrics.readings_us_east',
			'metrics.readings_us_west',
		]);
		const accepts = createEventFilter(
			{ capture: { kind: 'tables', tables: [readings] }, operations: ['insert'] },
			leaves,
		);
		const event = (table: string): CdcEvent => ({
			op: 'c',
			before: null,
			after: { id: '1' },
			key: null,
			source: {
				lsn: '0/1',
				commitLsn: '0/2',
				txId: 1,
				ts_ms: 0,
				schema: 'metrics',
				table,
				snapshot: false,
				eventIndex: 0,
			},
		});
		expect(accepts(event('readings'))).toBe(true);
		expect(accepts(event('unrelated'))).toBe(false);
		expect(() => accepts(event('readings_us_west'))).toThrow(
			/partition metrics\.readings_us_west.*publish_via_partition_root = true/,
		);
	});
});
