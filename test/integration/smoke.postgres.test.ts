import type { Client } from 'pg';

import { connectPg, freshDatabase, testServers } from '../support/testServers';

/** Proves the embedded server is a real PostgreSQL with logical decoding through pgoutput. */
describe('embedded PostgreSQL smoke', () => {
	let client: Client;

	beforeAll(async () => {
		client = await connectPg(await freshDatabase('smoke_pg'));
	});

	afterAll(async () => {
		await client.query(
			"SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = 'smoke_slot'",
		);
		await client.end();
	});

	it('runs the selected major with logical replication enabled', async () => {
		const { rows } = await client.query<{ wal_level: string; version: string; slots: string }>(
			"SELECT current_setting('wal_level') AS wal_level, current_setting('server_version_num') AS version, current_setting('max_replication_slots') AS slots",
		);
		expect(rows[0].wal_level).toBe('logical');
		expect(Math.floor(Number(rows[0].version) / 10000)).toBe(testServers().postgres.major);
		expect(Number(rows[0].slots)).toBeGreaterThanOrEqual(10);
	});

	it('reads a committed change from a pgoutput slot', async () => {
		await client.query('CREATE TABLE smoke_orders (id int PRIMARY KEY, note text)');
		await client.query('CREATE PUBLICATION smoke_pub FOR TABLE smoke_orders');
		await client.query("SELECT pg_create_logical_replication_slot('smoke_slot', 'pgoutput')");
		await client.query("INSERT INTO smoke_orders VALUES (42, 'hello from the wal')");

		const { rows } = await client.query<{ data: Buffer }>(
			"SELECT data FROM pg_logical_slot_get_binary_changes('smoke_slot', NULL, NULL, 'proto_version', '1', 'publication_names', 'smoke_pub')",
		);
		const kinds = rows.map((row) => String.fromCharCode(row.data[0])).join('');
		expect(kinds).toBe('BRIC'); // Begin, Relation, Insert, Commit
		const insert = rows[2].data;
		expect(insert.includes(Buffer.from('hello from the wal'))).toBe(true);
		expect(insert.includes(Buffer.from('42'))).toBe(true);

		// The slot advanced: reading again yields nothing.
		const again = await client.query(
			"SELECT data FROM pg_logical_slot_get_binary_changes('smoke_slot', NULL, NULL, 'proto_version', '1', 'publication_names', 'smoke_pub')",
		);
		expect(again.rowCount).toBe(0);
	});
});
