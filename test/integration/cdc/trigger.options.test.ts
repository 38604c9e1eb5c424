import { NodeOperationError, type IDataObject, type ILoadOptionsFunctions } from 'n8n-workflow';

import { PostgresCdcTrigger } from '../../../nodes/PostgresCdcTrigger/PostgresCdcTrigger.node';
import { testServers } from '../../support/testServers';
import { useCdcDatabase } from './support/cdcDatabase';
import {
	closeTriggersAfterEach,
	TEST_TUNING,
	credentialsFor,
	dropSlots,
	slotExists,
	startTrigger,
	summary,
	uniqueSlotName,
	waitForSlotInactive,
} from './triggerTestSupport';

describe('Postgres CDC Trigger: capture scope, value types, before images, errors', () => {
	const db = useCdcDatabase('cdc_options', {
		setup: [
			'CREATE SCHEMA shop',
			'CREATE TABLE shop.typed (id int8 PRIMARY KEY, price numeric(10,2), ok boolean, doc jsonb, tags text[], at timestamptz)',
			'CREATE TABLE public.plain (id int PRIMARY KEY, note text)',
			'CREATE TABLE public.full_identity (id int PRIMARY KEY, note text, qty int)',
			'ALTER TABLE public.full_identity REPLICA IDENTITY FULL',
		],
		dropSlotsWith: dropSlots,
	});
	const running = closeTriggersAfterEach();

	const start = async (extra: IDataObject) => {
		const slotName = uniqueSlotName('cdc_opts');
		db.trackSlot(slotName);
		const { options, ...rest } = extra;
		const started = await startTrigger(db.connection, {
			batching: 'transaction',
			...rest,
			options: {
				slotName,
				publicationName: slotName,
				heartbeatSeconds: 0,
				...(options as IDataObject | undefined),
			},
		});
		running.push(started);
		return { ...started, slotName };
	};

	it('captures every table of a schema, including one created after activation', async () => {
		const { harness } = await start({
			capture: 'schema',
			schema: { __rl: true, mode: 'list', value: 'shop' },
		});
		await db.client.query('INSERT INTO public.plain VALUES (1, $1)', [
			'other schema: not captured',
		]);
		await db.client.query('INSERT INTO shop.typed (id) VALUES (1)');
		const [first] = await harness.waitForRuns(1);
		// Each table's first change in the session comes after its description (firstSight).
		expect(first.items.map((item) => summary(item.json))).toEqual(['schema typed', 'c typed 1']);
		first.succeed();

		if (testServers().postgres.major >= 15) {
			// PG 15+ with a superuser: FOR TABLES IN SCHEMA follows new tables by itself.
			await db.client.query('CREATE TABLE shop.later (id int PRIMARY KEY)');
			await db.client.query('INSERT INTO shop.later VALUES (7)');
			const [, second] = await harness.waitForRuns(2);
			expect(second.items.map((item) => summary(item.json))).toEqual(['schema later', 'c later 7']);
			second.succeed();
		}
	});

	it('keeps the Postgres text form by default and converts on request', async () => {
		const row = [
			'9007199254740993',
			'12.30',
			true,
			'{"a": [1, 2]}',
			'{x,y}',
			'2024-05-06 07:08:09.123456+00',
		];
		const text = await start({ tables: ['shop.typed'] });
		await db.client.query('INSERT INTO shop.typed VALUES ($1, $2, $3, $4, $5, $6)', row);
		const [textRun] = await text.harness.waitForRuns(1);
		expect(textRun.items[1].json.after).toEqual({
			// [0]: the table's description
			id: '9007199254740993',
			price: '12.30',
			ok: 't',
			doc: '{"a": [1, 2]}',
			tags: '{x,y}',
			at: '2024-05-06 07:08:09.123456+00',
		});
		textRun.succeed();

		const native = await start({ tables: ['shop.typed'], options: { valueTypes: 'native' } });
		await db.client.query('INSERT INTO shop.typed VALUES (11, $1, $2, $3, $4, $5)', row.slice(1));
		const [nativeRun] = await native.harness.waitForRuns(1);
		expect(nativeRun.items[1].json.after).toEqual({
			id: 11,
			price: '12.30',
			ok: true,
			doc: '{"a": [1, 2]}', // JSON stays its exact text in native mode too
			tags: ['x', 'y'],
			at: '2024-05-06T07:08:09.123456Z',
		});
		nativeRun.succeed();
	});

	it('in Native mode keeps a timestamp JS cannot hold as text, and warns once for its column', async () => {
		const native = await start({ tables: ['shop.typed'], options: { valueTypes: 'native' } });
		const far = '294276-12-31 23:59:59.999999+00';
		await db.client.query('INSERT INTO shop.typed (id, at) VALUES (21, $1), (22, $1), (23, $2)', [
			far,
			'2024-05-06 07:08:09+00',
		]);
		const [run] = await native.harness.waitForRuns(1);
		const rows = run.items.filter((item) => item.json.op !== 'schema');
		expect(rows.map((item) => (item.json.after as IDataObject).at)).toEqual([
			far,
			far,
			'2024-05-06T07:08:09Z',
		]);
		run.succeed();
		const warnings = native.harness.logs.filter(
			(line) => line.level === 'warn' && line.message.includes('Value Types is Native'),
		);
		expect(warnings.map((line) => line.message)).toEqual([
			expect.stringContaining('shop.typed column "at"'),
		]);
	});

	it('refuses before images on a table without REPLICA IDENTITY FULL, naming the table and the fix', async () => {
		const slotName = uniqueSlotName('cdc_before');
		const failure = await startTrigger(db.connection, {
			tables: ['public.plain'],
			options: { slotName, publicationName: slotName, beforeImages: true },
		}).catch((error: unknown) => error);
		expect(failure).toBeInstanceOf(NodeOperationError);
		expect((failure as NodeOperationError).message).toMatch(
			/REPLICA IDENTITY FULL on public\.plain.*ALTER TABLE public\.plain REPLICA IDENTITY FULL/s,
		);
		expect((failure as NodeOperationError).description).toMatch(
			/turn off \*Options > Include Before Images\*/,
		);
		expect(await slotExists(db.client, slotName)).toBe(false);
	});

	it('delivers whole before images when the table has REPLICA IDENTITY FULL', async () => {
		const { harness } = await start({
			tables: ['public.full_identity'],
			options: { beforeImages: true },
		});
		await db.client.query("INSERT INTO public.full_identity VALUES (1, 'a', 5)");
		await db.client.query('UPDATE public.full_identity SET qty = 6 WHERE id = 1');
		await db.client.query('DELETE FROM public.full_identity WHERE id = 1');
		const runs = [];
		for (let index = 0; index < 3; index++) {
			const run = (await harness.waitForRuns(index + 1))[index];
			runs.push(run.items[0].json);
			run.succeed();
		}
		expect(runs[1]).toMatchObject({
			op: 'u',
			before: { id: '1', note: 'a', qty: '5' },
			after: { id: '1', note: 'a', qty: '6' },
		});
		expect(runs[2]).toMatchObject({
			op: 'd',
			before: { id: '1', note: 'a', qty: '6' },
			after: null,
		});
	});

	it('fails activation for "resume" when the slot does not exist, saying what to change', async () => {
		const slotName = uniqueSlotName('cdc_missing');
		const failure = await startTrigger(db.connection, {
			tables: ['public.plain'],
			start: 'resume',
			options: { slotName, publicationName: slotName },
		}).catch((error: unknown) => error);
		expect(failure).toBeInstanceOf(NodeOperationError);
		expect((failure as NodeOperationError).message).toMatch(
			/does not exist, and Start is "Resume From the Slot"/,
		);
		expect((failure as NodeOperationError).description).toBe(
			'Set *Start* to Changes From Now or Initial Snapshot, Then Changes, or set *Options > Slot Name* to the slot to resume.',
		);
	});

	it('fails activation on a parameter it cannot use, naming it as the editor shows it', async () => {
		const failure = await startTrigger(db.connection, {
			tables: ['public.plain'],
			options: { publicationMode: 'existing' },
		}).catch((error: unknown) => error);
		expect(failure).toBeInstanceOf(NodeOperationError);
		expect((failure as NodeOperationError).description).toBe(
			'Set *Options > Publication Name* to the existing publication, or set *Options > Publication* to Create and Keep Up to Date.',
		);
	});

	it('reports a fatal error through emitError when its slot is dropped under it', async () => {
		const { harness, slotName } = await start({ tables: ['public.plain'] });
		const { rows } = await db.client.query<{ pid: number }>(
			'SELECT active_pid AS pid FROM pg_replication_slots WHERE slot_name = $1',
			[slotName],
		);
		await db.client.query('SELECT pg_terminate_backend($1)', [rows[0].pid]);
		await waitForSlotInactive(db.client, slotName);
		await db.client.query('SELECT pg_drop_replication_slot($1)', [slotName]);
		const error = await harness.waitForError();
		expect(error.message).toMatch(new RegExp(`slot "${slotName}" does not exist`));
	});

	it('waits for a slot held by another consumer (failover) and takes over when it is released', async () => {
		const holder = await start({ tables: ['public.plain'] });
		const slotName = holder.slotName;
		const successor = await startTrigger(
			db.connection,
			{
				tables: ['public.plain'],
				batching: 'transaction',
				options: { slotName, publicationName: slotName, heartbeatSeconds: 0 },
			},
			{},
			{ ...TEST_TUNING, activationWaitMs: 300 },
		);
		running.push(successor);
		expect(successor.harness.logs.some((line) => /has not started yet/.test(line.message))).toBe(
			true,
		);
		expect(successor.harness.errors).toEqual([]);

		await holder.close();
		await db.client.query("INSERT INTO public.plain VALUES (500, 'after failover')");
		const [run] = await successor.harness.waitForRuns(1);
		expect(run.items.map((item) => summary(item.json))).toEqual(['schema plain', 'c plain 500']);
		run.succeed();
		expect(holder.harness.runs).toHaveLength(0);
	});

	it('lists schemas (searchable) and tables for the editor', async () => {
		const node = new PostgresCdcTrigger();
		const context = {
			getCredentials: async () => credentialsFor(db.connection),
			getNode: () => ({ name: 'Postgres CDC Trigger' }),
		} as unknown as ILoadOptionsFunctions;
		const schemas = (await node.methods.listSearch.schemaSearch.call(context)).results;
		expect(schemas.map((option) => option.value)).toEqual(
			expect.arrayContaining(['public', 'shop']),
		);
		expect(schemas.map((option) => option.value)).not.toContain('pg_catalog');
		const filtered = await node.methods.listSearch.schemaSearch.call(context, 'HO');
		expect(filtered.results).toEqual([{ name: 'shop', value: 'shop' }]);
		// The filter's own wildcard characters are taken literally.
		expect((await node.methods.listSearch.schemaSearch.call(context, '_')).results).toEqual([]);
		const tables = await node.methods.loadOptions.getTables.call(context);
		expect(tables.map((option) => option.value)).toEqual(
			expect.arrayContaining(['public.full_identity', 'public.plain', 'shop.typed']),
		);
	});
});
