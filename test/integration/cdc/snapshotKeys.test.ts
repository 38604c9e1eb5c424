import { createSlot } from '../../../nodes/shared/cdc/slots';
import { readInitialSnapshot, type SnapshotChunk } from '../../../nodes/shared/cdc/snapshot';
import type { TableRef } from '../../../nodes/shared/cdc/slots/tables';
import { useCdcDatabase } from './support/cdcDatabase';
import { readSnapshotChunks } from './support/readSnapshot';
import { replicationOptions, uniqueSlotName } from './streamSupport';

/** The snapshot's key: the primary key, else the replica identity index, else none. */
describe('initial snapshot key columns', () => {
	const db = useCdcDatabase('cdc_snapshot_keys', {
		setup: [
			// Rows are inserted out of key order, so a key walk and a physical walk differ.
			'CREATE TABLE by_index (code text NOT NULL, region int NOT NULL, note text)',
			'CREATE UNIQUE INDEX by_index_key ON by_index (region, code)',
			'ALTER TABLE by_index REPLICA IDENTITY USING INDEX by_index_key',
			"INSERT INTO by_index SELECT 'c' || lpad(((g * 37) % 60)::text, 2, '0'), g % 3, 'n' || g FROM generate_series(1, 60) g",
			// A unique index that is not the replica identity is not a key.
			'CREATE TABLE unique_only (code text NOT NULL UNIQUE, note text)',
			"INSERT INTO unique_only SELECT 'u' || g, 'n' || g FROM generate_series(1, 5) g",
			// REPLICA IDENTITY FULL: no key column at all.
			'CREATE TABLE full_identity (a int, b text)',
			'ALTER TABLE full_identity REPLICA IDENTITY FULL',
			"INSERT INTO full_identity SELECT g, 'b' || g FROM generate_series(1, 5) g",
			// The primary key wins over another replica identity index.
			'CREATE TABLE both_keys (id int PRIMARY KEY, code text NOT NULL, note text)',
			'CREATE UNIQUE INDEX both_keys_code ON both_keys (code)',
			'ALTER TABLE both_keys REPLICA IDENTITY USING INDEX both_keys_code',
			"INSERT INTO both_keys SELECT g, 'k' || (100 - g), 'n' || g FROM generate_series(1, 9) g",
		],
	});

	const read = async (table: string, chunkRows: number): Promise<SnapshotChunk[]> =>
		await readSnapshotChunks(db, 'snap_keys', {
			tables: [{ schema: 'public', table }],
			chunkRows,
			tablesWithoutKey: 'ctid',
		});
	const keysOf = (chunks: SnapshotChunk[]) =>
		chunks[0].columns.filter((column) => column.isKey).map((column) => column.name);

	it('takes the replica identity index as key when there is no primary key, and pages in its order', async () => {
		const chunks = await read('by_index', 7);
		expect(keysOf(chunks)).toEqual(['code', 'region']);
		const walked = chunks.flatMap((chunk) => chunk.rows.map((row) => `${row[1]}/${row[0]}`));
		const expected = (
			await db.client.query<{ pair: string }>(
				"SELECT region || '/' || code AS pair FROM by_index ORDER BY region, code",
			)
		).rows.map((row) => row.pair);
		expect(walked).toEqual(expected);
	});

	it('has no key for a table with only a unique index, or with REPLICA IDENTITY FULL', async () => {
		const uniqueOnly = await read('unique_only', 10);
		expect(keysOf(uniqueOnly)).toEqual([]);
		expect(uniqueOnly.flatMap((chunk) => chunk.rows)).toHaveLength(5);
		const full = await read('full_identity', 10);
		expect(keysOf(full)).toEqual([]);
		expect(full.flatMap((chunk) => chunk.rows)).toHaveLength(5);
	});

	it('takes the replica identity index over the primary key under USING INDEX, as streamed events do', async () => {
		// A streamed delete's old row holds only the identity index's columns, so that is the key.
		const chunks = await read('both_keys', 4);
		expect(keysOf(chunks)).toEqual(['code']);
		expect(chunks.flatMap((chunk) => chunk.rows)).toHaveLength(9);
	});

	it('refuses a table with neither key only when asked to', async () => {
		const slotName = uniqueSlotName('snap_keys_refuse');
		db.trackSlot(slotName);
		const slot = await createSlot(replicationOptions(db.connection), slotName, {
			exportSnapshot: true,
		});
		const readAll = async (tables: TableRef[]) => {
			let rows = 0;
			for await (const chunk of readInitialSnapshot({
				connection: replicationOptions(db.connection),
				slot,
				tables,
				tablesWithoutKey: 'refuse',
			})) {
				rows += chunk.rows.length;
			}
			return rows;
		};
		await expect(
			readAll([
				{ schema: 'public', table: 'by_index' },
				{ schema: 'public', table: 'full_identity' },
			]),
		).rejects.toThrow(/public\.full_identity has no primary key \(nor a replica identity index\)/);
	});
});
