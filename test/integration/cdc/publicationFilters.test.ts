import type { SnapshotChunk } from '../../../nodes/shared/cdc/snapshot';
import { useCdcDatabase } from './support/cdcDatabase';
import { readSnapshotChunks } from './support/readSnapshot';

/**
 * With an existing publication, the snapshot shows only what the publication publishes: its column
 * lists and row filters (PostgreSQL 15+) apply to the snapshot as they apply to the stream.
 */
describe('initial snapshot under publication column lists and row filters', () => {
	const db = useCdcDatabase('cdc_publication_filters', {
		setup: [
			'CREATE TABLE users (id int PRIMARY KEY, email text, password_hash text, active boolean)',
			"INSERT INTO users SELECT g, 'user' || g || '@example.com', 'HASH-' || g, g % 3 <> 0 FROM generate_series(1, 30) g",
			'CREATE TABLE "Odd Table" ("Key" int PRIMARY KEY, "Display Name" text, secret text)',
			`INSERT INTO "Odd Table" SELECT g, CASE WHEN g % 4 = 0 THEN 'hidden' ELSE 'shown ' || g END, 'SECRET-' || g FROM generate_series(1, 20) g`,
			// Partitioned, without a key: read partition by partition, each under the root's filter.
			'CREATE TABLE events (day int, note text, secret text) PARTITION BY RANGE (day)',
			'CREATE TABLE events_1 PARTITION OF events FOR VALUES FROM (0) TO (50)',
			'CREATE TABLE events_2 PARTITION OF events FOR VALUES FROM (50) TO (100)',
			"INSERT INTO events SELECT g, 'note ' || g, 'SECRET-' || g FROM generate_series(0, 99) g",
			'CREATE TABLE unpublished (id int PRIMARY KEY)',
		],
	});
	let filtersExist = false;

	beforeAll(async () => {
		const { rows } = await db.client.query<{ version: number }>(
			"SELECT current_setting('server_version_num')::int AS version",
		);
		filtersExist = rows[0].version >= 150_000;
		if (filtersExist) {
			// Insert-only publications: a column list may then leave out the key, and a row filter may use any column.
			await db.client.query(
				'CREATE PUBLICATION app_pub FOR TABLE users (email, active) WHERE (active), "Odd Table" ("Key", "Display Name") WHERE ("Display Name" <> \'hidden\' AND "Key" > 2) WITH (publish = \'insert\')',
			);
			await db.client.query(
				"CREATE PUBLICATION events_pub FOR TABLE events (day, note) WHERE (day % 2 = 0) WITH (publish = 'insert', publish_via_partition_root = true)",
			);
		} else {
			await db.client.query(
				'CREATE PUBLICATION app_pub FOR TABLE users, "Odd Table" WITH (publish = \'insert\')',
			);
			await db.client.query(
				"CREATE PUBLICATION events_pub FOR TABLE events WITH (publish = 'insert', publish_via_partition_root = true)",
			);
		}
	});

	const read = async (
		table: string,
		publicationName: string,
		chunkRows = 4,
	): Promise<SnapshotChunk[]> =>
		await readSnapshotChunks(db, 'snap_filters', {
			tables: [{ schema: 'public', table }],
			chunkRows,
			publicationName,
		});
	const columnsOf = (chunks: SnapshotChunk[]) => chunks[0].columns.map((column) => column.name);
	const rowsOf = (chunks: SnapshotChunk[]) => chunks.flatMap((chunk) => chunk.rows);

	it('leaves out the columns and rows the publication excludes (PG 15+); on PG 14, where neither exists, reads everything', async () => {
		const chunks = await read('users', 'app_pub');
		if (filtersExist) {
			expect(columnsOf(chunks)).toEqual(['email', 'active']);
			// Excluded columns appear nowhere, not even as the paging key's copy.
			expect(JSON.stringify(chunks)).not.toContain('HASH-');
			const expected = Array.from({ length: 30 }, (_, index) => index + 1)
				.filter((id) => id % 3 !== 0)
				.map((id) => [`user${id}@example.com`, 't']);
			// Still walked in primary-key order although the key itself is not published.
			expect(rowsOf(chunks)).toEqual(expected);
			expect(chunks.at(-1)).toMatchObject({ lastOfTable: true, rowsSoFar: 20 });
		} else {
			expect(columnsOf(chunks)).toEqual(['id', 'email', 'password_hash', 'active']);
			expect(rowsOf(chunks)).toHaveLength(30);
		}
	});

	it('applies column lists and row filters written with quoted names', async () => {
		const chunks = await read('Odd Table', 'app_pub');
		if (filtersExist) {
			expect(chunks[0].columns.map((column) => [column.name, column.isKey])).toEqual([
				['Key', true],
				['Display Name', false],
			]);
			const expected = Array.from({ length: 20 }, (_, index) => index + 1)
				.filter((key) => key > 2 && key % 4 !== 0)
				.map((key) => [String(key), `shown ${key}`]);
			expect(rowsOf(chunks)).toEqual(expected);
			expect(JSON.stringify(chunks)).not.toContain('SECRET-');
		} else {
			expect(columnsOf(chunks)).toEqual(['Key', 'Display Name', 'secret']);
			expect(rowsOf(chunks)).toHaveLength(20);
		}
	});

	it("applies a partitioned table's filter to each of its partitions", async () => {
		const chunks = await read('events', 'events_pub', 7);
		const days = rowsOf(chunks)
			.map((row) => Number(row[0]))
			.sort((a, b) => a - b);
		if (filtersExist) {
			expect(columnsOf(chunks)).toEqual(['day', 'note']);
			expect(days).toEqual(Array.from({ length: 50 }, (_, index) => index * 2));
			expect(JSON.stringify(chunks)).not.toContain('SECRET-');
		} else {
			expect(columnsOf(chunks)).toEqual(['day', 'note', 'secret']);
			expect(days).toEqual(Array.from({ length: 100 }, (_, index) => index));
		}
	});

	it('refuses a table the publication does not publish, naming it and the fix', async () => {
		await expect(read('unpublished', 'app_pub')).rejects.toThrow(
			/Publication "app_pub" does not publish public\.unpublished.*ADD TABLE/,
		);
	});
});
