import type { IDataObject } from 'n8n-workflow';

import {
	readCatalogKey,
	tableKeyColumns,
	tablesWithoutKey,
	tableWithoutKeyWarning,
} from '../../../nodes/shared/cdc/keys/catalogKeys';
import { KeyCatalog } from '../../../nodes/shared/cdc/keys/keyCatalog';
import type { RelationMessage } from '../../../nodes/shared/cdc/pgoutput';
import { replicationOptions, uniqueSlotName as uniqueName } from './streamSupport';
import { useCdcDatabase } from './support/cdcDatabase';
import {
	closeTriggersAfterEach,
	dropSlots,
	startTrigger,
	uniqueSlotName,
	type StartedTrigger,
} from './triggerTestSupport';

/**
 * The change event's `key` comes from the catalog: the primary key (also under REPLICA IDENTITY FULL,
 * where pgoutput flags every column), else the replica identity index, else null.
 */
describe('Postgres CDC Trigger: event keys from the catalog', () => {
	const db = useCdcDatabase('cdc_event_keys', {
		setup: [
			'CREATE TABLE full_pk (id int PRIMARY KEY, tags text, note text)',
			'ALTER TABLE full_pk REPLICA IDENTITY FULL',
			'CREATE TABLE full_nokey (id int, note text)',
			'ALTER TABLE full_nokey REPLICA IDENTITY FULL',
			'CREATE TABLE by_index (id int PRIMARY KEY, region text NOT NULL, code int NOT NULL, note text)',
			'CREATE UNIQUE INDEX by_index_code ON by_index (code, region)',
			'ALTER TABLE by_index REPLICA IDENTITY USING INDEX by_index_code',
			'CREATE TABLE plain_pk (id int PRIMARY KEY, note text)',
			'CREATE TABLE full_later_pk (id int NOT NULL, note text)',
			'ALTER TABLE full_later_pk REPLICA IDENTITY FULL',
			'CREATE TABLE parts (id int, region text, note text, PRIMARY KEY (region, id)) PARTITION BY LIST (region)',
			"CREATE TABLE parts_eu PARTITION OF parts FOR VALUES IN ('eu')",
		],
		dropSlotsWith: dropSlots,
	});
	const running = closeTriggersAfterEach();

	const start = async (tables: string[]): Promise<StartedTrigger> => {
		const slotName = db.trackSlot(uniqueSlotName('cdc_keys'));
		const started = await startTrigger(db.connection, {
			capture: 'tables',
			tables,
			start: 'now',
			batching: 'transaction',
			options: {
				slotName,
				publicationName: slotName,
				acknowledge: 'afterSuccess',
				heartbeatSeconds: 0,
			},
		});
		running.push(started);
		return started;
	};

	/** Each call lets the next runs succeed until `count` more row changes arrived, and returns those. */
	const collector = (trigger: StartedTrigger) => {
		let runs = 0;
		return async (count: number): Promise<IDataObject[]> => {
			const seen: IDataObject[] = [];
			while (seen.length < count) {
				const run = (await trigger.harness.waitForRuns(runs + 1))[runs++];
				seen.push(...run.items.map((item) => item.json).filter((json) => json.op !== 'schema'));
				run.succeed();
			}
			return seen;
		};
	};
	const items = async (trigger: StartedTrigger, count: number) => await collector(trigger)(count);

	const keysOf = (events: IDataObject[]) =>
		events.map((event) => ({ op: event.op, key: event.key }));

	it('uses only the primary key under REPLICA IDENTITY FULL, with NULLs in the other columns', async () => {
		const trigger = await start(['public.full_pk']);
		await db.client.query("INSERT INTO full_pk VALUES (1, NULL, 'first')");
		await db.client.query("UPDATE full_pk SET note = 'second' WHERE id = 1");
		await db.client.query('UPDATE full_pk SET id = 2 WHERE id = 1');
		await db.client.query('DELETE FROM full_pk WHERE id = 2');
		const events = await items(trigger, 4);
		expect(keysOf(events)).toEqual([
			{ op: 'c', key: { id: '1' } },
			{ op: 'u', key: { id: '1' } },
			{ op: 'u', key: { id: '2' } },
			{ op: 'd', key: { id: '2' } },
		]);
		// The full old row is still there for the Sink (it holds the old key of the key change).
		expect(events[2].before).toEqual({ id: '1', tags: null, note: 'second' });
		expect(events[3].before).toEqual({ id: '2', tags: null, note: 'second' });

		// The catalog connection the keys were read on ends with the trigger.
		await trigger.close();
		const deadline = Date.now() + 20_000;
		for (;;) {
			const { rows } = await db.client.query<{ open: number }>(
				`SELECT count(*)::int AS open FROM pg_stat_activity
				  WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'`,
			);
			if (rows[0].open === 0) break;
			if (Date.now() > deadline) throw new Error(`${rows[0].open} connection(s) still open`);
			await new Promise((resolve) => setTimeout(resolve, 50));
		}
	});

	it('gives key null under REPLICA IDENTITY FULL without a primary key, and names the table in a warning', async () => {
		const trigger = await start(['public.full_nokey']);
		await db.client.query("INSERT INTO full_nokey VALUES (1, 'a')");
		await db.client.query('DELETE FROM full_nokey WHERE id = 1');
		const events = await items(trigger, 2);
		expect(keysOf(events)).toEqual([
			{ op: 'c', key: null },
			{ op: 'd', key: null },
		]);
		expect(events[1].before).toEqual({ id: '1', note: 'a' });

		const tables = ['full_pk', 'full_nokey', 'by_index', 'plain_pk', 'no_such_table'].map(
			(table) => ({ schema: 'public', table }),
		);
		const keyless = await tablesWithoutKey(db.client, tables);
		expect(keyless).toEqual([{ schema: 'public', table: 'full_nokey' }]);
		const warning = tableWithoutKeyWarning(keyless[0]);
		expect(warning).toContain('"public"."full_nokey"');
		expect(warning).toContain('PRIMARY KEY');
		expect(warning).toContain('Key Columns');
		// The activation said so, naming only that table.
		const activationWarnings = trigger.harness.logs
			.filter((line) => line.level === 'warn' && line.message.includes('neither a primary key'))
			.map((line) => line.message);
		expect(activationWarnings).toEqual([`[Postgres CDC Trigger] ${warning}`]);
	});

	it('marks only the key columns in a schema event under REPLICA IDENTITY FULL (a column added mid-stream)', async () => {
		await db.client.query('CREATE TABLE full_grows (id int PRIMARY KEY, note text)');
		await db.client.query('ALTER TABLE full_grows REPLICA IDENTITY FULL');
		const trigger = await start(['public.full_grows']);
		const next = collector(trigger);
		await db.client.query("INSERT INTO full_grows VALUES (1, 'a')");
		expect(keysOf(await next(1))).toEqual([{ op: 'c', key: { id: '1' } }]);
		await db.client.query('ALTER TABLE full_grows ADD COLUMN score int');
		await db.client.query("INSERT INTO full_grows VALUES (2, 'b', NULL)");
		const schema = async () => {
			for (let index = 0; ; index++) {
				const run = (await trigger.harness.waitForRuns(index + 1))[index];
				// The change, not the table's first description of the session (checked below).
				const found = run.items
					.map((item) => item.json)
					.find(
						(json) =>
							json.op === 'schema' && (json.schemaChange as IDataObject).reason === 'changed',
					);
				if (found) return found;
			}
		};
		const change = (await schema()).schemaChange as { columns: { name: string; isKey: boolean }[] };
		expect(change.columns.map((column) => [column.name, column.isKey])).toEqual([
			['id', true],
			['note', false],
			['score', false],
		]);
		// The first description (firstSight, before the first insert) marks the same key.
		const [firstRun] = await trigger.harness.waitForRuns(1);
		const described = firstRun.items[0].json.schemaChange as IDataObject;
		expect(described.reason).toBe('firstSight');
		expect(
			(described.columns as IDataObject[]).map((column) => [column.name, column.isKey]),
		).toEqual([
			['id', true],
			['note', false],
		]);
	});

	it('uses the replica identity index columns, in index order, under REPLICA IDENTITY USING INDEX', async () => {
		const trigger = await start(['public.by_index']);
		await db.client.query("INSERT INTO by_index VALUES (1, 'eu', 7, NULL)");
		await db.client.query("UPDATE by_index SET note = 'x' WHERE id = 1");
		await db.client.query('DELETE FROM by_index WHERE id = 1');
		const events = await items(trigger, 3);
		expect(keysOf(events)).toEqual([
			{ op: 'c', key: { code: '7', region: 'eu' } },
			{ op: 'u', key: { code: '7', region: 'eu' } },
			{ op: 'd', key: { code: '7', region: 'eu' } },
		]);
		expect(Object.keys(events[0].key as IDataObject)).toEqual(['code', 'region']);
	});

	it('looks the key up again when the table gets a primary key while streaming', async () => {
		const next = collector(await start(['public.full_later_pk', 'public.plain_pk']));
		await db.client.query("INSERT INTO full_later_pk VALUES (1, 'before the key')");
		await db.client.query("INSERT INTO plain_pk VALUES (1, 'default identity')");
		// Decoded (and its key looked up) before the primary key exists.
		expect(keysOf(await next(2))).toEqual([
			{ op: 'c', key: null },
			{ op: 'c', key: { id: '1' } },
		]);
		await db.client.query('ALTER TABLE full_later_pk ADD PRIMARY KEY (id)');
		await db.client.query("INSERT INTO full_later_pk VALUES (2, 'after the key')");
		expect(keysOf(await next(1))).toEqual([{ op: 'c', key: { id: '2' } }]);
	});

	it('reconnects when the catalog connection was lost, and still gives the right key', async () => {
		const trigger = await start(['public.plain_pk']);
		const next = collector(trigger);
		await db.client.query("INSERT INTO plain_pk VALUES (10, 'first')");
		expect(keysOf(await next(1))).toEqual([{ op: 'c', key: { id: '10' } }]);
		// Every ordinary connection of the trigger dies (the catalog one among them); the replication one stays.
		await db.client.query(
			`SELECT pg_terminate_backend(pid) FROM pg_stat_activity
			  WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'`,
		);
		// A new column makes the server send the Relation message again: its key is looked up again.
		await db.client.query('ALTER TABLE plain_pk ADD COLUMN extra text');
		await db.client.query("INSERT INTO plain_pk VALUES (11, 'second', 'x')");
		expect(keysOf(await next(1))).toEqual([{ op: 'c', key: { id: '11' } }]);
		expect(
			trigger.harness.logs.some(
				(line) =>
					line.level === 'warn' &&
					line.message.includes(
						'Reading the key columns of public.plain_pk from the catalog failed',
					),
			),
		).toBe(true);
	});

	it('reads the key of a table by name for snapshot rows, the same way, including a partitioned root', async () => {
		const key = async (table: string) =>
			await tableKeyColumns(db.client, { schema: 'public', table });
		expect(await key('full_pk')).toEqual(['id']);
		expect(await key('full_nokey')).toEqual([]);
		expect(await key('by_index')).toEqual(['code', 'region']);
		expect(await key('parts')).toEqual(['region', 'id']);
		expect(await key('parts_eu')).toEqual(['region', 'id']);
		expect(await key('no_such_table')).toBeUndefined();
		const { rows } = await db.client.query<{ oid: number }>(
			"SELECT 'parts'::regclass::oid::int AS oid",
		);
		expect(await readCatalogKey(db.client, rows[0].oid)).toEqual({
			primaryKey: ['region', 'id'],
			replicaIdentityIndex: [],
		});
		expect(
			await tablesWithoutKey(db.client, [
				{ schema: 'public', table: 'parts' },
				{ schema: 'public', table: 'parts_eu' },
			]),
		).toEqual([]);
	});

	it('holds its catalog connection only while lookups come, and reopens it for the next one', async () => {
		const applicationName = uniqueName('key_catalog');
		const catalog = new KeyCatalog(replicationOptions(db.connection, { applicationName }), 200);
		db.closeAfterAll(async () => await catalog.close());
		const { rows } = await db.client.query<{ oid: number }>(
			"SELECT 'full_pk'::regclass::oid::int AS oid",
		);
		const relation: RelationMessage = {
			tag: 'relation',
			relationOid: rows[0].oid,
			schema: 'public',
			name: 'full_pk',
			replicaIdentity: 'f',
			columns: ['id', 'tags', 'note'].map((name) => ({
				name,
				isKey: true,
				typeOid: 25,
				typeModifier: -1,
			})),
		};
		const openConnections = async () =>
			(
				await db.client.query<{ open: number }>(
					'SELECT count(*)::int AS open FROM pg_stat_activity WHERE application_name = $1',
					[applicationName],
				)
			).rows[0].open;
		const waitFor = async (expected: number) => {
			const deadline = Date.now() + 20_000;
			while ((await openConnections()) !== expected) {
				if (Date.now() > deadline) throw new Error(`expected ${expected} catalog connection(s)`);
				await new Promise((resolve) => setTimeout(resolve, 50));
			}
		};
		expect(await catalog.keyColumns(relation)).toEqual(['id']);
		await waitFor(0); // ended once idle
		expect(await catalog.keyColumns(relation)).toEqual(['id']);
		await catalog.close();
		await waitFor(0);
	});
});
