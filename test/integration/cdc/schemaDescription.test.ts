import type { IDataObject } from 'n8n-workflow';

import type { EmittedRun } from '../../support/n8n/fakeTriggerFunctions';

import { useCdcDatabase } from './support/cdcDatabase';
import {
	closeTriggersAfterEach,
	commitLsnOf,
	dropSlots,
	startTrigger,
	summary,
	uniqueSlotName,
	waitForConfirmedFlush,
	waitForSlotInactive,
	type StartedTrigger,
} from './triggerTestSupport';

/** Succeeds every run from `from` on until `count` items were delivered; returns their JSON in order. */
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

const schemaChangeOf = (item: IDataObject) => item.schemaChange as IDataObject;
const columnsOf = (item: IDataObject, list = 'columns') =>
	schemaChangeOf(item)[list] as IDataObject[];
const describedAs = (item: IDataObject) =>
	`${summary(item)} ${String(schemaChangeOf(item)?.reason)}`;

const TYPED_TABLE = `CREATE TABLE typed (
	id int PRIMARY KEY,
	amount numeric(12,5),
	code varchar(20) NOT NULL DEFAULT 'x',
	stamped timestamptz(3),
	letters char(2),
	flags bit(8),
	bits varbit(16),
	at_time time(2),
	at_timetz timetz(4),
	span interval(3),
	plain_stamp timestamp,
	note text,
	doubled int GENERATED ALWAYS AS (id * 2) STORED
)`;

describe('Postgres CDC Trigger: the description of each table in each replication session', () => {
	const db = useCdcDatabase('cdc_schema_description', { dropSlotsWith: dropSlots });
	const running = closeTriggersAfterEach();

	const start = async (slotName: string, staticData: IDataObject = {}) => {
		db.trackSlot(slotName);
		const started = await startTrigger(
			db.connection,
			{
				capture: 'tables',
				tables: ['public.typed', 'public.other'],
				batching: 'transaction',
				start: 'now',
				options: {
					slotName,
					publicationName: slotName,
					acknowledge: 'afterSuccess',
					heartbeatSeconds: 0,
				},
			},
			{ staticData },
		);
		running.push(started);
		return started;
	};

	it('describes each table before its first change, again after a restart, and reports an added column with its default', async () => {
		await db.client.query(TYPED_TABLE);
		await db.client.query('CREATE TABLE other (id bigint PRIMARY KEY, name text NOT NULL)');
		const slotName = uniqueSlotName('cdc_describe');
		const first = await start(slotName);

		await db.client.query('INSERT INTO typed (id, amount) VALUES (1, 1.23456)');
		await db.client.query("INSERT INTO other VALUES (1, 'one')");
		await db.client.query('INSERT INTO typed (id, amount) VALUES (2, 2)');
		const streamed = await collect(first, 5);
		expect(streamed.items.map(describedAs)).toEqual([
			'schema typed firstSight',
			'c typed 1 undefined',
			'schema other firstSight',
			'c other 1 undefined',
			'c typed 2 undefined', // the same session knows the table: no second description
		]);
		// In the same transaction as the change it precedes.
		expect(commitLsnOf(streamed.items[0])).toBe(commitLsnOf(streamed.items[1]));
		expect(streamed.runs[0].items).toHaveLength(2);

		const typed = schemaChangeOf(streamed.items[0]);
		expect(typed).toMatchObject({
			schema: 'public',
			table: 'typed',
			addedColumns: [],
			droppedColumns: [],
			retypedColumns: [],
			renamedColumns: [],
		});
		// typeOid and typeModifier are checked through formattedType against format_type below.
		const pick = (column: IDataObject) => {
			const rest = { ...column };
			delete rest.typeOid;
			delete rest.typeModifier;
			delete rest.typeCategory;
			return rest;
		};
		// pg_type.typcategory, which tells an enum ('E') from other user types.
		expect(columnsOf(streamed.items[0]).map((column) => column.typeCategory)).toEqual([
			'N',
			'N',
			'S',
			'D',
			'S',
			'V',
			'V',
			'D',
			'D',
			'T',
			'D',
			'S',
		]);
		expect(columnsOf(streamed.items[0]).map(pick)).toEqual([
			{
				name: 'id',
				typeName: 'int4',
				formattedType: 'integer',
				isKey: true,
				nullable: false,
				default: null,
			},
			{
				name: 'amount',
				typeName: 'numeric',
				formattedType: 'numeric(12,5)',
				isKey: false,
				precision: 12,
				scale: 5,
				nullable: true,
				default: null,
			},
			{
				name: 'code',
				typeName: 'varchar',
				formattedType: 'character varying(20)',
				isKey: false,
				length: 20,
				nullable: false,
				default: "'x'::character varying",
			},
			{
				name: 'stamped',
				typeName: 'timestamptz',
				formattedType: 'timestamp(3) with time zone',
				isKey: false,
				fractionalDigits: 3,
				nullable: true,
				default: null,
			},
			{
				name: 'letters',
				typeName: 'bpchar',
				formattedType: 'character(2)',
				isKey: false,
				length: 2,
				nullable: true,
				default: null,
			},
			{
				name: 'flags',
				typeName: 'bit',
				formattedType: 'bit(8)',
				isKey: false,
				length: 8,
				nullable: true,
				default: null,
			},
			{
				name: 'bits',
				typeName: 'varbit',
				formattedType: 'bit varying(16)',
				isKey: false,
				length: 16,
				nullable: true,
				default: null,
			},
			{
				name: 'at_time',
				typeName: 'time',
				formattedType: 'time(2) without time zone',
				isKey: false,
				fractionalDigits: 2,
				nullable: true,
				default: null,
			},
			{
				name: 'at_timetz',
				typeName: 'timetz',
				formattedType: 'time(4) with time zone',
				isKey: false,
				fractionalDigits: 4,
				nullable: true,
				default: null,
			},
			{
				name: 'span',
				typeName: 'interval',
				formattedType: 'interval(3)',
				isKey: false,
				fractionalDigits: 3,
				nullable: true,
				default: null,
			},
			{
				name: 'plain_stamp',
				typeName: 'timestamp',
				formattedType: 'timestamp without time zone',
				isKey: false,
				nullable: true,
				default: null,
			},
			{
				name: 'note',
				typeName: 'text',
				formattedType: 'text',
				isKey: false,
				nullable: true,
				default: null,
			},
			// pgoutput publishes no generated column before PG 18's publish_generated_columns: not listed.
		]);
		// The formatted types are what PostgreSQL's format_type prints for the same columns.
		const { rows: catalog } = await db.client.query<{ name: string; formatted: string }>(
			`SELECT attname AS name, format_type(atttypid, atttypmod) AS formatted FROM pg_attribute
			  WHERE attrelid = 'typed'::regclass AND attnum > 0 AND attgenerated = '' ORDER BY attnum`,
		);
		expect(
			columnsOf(streamed.items[0]).map((column) => [column.name, column.formattedType]),
		).toEqual(catalog.map((row) => [row.name, row.formatted]));
		expect(columnsOf(streamed.items[2]).map(pick)).toEqual([
			{
				name: 'id',
				typeName: 'int8',
				formattedType: 'bigint',
				isKey: true,
				nullable: false,
				default: null,
			},
			{
				name: 'name',
				typeName: 'text',
				formattedType: 'text',
				isKey: false,
				nullable: false,
				default: null,
			},
		]);
		await waitForConfirmedFlush(db.client, slotName, commitLsnOf(streamed.items[4]));

		// A failed run: the stream restarts from the acknowledged position (a new session), so the
		// redelivered change comes with the table's description again.
		await db.client.query("INSERT INTO other VALUES (2, 'two')");
		const failed = (await first.harness.waitForRuns(streamed.runs.length + 1))[
			streamed.runs.length
		];
		expect(failed.items.map((item) => summary(item.json))).toEqual(['c other 2']); // known in this session
		failed.fail('the workflow failed');
		const redelivered = await collect(first, 2, streamed.runs.length + 1);
		expect(redelivered.items.map(describedAs)).toEqual([
			'schema other firstSight',
			'c other 2 undefined',
		]);
		await waitForConfirmedFlush(db.client, slotName, commitLsnOf(redelivered.items[1]));
		await first.close();
		await waitForSlotInactive(db.client, slotName);

		// A new activation from the acknowledged position: described again, nothing reported as changed.
		const second = await start(slotName, first.harness.persistedStaticData);
		await db.client.query("INSERT INTO typed (id, code) VALUES (3, 'y')");
		const resumed = await collect(second, 2);
		expect(resumed.items.map(describedAs)).toEqual([
			'schema typed firstSight',
			'c typed 3 undefined',
		]);
		expect(schemaChangeOf(resumed.items[0])).toMatchObject({
			addedColumns: [],
			droppedColumns: [],
			retypedColumns: [],
		});
		expect(columnsOf(resumed.items[0])).toEqual(columnsOf(streamed.items[0]));

		// A column added in the session: one change event, the new column with its default.
		await db.client.query('ALTER TABLE typed ADD COLUMN quantity int DEFAULT 5');
		await db.client.query('INSERT INTO typed (id) VALUES (4)');
		const altered = await collect(second, 2, resumed.runs.length);
		expect(altered.items.map(describedAs)).toEqual(['schema typed changed', 'c typed 4 undefined']);
		expect(columnsOf(altered.items[0], 'addedColumns')).toEqual([
			{
				name: 'quantity',
				typeOid: 23,
				typeModifier: -1,
				typeName: 'int4',
				formattedType: 'integer',
				isKey: false,
				nullable: true,
				default: '5',
				typeCategory: 'N',
			},
		]);
		expect(columnsOf(altered.items[0]).map((column) => column.name)).toEqual([
			...catalog.map((row) => row.name),
			'quantity',
		]);
		expect((altered.items[1].after as IDataObject).quantity).toBe('5');
	});
});
