import type { INodeExecutionData } from 'n8n-workflow';

import {
	type CdcEvent,
	type CdcOperation,
	type CdcRow,
	UNCHANGED_TOAST,
} from '../../../nodes/shared/cdc/changeEvent';
import type { ColumnDefinition } from '../../../nodes/shared/cdc/schema/diffRelations';
import { locator } from '../../support/n8n/fakeExecuteFunctions';
import { startSinkHarness, TRANSPORTS, type SinkHarness } from './sinkHarness';

/** An item exactly as the Postgres CDC Trigger emits it (its envelope type, as JSON). */
function cdcItem(
	op: CdcOperation,
	table: string,
	commitLsn: string,
	eventIndex: number,
	row: { before?: CdcRow | null; after?: CdcRow | null; key?: CdcRow | null },
	extra: Partial<CdcEvent> = {},
): INodeExecutionData {
	const event: CdcEvent = {
		op,
		before: row.before ?? null,
		after: row.after ?? null,
		key: row.key ?? null,
		source: {
			lsn: commitLsn,
			commitLsn,
			txId: 700 + eventIndex,
			ts_ms: 1_795_000_000_000,
			schema: 'public',
			table,
			snapshot: false,
			eventIndex,
		},
		...extra,
	};
	return { json: event as unknown as INodeExecutionData['json'] };
}

const column = (name: string, formattedType: string, isKey = false): ColumnDefinition => ({
	name,
	typeOid: 0,
	typeModifier: -1,
	typeName: formattedType,
	formattedType,
	isKey,
});

describe.each(TRANSPORTS)('Redshift Sink changelog over %s', (transport) => {
	let h: SinkHarness;
	beforeAll(async () => {
		h = await startSinkHarness(`sink_cl_${transport.toLowerCase()}`);
	});
	afterAll(async () => await h.stop());

	it("applies the trigger's inserts, updates and deletes to each source table; a replayed batch changes nothing", async () => {
		await h.exec('CREATE TABLE customers (id INTEGER, name VARCHAR(40), note VARCHAR(200))');
		await h.exec("INSERT INTO customers VALUES (1, 'old', 'long text kept')");
		await h.exec('CREATE TABLE orders (order_id BIGINT, amount NUMERIC(10,2))');
		const batch = [
			cdcItem('c', 'customers', '0/1000', 0, {
				after: { id: 2, name: 'Bea', note: null },
				key: { id: 2 },
			}),
			cdcItem(
				'u',
				'customers',
				'0/1000',
				1,
				{ after: { id: 1, name: 'renamed', note: UNCHANGED_TOAST }, key: { id: 1 } },
				{ unchangedToastColumns: ['note'] },
			),
			cdcItem('c', 'orders', '0/1000', 2, {
				after: { order_id: '9007199254740993', amount: '12.30' },
				key: { order_id: '9007199254740993' },
			}),
			{
				json: {
					op: 'm',
					before: null,
					after: null,
					key: null,
					source: {
						lsn: '0/1100',
						commitLsn: '0/1100',
						txId: null,
						ts_ms: 0,
						schema: null,
						table: null,
						snapshot: false,
						eventIndex: 0,
					},
					message: { prefix: 'heartbeat', content: '', transactional: false },
				},
			},
			cdcItem('d', 'customers', '0/2000', 0, { before: { id: 2 }, key: { id: 2 } }),
			cdcItem('c', 'customers', '0/2000', 1, {
				after: { id: 3, name: 'Cy', note: 'n' },
				key: { id: 3 },
			}),
		];
		const { output } = await h.run(
			transport,
			{ operation: 'changelog', changelogTarget: 'sourceTable', changelogKeys: [] },
			batch,
		);
		expect(output).toHaveLength(2);
		const customers = output.find((item) => item.json.table === 'public.customers');
		const orders = output.find((item) => item.json.table === 'public.orders');
		expect(customers?.json).toMatchObject({
			operation: 'changelog',
			writeMode: 'copy',
			changes: 4,
			columnsAdded: [],
		});
		expect(customers?.pairedItem).toEqual([{ item: 0 }, { item: 1 }, { item: 4 }, { item: 5 }]);
		expect(orders?.pairedItem).toEqual([{ item: 2 }]);
		const expected = [
			{ id: 1, name: 'renamed', note: 'long text kept' },
			{ id: 3, name: 'Cy', note: 'n' },
		];
		expect(await h.rows('SELECT id, name, note FROM customers ORDER BY id')).toEqual(expected);
		expect(await h.rows('SELECT order_id, amount FROM orders')).toEqual([
			{ order_id: '9007199254740993', amount: '12.30' },
		]);

		const replay = await h.run(
			transport,
			{ operation: 'changelog', changelogTarget: 'sourceTable' },
			batch,
		);
		expect(replay.output.map((item) => item.json.rowsLoaded)).toEqual([0, 0]);
		expect(await h.rows('SELECT id, name, note FROM customers ORDER BY id')).toEqual(expected);
		expect(await h.rows('SELECT count(*)::int AS n FROM orders')).toEqual([{ n: 1 }]);
	});

	it('creates the target from a schema event and adds the columns later schema events bring', async () => {
		const created = await h.run(
			transport,
			{ operation: 'changelog', changelogTarget: 'sourceTable', createTable: true },
			[
				cdcItem(
					'schema',
					'products',
					'0/3000',
					0,
					{},
					{
						schemaChange: {
							relationOid: 1,
							schema: 'public',
							table: 'products',
							addedColumns: [],
							droppedColumns: [],
							retypedColumns: [],
							renamedColumns: [],
							columns: [
								column('sku', 'character varying(20)', true),
								column('price', 'numeric(8,2)'),
							],
						},
					},
				),
				cdcItem(
					'r',
					'products',
					'0/3000',
					1,
					{ after: { sku: 'A-1', price: '3.50' }, key: { sku: 'A-1' } },
					{
						source: {
							lsn: '0/3000',
							commitLsn: '0/3000',
							txId: null,
							ts_ms: 0,
							schema: 'public',
							table: 'products',
							snapshot: 'last',
							eventIndex: 1,
						},
					},
				),
			],
		);
		expect(created.output[0].json).toMatchObject({ tableCreated: true, rowsLoaded: 1 });
		const added = await h.run(
			transport,
			{ operation: 'changelog', changelogTarget: 'sourceTable' },
			[
				cdcItem(
					'schema',
					'products',
					'0/4000',
					0,
					{},
					{
						schemaChange: {
							relationOid: 1,
							schema: 'public',
							table: 'products',
							addedColumns: [column('stock', 'integer')],
							droppedColumns: [],
							retypedColumns: [],
							renamedColumns: [],
							columns: [
								column('sku', 'character varying(20)', true),
								column('price', 'numeric(8,2)'),
								column('stock', 'integer'),
							],
						},
					},
				),
				cdcItem('u', 'products', '0/4000', 1, {
					after: { sku: 'A-1', price: '3.75', stock: 4 },
					key: { sku: 'A-1' },
				}),
			],
		);
		expect(added.output[0].json).toMatchObject({ columnsAdded: ['stock'] });
		expect(await h.rows('SELECT sku, price, stock FROM products')).toEqual([
			{ sku: 'A-1', price: '3.75', stock: 4 },
		]);
	});

	it('writes every event to one chosen table with given key columns', async () => {
		await h.exec('CREATE TABLE all_changes (id INTEGER, name VARCHAR(40), note VARCHAR(200))');
		const { output } = await h.run(
			transport,
			{
				operation: 'changelog',
				changelogTarget: 'fixedTable',
				table: locator('all_changes', 'list'),
				changelogKeys: ['id'],
			},
			[
				cdcItem('c', 'anything', '0/5000', 0, {
					after: { id: 10, name: 'x', note: null },
					key: null,
				}),
				cdcItem('u', 'anything', '0/5000', 1, {
					after: { id: 10, name: 'y', note: null },
					key: null,
				}),
			],
		);
		expect(output).toHaveLength(1);
		expect(output[0].json.table).toBe('public.all_changes');
		expect(await h.rows('SELECT id, name FROM all_changes')).toEqual([{ id: 10, name: 'y' }]);
	});

	it('fails the run when any table fails, even with continue on fail, after applying the other tables', async () => {
		await h.exec('CREATE TABLE cl_bad (id INTEGER, name VARCHAR(5))');
		const items = [
			cdcItem('c', 'other_table_missing', '0/6000', 0, { after: { id: 1 }, key: { id: 1 } }),
			cdcItem('c', 'cl_bad', '0/6000', 1, { after: { id: 1, name: 'ok' }, key: { id: 1 } }),
		];
		const run = h.run(
			transport,
			{ operation: 'changelog', changelogTarget: 'sourceTable' },
			items,
			{ continueOnFail: true },
		);
		await expect(run).rejects.toThrow(/"public"\."other_table_missing" does not exist/);
		await expect(run).rejects.toMatchObject({
			description: expect.stringMatching(
				/Create Table If Missing.*fails the run when a table fails, even with On Error set to continue.*The other 1 table\(s\) were applied/,
			),
			context: { itemIndex: 0 },
		});
		expect(await h.rows('SELECT id, name FROM cl_bad')).toEqual([{ id: 1, name: 'ok' }]);
	});

	it('names the input item of a change whose key is empty', async () => {
		await h.exec('CREATE TABLE cl_nullkey (id INTEGER, name VARCHAR(10))');
		const items = [
			cdcItem('c', 'cl_nullkey', '0/6100', 0, { after: { id: 1, name: 'ok' }, key: { id: 1 } }),
			cdcItem('c', 'cl_nullkey', '0/6100', 1, {
				after: { id: null, name: 'no key' },
				key: { id: null },
			}),
		];
		await expect(
			h.run(transport, { operation: 'changelog', changelogTarget: 'sourceTable' }, items),
		).rejects.toMatchObject({
			message: expect.stringMatching(/Item 1: the key column "id" is empty/),
			context: { itemIndex: 1 },
		});
		expect(await h.rows('SELECT count(*)::int AS n FROM cl_nullkey')).toEqual([{ n: 0 }]);
	});

	it('takes key columns per source table, and names the table and the fix when one has none', async () => {
		await h.exec('CREATE TABLE cl_keyless_a (id INTEGER, name VARCHAR(10))');
		await h.exec('CREATE TABLE cl_keyless_b (code VARCHAR(10), name VARCHAR(10))');
		const items = [
			cdcItem('c', 'cl_keyless_a', '0/6200', 0, { after: { id: 1, name: 'a' } }),
			cdcItem('c', 'cl_keyless_b', '0/6200', 1, { after: { code: 'x', name: 'b' } }),
			cdcItem('u', 'cl_keyless_b', '0/6300', 0, { after: { code: 'x', name: 'b2' } }),
		];
		await expect(
			h.run(
				transport,
				{
					operation: 'changelog',
					changelogTarget: 'sourceTable',
					changelogTableKeys: { table: [{ table: 'public.cl_keyless_a', keyColumns: 'id' }] },
				},
				items,
			),
		).rejects.toThrow(
			/"public"\."cl_keyless_b" has changes to apply but no key columns.*set Key Columns for this table/,
		);
		const tableKeys = {
			table: [
				{ table: 'public.cl_keyless_a', keyColumns: 'id' },
				{ table: 'cl_keyless_b', keyColumns: 'code' },
			],
		};
		const { output } = await h.run(
			transport,
			{ operation: 'changelog', changelogTarget: 'sourceTable', changelogTableKeys: tableKeys },
			items,
		);
		expect(output).toHaveLength(2);
		expect(await h.rows('SELECT code, name FROM cl_keyless_b')).toEqual([
			{ code: 'x', name: 'b2' },
		]);
		expect(await h.rows('SELECT id, name FROM cl_keyless_a')).toEqual([{ id: 1, name: 'a' }]);
	});

	it("applies a truncate of a table without a key, and a completed snapshot's marker", async () => {
		await h.exec('CREATE TABLE cl_marks (id INTEGER, name VARCHAR(10))');
		await h.run(transport, { operation: 'changelog', changelogTarget: 'sourceTable' }, [
			cdcItem('r', 'cl_marks', '0/6400', 0, { after: { id: 1, name: 'old' }, key: { id: 1 } }),
			cdcItem('r', 'cl_marks', '0/6400', 1, { after: { id: 2, name: 'old' }, key: { id: 2 } }),
		]);
		await h.run(transport, { operation: 'changelog', changelogTarget: 'sourceTable' }, [
			cdcItem('r', 'cl_marks', '0/6500', 0, { after: { id: 1, name: 'new' }, key: { id: 1 } }),
			cdcItem('snapshotEnd', 'cl_marks', '0/6500', 0, {}, { snapshotEnd: { rows: 1 } }),
		]);
		expect(await h.rows('SELECT id, name FROM cl_marks')).toEqual([{ id: 1, name: 'new' }]);
		await h.run(transport, { operation: 'changelog', changelogTarget: 'sourceTable' }, [
			cdcItem(
				't',
				'cl_marks',
				'0/6600',
				0,
				{},
				{ truncate: { cascade: false, restartIdentity: false } },
			),
		]);
		expect(await h.rows('SELECT count(*)::int AS n FROM cl_marks')).toEqual([{ n: 0 }]);
	});

	it('refuses a batch from another source server than the one the table was filled from', async () => {
		await h.exec('CREATE TABLE cl_server (id INTEGER)');
		const from = (systemId: string, commitLsn: string, id: number) => {
			const item = cdcItem('c', 'cl_server', commitLsn, 0, { after: { id }, key: { id } });
			(item.json.source as Record<string, unknown>).systemId = systemId;
			(item.json.source as Record<string, unknown>).timeline = 1;
			return item;
		};
		await h.run(transport, { operation: 'changelog', changelogTarget: 'sourceTable' }, [
			from('7500000000000000001', '0/7000', 1),
		]);
		await expect(
			h.run(
				transport,
				{ operation: 'changelog', changelogTarget: 'sourceTable' },
				[from('7500000000000000002', '0/100', 2)],
				{ continueOnFail: true },
			),
		).rejects.toThrow(
			/holds changes from PostgreSQL server 7500000000000000001, but this batch comes from server 7500000000000000002/,
		);
		expect(await h.rows('SELECT id FROM cl_server')).toEqual([{ id: 1 }]);
	});

	it('fails on an unchanged TOAST value with no row to take it from, or writes NULL and warns when asked', async () => {
		await h.exec('CREATE TABLE cl_toast_missing (id INTEGER, name VARCHAR(10), body VARCHAR(100))');
		const items = [
			cdcItem(
				'u',
				'cl_toast_missing',
				'0/8000',
				0,
				{ after: { id: 7, name: 'x', body: UNCHANGED_TOAST }, key: { id: 7 } },
				{ unchangedToastColumns: ['body'] },
			),
		];
		await expect(
			h.run(transport, { operation: 'changelog', changelogTarget: 'sourceTable' }, items, {
				continueOnFail: true,
			}),
		).rejects.toMatchObject({
			message: expect.stringMatching(
				/Item 0: the update of "public"\."cl_toast_missing" with key \{"id":7\} leaves column "body" unchanged/,
			),
			context: { itemIndex: 0 },
		});
		expect(await h.rows('SELECT count(*)::int AS n FROM cl_toast_missing')).toEqual([{ n: 0 }]);
		const { output, execution } = await h.run(
			transport,
			{
				operation: 'changelog',
				changelogTarget: 'sourceTable',
				options: { changelogMissingToast: 'null' },
			},
			items,
		);
		const warning = expect.stringMatching(
			/"public"\."cl_toast_missing": the change of key \{"id":7\} left "body" unchanged \(TOAST\) and no row held the value; written as NULL/,
		);
		expect(output[0].json.warnings).toEqual([warning]);
		// Also shown above the output, where people look.
		expect(execution.hints).toEqual([
			{ message: warning, type: 'warning', location: 'outputPane' },
		]);
		expect(await h.rows('SELECT id, name, body FROM cl_toast_missing')).toEqual([
			{ id: 7, name: 'x', body: null },
		]);
	});

	it("shows the replication slot's warnings the trigger's items carry as execution hints, once each", async () => {
		await h.exec('CREATE TABLE cl_slot_hints (id INTEGER, name VARCHAR(20))');
		const slotHealth = {
			slot: 'n8n_slot',
			warnings: [
				'Replication slot "n8n_slot" is 2048 MB behind.',
				'Replication slot "n8n_slot" is about to lose WAL.',
			],
		};
		const items = [0, 1].map((index) => {
			const item = cdcItem('c', 'cl_slot_hints', '0/9000', index, {
				after: { id: index, name: 'n' },
				key: { id: index },
			});
			return { json: { ...item.json, slotHealth } };
		});
		const { output, execution } = await h.run(
			transport,
			{ operation: 'changelog', changelogTarget: 'sourceTable' },
			items,
		);
		expect(output[0].json).toMatchObject({ operation: 'changelog', rowsLoaded: 2 });
		expect(execution.hints).toEqual(
			slotHealth.warnings.map((message) => ({ message, type: 'warning', location: 'outputPane' })),
		);
		expect(await h.rows('SELECT id FROM cl_slot_hints ORDER BY id')).toEqual([
			{ id: 0 },
			{ id: 1 },
		]);
	});

	it('loads json/jsonb text from the trigger into SUPER as JSON, not as a string', async () => {
		await h.exec('CREATE TABLE docs (id INTEGER, body SUPER)');
		await h.run(transport, { operation: 'changelog', changelogTarget: 'sourceTable' }, [
			cdcItem('c', 'docs', '0/7000', 0, {
				after: { id: 1, body: '{"a": [1, 2], "b": "x"}' },
				key: { id: 1 },
			}),
		]);
		expect(
			await h.rows("SELECT id, body->>'b' AS b, jsonb_typeof(body) AS kind FROM docs"),
		).toEqual([{ id: 1, b: 'x', kind: 'object' }]);
	});
});
