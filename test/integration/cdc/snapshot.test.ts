import type { Client } from 'pg';

import { ReplicationStream } from '../../../nodes/shared/cdc/replication';
import { createSlot, ensurePublication, readSlot } from '../../../nodes/shared/cdc/slots';
import { readInitialSnapshot, type SnapshotChunk } from '../../../nodes/shared/cdc/snapshot';
import { connectPg } from '../../support/testServers';
import { useCdcDatabase } from './support/cdcDatabase';
import { commits, pullUntil, replicationOptions, uniqueSlotName } from './streamSupport';

/** The initial snapshot and the stream that follows it: every row exactly once, no gap, no duplicate. */
describe('initial snapshot consistent with the stream', () => {
	const db = useCdcDatabase('cdc_snapshot', {
		setup: [
			'CREATE TABLE items (id bigint PRIMARY KEY, label text, price numeric(12,2), seen timestamptz)',
			"INSERT INTO items SELECT g, 'item ' || g, g * 1.25, '2026-01-01T00:00:00Z'::timestamptz + g * interval '1 second' FROM generate_series(1, 1000) g",
			'CREATE TABLE pairs (a int, b text, note text, PRIMARY KEY (b, a))',
			"INSERT INTO pairs SELECT g % 7, 'k' || (g % 13), 'n' || g FROM generate_series(1, 91) g",
			'CREATE TABLE keyless (v text)',
			"INSERT INTO keyless SELECT 'row ' || g FROM generate_series(1, 250) g",
		],
	});
	let writer: Client;

	beforeAll(async () => {
		writer = await connectPg(db.connection);
		db.closeAfterAll(async () => await writer.end());
		await ensurePublication(db.client, {
			name: 'snapshot_pub',
			target: {
				kind: 'tables',
				tables: [
					{ schema: 'public', table: 'items' },
					{ schema: 'public', table: 'pairs' },
					{ schema: 'public', table: 'keyless' },
				],
			},
			operations: ['insert', 'update', 'delete', 'truncate'],
		});
	});

	it('reads the tables as of the consistent point while writes go on, then streams exactly what came after', async () => {
		const slotName = uniqueSlotName('snap');
		db.trackSlot(slotName);
		const slot = await createSlot(replicationOptions(db.connection), slotName, {
			exportSnapshot: true,
		});
		expect(slot.snapshotName).toMatch(/^[0-9A-F]+-[0-9A-F]+/);

		// Written after the slot's consistent point but before the snapshot transaction starts.
		await writer.query("INSERT INTO items VALUES (1001, 'early', 1, now())");
		await writer.query("UPDATE items SET label = 'changed after the snapshot' WHERE id = 5");

		const chunks: SnapshotChunk[] = [];
		let written = 0;
		for await (const chunk of readInitialSnapshot({
			connection: replicationOptions(db.connection),
			slot,
			tables: [{ schema: 'public', table: 'items' }],
			chunkRows: 100,
		})) {
			chunks.push(chunk);
			// Concurrent writes while the snapshot is being read.
			await writer.query('INSERT INTO items VALUES ($1, $2, 2, now())', [
				1002 + written,
				`during ${written}`,
			]);
			await writer.query('DELETE FROM items WHERE id = $1', [900 + written]);
			written += 1;
		}

		const snapshotIds = chunks.flatMap((chunk) => chunk.rows.map((row) => Number(row[0])));
		expect(snapshotIds).toEqual(Array.from({ length: 1000 }, (_, index) => index + 1));
		expect(chunks.every((chunk) => chunk.rows.length <= 100)).toBe(true);
		expect(chunks.at(-1)?.lastOfTable).toBe(true);
		const row5 = chunks[0].rows[4];
		expect(row5).toEqual(['5', 'item 5', '6.25', '2026-01-01 00:00:05+00']);
		expect(chunks[0].columns.map((column) => [column.name, column.isKey])).toEqual([
			['id', true],
			['label', false],
			['price', false],
			['seen', false],
		]);
		expect(await readSlot(db.client, slotName)).toMatchObject({
			confirmedFlushLsn: slot.consistentPoint,
			active: false,
		});

		const stream = new ReplicationStream({
			connection: replicationOptions(db.connection),
			slotName,
			publicationNames: ['snapshot_pub'],
			startLsn: slot.consistentPoint,
		});
		try {
			// 2 early transactions plus 2 per chunk read.
			const expectedCommits = 2 + written * 2;
			const { frames } = await pullUntil(
				stream,
				(seen) => commits(seen).length === expectedCommits,
			);
			const inserted = frames.flatMap((frame) =>
				frame.message.tag === 'insert' && frame.message.newTuple[0].kind === 'text'
					? [Number(frame.message.newTuple[0].value)]
					: [],
			);
			expect(inserted).toEqual(Array.from({ length: written + 1 }, (_, index) => 1001 + index));
			const updated = frames.filter((frame) => frame.message.tag === 'update');
			expect(updated).toHaveLength(1);
			const deleted = frames.flatMap((frame) =>
				frame.message.tag === 'delete' && frame.message.oldTuple[0].kind === 'text'
					? [Number(frame.message.oldTuple[0].value)]
					: [],
			);
			expect(deleted).toEqual(Array.from({ length: written }, (_, index) => 900 + index));
			expect(commits(frames).every((commit) => commit.endLsn > slot.consistentPoint)).toBe(true);
		} finally {
			await stream.close();
		}
	});

	it('walks a composite primary key in key order and a table without a key in physical order', async () => {
		const slotName = uniqueSlotName('snap_keys');
		db.trackSlot(slotName);
		const slot = await createSlot(replicationOptions(db.connection), slotName, {
			exportSnapshot: true,
		});
		const chunks: SnapshotChunk[] = [];
		for await (const chunk of readInitialSnapshot({
			connection: replicationOptions(db.connection),
			slot,
			tables: [
				{ schema: 'public', table: 'pairs' },
				{ schema: 'public', table: 'keyless' },
			],
			chunkRows: 10,
		})) {
			chunks.push(chunk);
		}
		const pairs = chunks
			.filter((chunk) => chunk.table.table === 'pairs')
			.flatMap((chunk) => chunk.rows);
		const expectedPairs = (
			await db.client.query<{ a: string; b: string }>('SELECT a::text, b FROM pairs ORDER BY b, a')
		).rows;
		expect(pairs.map((row) => [row[0], row[1]])).toEqual(
			expectedPairs.map((row) => [row.a, row.b]),
		);
		const keyless = chunks
			.filter((chunk) => chunk.table.table === 'keyless')
			.flatMap((chunk) => chunk.rows);
		expect(keyless.map((row) => row[0]).sort()).toEqual(
			Array.from({ length: 250 }, (_, index) => `row ${index + 1}`).sort(),
		);
		expect(new Set(keyless.map((row) => row[0])).size).toBe(250);
	});

	it('refuses a table without a primary key when asked to, naming the table', async () => {
		const slotName = uniqueSlotName('snap_refuse');
		db.trackSlot(slotName);
		const slot = await createSlot(replicationOptions(db.connection), slotName, {
			exportSnapshot: true,
		});
		const read = async () => {
			for await (const chunk of readInitialSnapshot({
				connection: replicationOptions(db.connection),
				slot,
				tables: [{ schema: 'public', table: 'keyless' }],
				tablesWithoutKey: 'refuse',
			})) {
				expect(chunk).toBeUndefined();
			}
		};
		await expect(read()).rejects.toThrow(/public\.keyless has no primary key/);
	});

	it('survives slow consumers between chunks when the database sets an idle-in-transaction limit', async () => {
		await db.client.query(
			`ALTER DATABASE "${db.connection.database}" SET idle_in_transaction_session_timeout = '300ms'`,
		);
		try {
			const slotName = uniqueSlotName('snap_slow');
			db.trackSlot(slotName);
			const slot = await createSlot(replicationOptions(db.connection), slotName, {
				exportSnapshot: true,
			});
			let rows = 0;
			for await (const chunk of readInitialSnapshot({
				connection: replicationOptions(db.connection),
				slot,
				tables: [{ schema: 'public', table: 'pairs' }],
				chunkRows: 30,
			})) {
				rows += chunk.rows.length;
				// A workflow run slower than the database's idle-in-transaction limit.
				await new Promise((resolve) => setTimeout(resolve, 600));
			}
			expect(rows).toBe(91);
		} finally {
			await db.client.query(
				`ALTER DATABASE "${db.connection.database}" RESET idle_in_transaction_session_timeout`,
			);
		}
	});
});
