import { from as copyFrom } from 'pg-copy-streams';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

import { TransactionAssembler } from '../../../nodes/shared/cdc/envelope';
import { formatLsn, parseLsn } from '../../../nodes/shared/cdc/pgoutput';
import { UNCHANGED_TOAST } from '../../../nodes/shared/cdc/changeEvent';
import { useCdcDatabase } from './support/cdcDatabase';
import { assemble, inTransaction, lsnsOf, SqlSlot, streamedSource } from './decoderHelpers';

/**
 * The decoder and the envelope against a real server: every operation, read back from a pgoutput
 * slot (protocol 1, messages on) and compared item by item.
 */
describe('pgoutput decoder and event envelope on a real server', () => {
	const db = useCdcDatabase('cdc_decoder', {
		setup: [
			// Output functions run in this session: a zone that is not UTC proves timestamptz conversion.
			"SET TimeZone = 'Asia/Kolkata'",
			"SET DateStyle = 'ISO, MDY'",
			'CREATE TABLE orders (id int PRIMARY KEY, status text NOT NULL, note text)',
			'CREATE TABLE lines (order_id int, line int, qty int, PRIMARY KEY (order_id, line))',
			'CREATE TABLE docs (id int PRIMARY KEY, body text, title text)',
			'CREATE TABLE docs_full (id int PRIMARY KEY, body text, title text)',
			'ALTER TABLE docs_full REPLICA IDENTITY FULL',
			'CREATE PUBLICATION decoder_pub FOR ALL TABLES',
		],
	});
	let slot: SqlSlot;

	beforeAll(async () => {
		slot = new SqlSlot(db.client, 'decoder_pub');
		db.trackSlot(slot.name);
		await slot.create();
	});

	it('decodes inserts, updates and deletes of a multi-table transaction into ordered items', async () => {
		const { xid, startedAt } = await inTransaction(db.client, [
			"INSERT INTO orders VALUES (1, 'new', 'first order')",
			'INSERT INTO lines VALUES (1, 1, 5), (1, 2, 7)',
			"UPDATE orders SET status = 'paid' WHERE id = 1",
			'DELETE FROM lines WHERE line = 2',
			'UPDATE lines SET line = 3 WHERE line = 1',
		]);
		const changes = await slot.changes();
		const transactions = assemble(changes);
		expect(transactions).toHaveLength(1);
		const [transaction] = transactions;
		const [commitLsn] = lsnsOf(changes, 'commit');
		const rowLsns = changes
			.filter((change) => ['insert', 'update', 'delete'].includes(change.message.tag))
			.map((change) => change.lsn);
		const tsMs = transaction.events[0].source.ts_ms;
		expect(tsMs).toBeGreaterThanOrEqual(startedAt);
		expect(tsMs).toBeLessThanOrEqual(Date.now());
		expect(transaction.kind).toBe('transaction');
		expect(transaction.xid).toBe(xid);
		expect(formatLsn(transaction.ackLsn)).toBe(commitLsn);
		const source = (table: string, eventIndex: number) =>
			streamedSource({
				lsn: rowLsns[eventIndex],
				commitLsn,
				txId: xid,
				ts_ms: tsMs,
				schema: 'public',
				table,
				eventIndex,
			});
		expect(transaction.events).toEqual([
			{
				op: 'c',
				before: null,
				after: { id: '1', status: 'new', note: 'first order' },
				key: { id: '1' },
				source: source('orders', 0),
			},
			{
				op: 'c',
				before: null,
				after: { order_id: '1', line: '1', qty: '5' },
				key: { order_id: '1', line: '1' },
				source: source('lines', 1),
			},
			{
				op: 'c',
				before: null,
				after: { order_id: '1', line: '2', qty: '7' },
				key: { order_id: '1', line: '2' },
				source: source('lines', 2),
			},
			{
				op: 'u',
				before: null,
				after: { id: '1', status: 'paid', note: 'first order' },
				key: { id: '1' },
				source: source('orders', 3),
			},
			{
				op: 'd',
				before: { order_id: '1', line: '2' },
				after: null,
				key: { order_id: '1', line: '2' },
				source: source('lines', 4),
			},
			{
				op: 'u',
				before: { order_id: '1', line: '1' },
				after: { order_id: '1', line: '3', qty: '5' },
				key: { order_id: '1', line: '3' },
				source: source('lines', 5),
			},
		]);
		// Every change has its own LSN here, in increasing order, all before the commit.
		const ordered = rowLsns.map((lsn) => parseLsn(lsn));
		expect([...ordered].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))).toEqual(ordered);
		expect(ordered[ordered.length - 1]).toBeLessThan(transaction.ackLsn);
	});

	it('gives a full before image and fills unchanged TOAST under REPLICA IDENTITY FULL', async () => {
		const big = "(SELECT string_agg(md5(i::text), '') FROM generate_series(1, 400) i)";
		await inTransaction(db.client, [`INSERT INTO docs_full VALUES (1, ${big}, 'v1')`]);
		const { xid } = await inTransaction(db.client, [
			"UPDATE docs_full SET title = 'v2' WHERE id = 1",
		]);
		await inTransaction(db.client, ['DELETE FROM docs_full WHERE id = 1']);
		const { rows } = await db.client.query<{ body: string }>(`SELECT ${big} AS body`);
		const body = rows[0].body;
		const [insert, update, remove] = assemble(await slot.changes(), {
			keyColumns: (relation) => (relation.name === 'docs_full' ? ['id'] : undefined),
		});
		expect(insert.events[0].after).toEqual({ id: '1', body, title: 'v1' });
		expect(update.xid).toBe(xid);
		expect(update.events).toHaveLength(1);
		expect(update.events[0]).toMatchObject({
			op: 'u',
			before: { id: '1', body, title: 'v1' },
			after: { id: '1', body, title: 'v2' },
			key: { id: '1' },
		});
		expect(update.events[0].unchangedToastColumns).toBeUndefined();
		expect(remove.events[0]).toMatchObject({
			op: 'd',
			before: { id: '1', body, title: 'v2' },
			after: null,
			key: { id: '1' },
		});
	});

	it('marks an unchanged TOAST value with the placeholder under the default replica identity', async () => {
		const big = "(SELECT string_agg(md5(i::text), '') FROM generate_series(1, 400) i)";
		await inTransaction(db.client, [`INSERT INTO docs VALUES (1, ${big}, 'v1')`]);
		await inTransaction(db.client, ["UPDATE docs SET title = 'v2' WHERE id = 1"]);
		await inTransaction(db.client, [`UPDATE docs SET body = 'short now' WHERE id = 1`]);
		const [, untouched, rewritten] = assemble(await slot.changes());
		expect(untouched.events[0]).toMatchObject({
			op: 'u',
			before: null,
			after: { id: '1', body: UNCHANGED_TOAST, title: 'v2' },
			unchangedToastColumns: ['body'],
		});
		expect(rewritten.events[0].after).toEqual({ id: '1', body: 'short now', title: 'v2' });
		expect(rewritten.events[0].unchangedToastColumns).toBeUndefined();
	});

	it('emits one t item per truncated table', async () => {
		const { xid } = await inTransaction(db.client, ['TRUNCATE orders, lines RESTART IDENTITY']);
		const changes = await slot.changes();
		const [transaction] = assemble(changes);
		const [truncateLsn] = lsnsOf(changes, 'truncate');
		const [commitLsn] = lsnsOf(changes, 'commit');
		expect(
			transaction.events.map((event) => ({ ...event, source: { ...event.source, ts_ms: 0 } })),
		).toEqual(
			['orders', 'lines'].map((table, eventIndex) => ({
				op: 't',
				before: null,
				after: null,
				key: null,
				truncate: { cascade: false, restartIdentity: true },
				source: streamedSource({
					lsn: truncateLsn,
					commitLsn,
					txId: xid,
					ts_ms: 0,
					schema: 'public',
					table,
					eventIndex,
				}),
			})),
		);
	});

	it('emits logical messages: transactional inside their transaction, others on their own', async () => {
		const { xid } = await inTransaction(db.client, [
			"INSERT INTO orders VALUES (2, 'new', NULL)",
			"SELECT pg_logical_emit_message(true, 'app', 'order 2 created')",
		]);
		await db.client.query("SELECT pg_logical_emit_message(false, 'heartbeat', 'tick')");
		await db.client.query('CHECKPOINT'); // the SQL interface reads flushed WAL only
		const changes = await slot.changes();
		const [transaction, standalone] = assemble(changes);
		const [messageLsn, standaloneLsn] = lsnsOf(changes, 'message');
		expect(transaction.xid).toBe(xid);
		expect(transaction.events.map((event) => [event.op, event.source.eventIndex])).toEqual([
			['c', 0],
			['m', 1],
		]);
		expect(transaction.events[1]).toMatchObject({
			op: 'm',
			before: null,
			after: null,
			key: null,
			message: { prefix: 'app', content: 'order 2 created', transactional: true },
			source: {
				lsn: messageLsn,
				commitLsn: formatLsn(transaction.ackLsn),
				txId: xid,
				schema: null,
				table: null,
			},
		});
		expect(standalone.kind).toBe('message');
		expect(formatLsn(standalone.ackLsn)).toBe(standaloneLsn);
		expect(standalone.events).toEqual([
			{
				op: 'm',
				before: null,
				after: null,
				key: null,
				message: { prefix: 'heartbeat', content: 'tick', transactional: false },
				source: streamedSource({
					lsn: standaloneLsn,
					commitLsn: standaloneLsn,
					txId: null,
					ts_ms: standalone.commitTime.getTime(),
					schema: null,
					table: null,
					eventIndex: 0,
				}),
			},
		]);
	});

	it('orders the rows of a COPY, which share one LSN per batch, by eventIndex', async () => {
		await db.client.query('BEGIN');
		await pipeline(
			Readable.from(['10\tcopied\t\\N\n', '11\tcopied\ta\n', '12\tcopied\tb\n']),
			db.client.query(copyFrom('COPY orders (id, status, note) FROM STDIN')),
		);
		await db.client.query('COMMIT');
		const [transaction] = assemble(await slot.changes());
		expect(
			transaction.events.map((event) => [
				event.op,
				event.after?.id,
				event.after?.note,
				event.source.eventIndex,
			]),
		).toEqual([
			['c', '10', null, 0],
			['c', '11', 'a', 1],
			['c', '12', 'b', 2],
		]);
		expect(new Set(transaction.events.map((event) => event.source.lsn)).size).toBe(1);
	});

	it('survives ALTER TABLE between inserts and reports each change as an op schema item', async () => {
		const assembler = new TransactionAssembler({ valueMode: 'native' });
		await db.client.query('CREATE TABLE evolving (id int PRIMARY KEY, a text, b int)');
		await inTransaction(db.client, ["INSERT INTO evolving VALUES (1, 'one', 1)"]);
		assemble(await slot.changes(), assembler); // the first definition, as a running stream would have it
		await inTransaction(db.client, ["INSERT INTO evolving VALUES (2, 'two', 2)"]);
		await db.client.query('ALTER TABLE evolving ADD COLUMN c numeric(8,3)');
		await inTransaction(db.client, ["INSERT INTO evolving VALUES (3, 'three', 3, 3.5)"]);
		await db.client.query('ALTER TABLE evolving DROP COLUMN a');
		await inTransaction(db.client, ['INSERT INTO evolving VALUES (4, 4, 4.25)']);
		await db.client.query('ALTER TABLE evolving ALTER COLUMN b TYPE bigint');
		await inTransaction(db.client, ['UPDATE evolving SET b = 5000000000 WHERE id = 4']);
		await db.client.query('ALTER TABLE evolving RENAME COLUMN c TO amount');
		await inTransaction(db.client, ['DELETE FROM evolving WHERE id = 4']);
		const items = assemble(await slot.changes(), assembler).flatMap(
			(transaction) => transaction.events,
		);
		expect(items.map((item) => item.op)).toEqual([
			'c',
			'schema',
			'c',
			'schema',
			'c',
			'schema',
			'u',
			'schema',
			'd',
		]);
		const rows = items
			.filter((item) => item.op !== 'schema')
			.map((item) => item.after ?? item.before);
		expect(rows).toEqual([
			{ id: 2, a: 'two', b: 2 },
			{ id: 3, a: 'three', b: 3, c: '3.500' },
			{ id: 4, b: 4, c: '4.250' },
			{ id: 4, b: 5000000000, c: '4.250' },
			{ id: 4 },
		]);
		const [added, dropped, retyped, renamed] = items
			.filter((item) => item.op === 'schema')
			.map((item) => item.schemaChange);
		expect(added).toMatchObject({
			schema: 'public',
			table: 'evolving',
			addedColumns: [
				{ name: 'c', typeName: 'numeric', formattedType: 'numeric(8,3)', isKey: false },
			],
			droppedColumns: [],
			retypedColumns: [],
			renamedColumns: [],
		});
		expect(dropped).toMatchObject({
			addedColumns: [],
			droppedColumns: [{ name: 'a', formattedType: 'text' }],
		});
		expect(retyped?.retypedColumns).toEqual([
			{
				name: 'b',
				from: {
					name: 'b',
					typeOid: 23,
					typeModifier: -1,
					typeName: 'int4',
					formattedType: 'integer',
					isKey: false,
				},
				to: {
					name: 'b',
					typeOid: 20,
					typeModifier: -1,
					typeName: 'int8',
					formattedType: 'bigint',
					isKey: false,
				},
			},
		]);
		expect(renamed?.renamedColumns.map(({ from, to }) => [from, to])).toEqual([['c', 'amount']]);
		expect(renamed?.columns.map((column) => column.name)).toEqual(['id', 'b', 'amount']);
	});
});
