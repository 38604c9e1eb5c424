import type { SnapshotChunk } from '../../../nodes/shared/cdc/snapshot';
import type { TableRef } from '../../../nodes/shared/cdc/slots/tables';
import { useCdcDatabase } from './support/cdcDatabase';
import { readSnapshotChunks } from './support/readSnapshot';

/** The initial snapshot of partitioned tables: every row of every partition exactly once. */
describe('initial snapshot of partitioned tables', () => {
	const db = useCdcDatabase('cdc_snapshot_partitioned', {
		setup: [
			// No primary key: rows are walked by physical position, and positions repeat across partitions.
			'CREATE TABLE events (day int, note text) PARTITION BY RANGE (day)',
			'CREATE TABLE events_1 PARTITION OF events FOR VALUES FROM (0) TO (100)',
			'CREATE TABLE events_2 PARTITION OF events FOR VALUES FROM (100) TO (200) PARTITION BY RANGE (day)',
			'CREATE TABLE events_2a PARTITION OF events_2 FOR VALUES FROM (100) TO (150)',
			'CREATE TABLE events_2b PARTITION OF events_2 FOR VALUES FROM (150) TO (200)',
			'CREATE TABLE events_empty PARTITION OF events FOR VALUES FROM (200) TO (300)',
			'CREATE TABLE events_3 PARTITION OF events FOR VALUES FROM (300) TO (400)',
			"INSERT INTO events SELECT g % 100, 'one ' || g FROM generate_series(1, 37) g",
			"INSERT INTO events SELECT 100 + g % 50, 'two-a ' || g FROM generate_series(1, 23) g",
			"INSERT INTO events SELECT 150 + g % 50, 'two-b ' || g FROM generate_series(1, 14) g",
			"INSERT INTO events SELECT 300 + g % 100, 'three ' || g FROM generate_series(1, 41) g",
			'CREATE TABLE nothing_yet (day int, note text) PARTITION BY RANGE (day)',
			// With a primary key the key is unique across partitions: one keyset walk over the root.
			'CREATE TABLE keyed (id int, day int, PRIMARY KEY (id, day)) PARTITION BY RANGE (day)',
			'CREATE TABLE keyed_1 PARTITION OF keyed FOR VALUES FROM (0) TO (10)',
			'CREATE TABLE keyed_2 PARTITION OF keyed FOR VALUES FROM (10) TO (20)',
			'INSERT INTO keyed SELECT g, g % 20 FROM generate_series(1, 55) g',
		],
	});

	const read = async (tables: TableRef[], chunkRows: number): Promise<SnapshotChunk[]> =>
		await readSnapshotChunks(db, 'snap_part', { tables, chunkRows });

	it('reads every row of every partition exactly once from a partitioned table without a key', async () => {
		const chunks = await read([{ schema: 'public', table: 'events' }], 10);
		const notes = chunks.flatMap((chunk) => chunk.rows.map((row) => String(row[1])));
		const expected = (
			await db.client.query<{ note: string }>('SELECT note FROM events ORDER BY note')
		).rows.map((row) => row.note);
		expect(expected).toHaveLength(115);
		expect([...notes].sort()).toEqual([...expected].sort());
		expect(new Set(notes).size).toBe(notes.length);
		// Rows are reported as the partitioned table's, and only the very last chunk ends it.
		expect(chunks.every((chunk) => chunk.table.table === 'events')).toBe(true);
		expect(chunks.map((chunk) => chunk.lastOfTable).filter(Boolean)).toHaveLength(1);
		expect(chunks.at(-1)).toMatchObject({ lastOfTable: true, rowsSoFar: 115 });
		expect(chunks.every((chunk) => chunk.rows.length <= 10)).toBe(true);
	});

	it('ends a partitioned table without partitions with one empty last chunk', async () => {
		const chunks = await read([{ schema: 'public', table: 'nothing_yet' }], 10);
		expect(chunks).toMatchObject([{ rows: [], rowsSoFar: 0, lastOfTable: true }]);
	});

	it('walks a partitioned table with a primary key in key order over all partitions', async () => {
		const chunks = await read([{ schema: 'public', table: 'keyed' }], 7);
		const ids = chunks.flatMap((chunk) => chunk.rows.map((row) => Number(row[0])));
		expect(ids).toEqual(Array.from({ length: 55 }, (_, index) => index + 1));
		expect(chunks[0].columns.map((column) => [column.name, column.isKey])).toEqual([
			['id', true],
			['day', true],
		]);
	});
});
