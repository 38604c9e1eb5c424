import type { IDataObject } from 'n8n-workflow';

import { createEventFilter } from '../../../nodes/PostgresCdcTrigger/trigger/eventFilter';
import type { CdcEvent } from '../../../nodes/shared/cdc/envelope/types';
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
		const started = await startTrigger(db.connection, {
			capture: 'tables',
			tables: ['metrics.readings'],
			slotName,
			batching: 'rows',
			maxRows: 10,
			maxWaitMs: 100,
			acknowledge: 'afterSuccess',
			options: { heartbeatSeconds: 0 },
			...parameters,
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
		const trigger = await start(slotName, { publicationName: slotName });
		expect(await readPublication(db.client, slotName)).toMatchObject({ viaPartitionRoot: true });

		await insertIntoEveryPartition(1);
		const items = await collect(trigger, 3);
		expect(items.map(summary)).toEqual(['c readings 1', 'c readings 2', 'c readings 3']);
		expect(items.map((item) => (item.source as IDataObject).schema)).toEqual([
			'metrics',
			'metrics',
			'metrics',
		]);
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
		const parameters = {
			publicationMode: 'existing',
			existingPublicationName: 'existing_leaves',
		};
		db.trackSlot(slotName);
		await expect(
			startTrigger(db.connection, {
				capture: 'tables',
				tables: ['metrics.readings'],
				slotName,
				...parameters,
			}),
		).rejects.toThrow(
			'ALTER PUBLICATION "existing_leaves" SET (publish_via_partition_root = true)',
		);

		await db.client.query(
			'ALTER PUBLICATION existing_leaves SET (publish_via_partition_root = true)',
		);
		const trigger = await start(slotName, parameters);
		await insertIntoEveryPartition(11);
		const items = await collect(trigger, 3);
		expect(items.map(summary)).toEqual(['c readings 11', 'c readings 12', 'c readings 13']);
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
