import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

import {
	checkSlotHealth,
	describePreflight,
	dropSlot,
	ensurePublication,
	ensureSlot,
	preflightCheck,
	readPublication,
	readSlot,
	verifyPublication,
} from '../../../nodes/shared/cdc/slots';
import { ReplicationStream } from '../../../nodes/shared/cdc/replication';
import type { PostgresConnection } from '../../support/embeddedPostgres';
import { connectPg, freshDatabase, testServers } from '../../support/testServers';
import { dropSlots, pullUntil, replicationOptions, uniqueSlotName } from './streamSupport';

/** Publications kept up to date, durable slots, pre-flight checks and slot health on a real server. */
describe('slots, publications and pre-flight', () => {
	let database: PostgresConnection;
	let sql: Client;
	const slots: string[] = [];
	const roles: string[] = [];

	beforeAll(async () => {
		database = await freshDatabase('cdc_slots');
		sql = await connectPg(database);
		await sql.query('CREATE SCHEMA app');
		await sql.query('CREATE TABLE app.orders (id int PRIMARY KEY, note text)');
		await sql.query('CREATE TABLE app.customers (id int PRIMARY KEY, name text)');
		await sql.query('CREATE TABLE app.audit (at timestamptz, what text)');
		await sql.query('CREATE TABLE public.other (id int PRIMARY KEY)');
	});

	afterAll(async () => {
		await dropSlots(sql, slots);
		for (const role of roles) {
			await sql.query(`DROP OWNED BY "${role}"`).catch(() => {});
			await sql.query(`DROP ROLE IF EXISTS "${role}"`).catch(() => {});
		}
		await sql.end();
	});

	const orders = { schema: 'app', table: 'orders' };
	const customers = { schema: 'app', table: 'customers' };
	const audit = { schema: 'app', table: 'audit' };

	it('creates a publication for chosen tables and operations, then keeps it up to date', async () => {
		const created = await ensurePublication(sql, {
			name: 'managed_pub',
			target: { kind: 'tables', tables: [orders] },
			operations: ['insert', 'update'],
		});
		expect(created).toEqual({
			created: true,
			statements: [
				`CREATE PUBLICATION "managed_pub" FOR TABLE "app"."orders" WITH (publish = 'insert, update')`,
			],
		});
		expect(await readPublication(sql, 'managed_pub')).toMatchObject({
			operations: ['insert', 'update'],
			tables: [orders],
		});

		// Nothing to do when it already matches.
		expect(
			await ensurePublication(sql, {
				name: 'managed_pub',
				target: { kind: 'tables', tables: [orders] },
				operations: ['update', 'insert'],
			}),
		).toEqual({ created: false, statements: [] });

		// The table list and the operations changed.
		const changed = await ensurePublication(sql, {
			name: 'managed_pub',
			target: { kind: 'tables', tables: [customers, audit] },
			operations: ['insert', 'update', 'delete', 'truncate'],
		});
		expect(changed.statements).toEqual([
			'ALTER PUBLICATION "managed_pub" ADD TABLE "app"."customers", "app"."audit"',
			'ALTER PUBLICATION "managed_pub" DROP TABLE "app"."orders"',
			`ALTER PUBLICATION "managed_pub" SET (publish = 'insert, update, delete, truncate')`,
		]);
		const info = await readPublication(sql, 'managed_pub');
		expect(info?.tables).toEqual([audit, customers]);
		expect(info?.operations).toEqual(['insert', 'update', 'delete', 'truncate']);
	});

	it('publishes all tables of a schema, including a table created later', async () => {
		await ensurePublication(sql, {
			name: 'schema_pub',
			target: { kind: 'schema', schema: 'app' },
			operations: ['insert'],
		});
		const names = async () =>
			(await readPublication(sql, 'schema_pub'))?.tables.map((table) => table.table);
		expect(await names()).toEqual(['audit', 'customers', 'orders']);
		await sql.query('CREATE TABLE app.late (id int PRIMARY KEY)');
		// PG 15+ follows the schema by itself; PG 14 picks the new table up at the next ensure.
		await ensurePublication(sql, {
			name: 'schema_pub',
			target: { kind: 'schema', schema: 'app' },
			operations: ['insert'],
		});
		expect(await names()).toEqual(['audit', 'customers', 'late', 'orders']);
		await sql.query('DROP TABLE app.late');
		await ensurePublication(sql, {
			name: 'schema_pub',
			target: { kind: 'schema', schema: 'app' },
			operations: ['insert'],
		});
		expect(await names()).toEqual(['audit', 'customers', 'orders']);
	});

	it('verifies an existing publication and names what it lacks', async () => {
		await sql.query(
			`CREATE PUBLICATION existing_pub FOR TABLE app.orders WITH (publish = 'insert')`,
		);
		await expect(
			verifyPublication(sql, 'existing_pub', { tables: [orders], operations: ['insert'] }),
		).resolves.toMatchObject({
			name: 'existing_pub',
		});
		await expect(
			verifyPublication(sql, 'existing_pub', {
				tables: [orders, customers],
				operations: ['insert', 'delete'],
			}),
		).rejects.toThrow(
			/Publication "existing_pub" does not fit: it does not publish app\.customers .*; it does not publish delete/,
		);
		await expect(verifyPublication(sql, 'missing_pub')).rejects.toThrow(
			/Publication "missing_pub" does not exist/,
		);
	});

	it('creates a durable pgoutput slot once, reuses it, and drops it on request', async () => {
		const slotName = uniqueSlotName('durable');
		slots.push(slotName);
		const first = await ensureSlot(sql, replicationOptions(database), slotName, {
			exportSnapshot: false,
		});
		expect(first.created).toBe(true);
		const slot = await readSlot(sql, slotName);
		expect(slot).toMatchObject({
			plugin: 'pgoutput',
			slotType: 'logical',
			temporary: false,
			database: database.database,
		});
		const second = await ensureSlot(sql, replicationOptions(database), slotName, {
			exportSnapshot: false,
		});
		expect(second).toMatchObject({ created: false, slot: { slotName } });

		const health = await checkSlotHealth(sql, slotName, 1024n * 1024n * 1024n);
		expect(health.level).toBe('ok');
		expect(health.health).toMatchObject({ exists: true, active: false });
		expect(['reserved', 'extended']).toContain(health.health.walStatus);
		expect(health.health.bytesBehind).toEqual(expect.any(BigInt));

		await sql.query(
			"INSERT INTO app.orders SELECT g, repeat('y', 100) FROM generate_series(1, 2000) g",
		);
		const lagging = await checkSlotHealth(sql, slotName, 1024n);
		expect(lagging.level).toBe('warning');
		expect(lagging.warnings.join(' ')).toMatch(/behind \(threshold 1\.0 KiB\)/);

		expect(await dropSlot(sql, slotName)).toBe(true);
		expect(await readSlot(sql, slotName)).toBeUndefined();
		expect(await dropSlot(sql, slotName)).toBe(false);
		expect((await checkSlotHealth(sql, slotName, 1n)).level).toBe('critical');
	});

	it('refuses a slot of the wrong kind under the chosen name', async () => {
		const slotName = uniqueSlotName('wrong_plugin');
		slots.push(slotName);
		await sql
			.query("SELECT pg_create_logical_replication_slot($1, 'test_decoding')", [slotName])
			.catch(async () => {
				await sql.query('SELECT pg_create_physical_replication_slot($1)', [slotName]);
			});
		await expect(
			ensureSlot(sql, replicationOptions(database), slotName, { exportSnapshot: false }),
		).rejects.toThrow(/this trigger needs a logical pgoutput slot/);
	});

	it('pre-flight passes for a replication user and names each missing thing for one without REPLICATION', async () => {
		const ready = await preflightCheck(sql, { tables: [orders], managePublication: true });
		expect(ready).toMatchObject({ ok: true, problems: [] });
		// The test server keeps the default: slots may retain WAL without limit.
		expect(ready.warnings.map((warning) => warning.check)).toEqual(['walKeepSize']);
		expect(ready.warnings[0].message).toMatch(/max_slot_wal_keep_size is unlimited/);

		const role = `cdc_plain_${randomBytes(4).toString('hex')}`;
		const password = randomBytes(12).toString('hex');
		roles.push(role);
		await sql.query(`CREATE ROLE "${role}" LOGIN PASSWORD '${password}'`);
		await sql.query(`GRANT USAGE ON SCHEMA app TO "${role}"`);
		const plain = new Client({
			...testServers().postgres,
			database: database.database,
			user: role,
			password,
		});
		await plain.connect();
		try {
			const report = await preflightCheck(plain, {
				tables: [orders, audit, { schema: 'app', table: 'nope' }],
				beforeImages: true,
				managePublication: true,
			});
			expect(report.ok).toBe(false);
			const checks = report.problems.map((problem) => problem.check);
			expect(checks).toEqual([
				'replicationPrivilege',
				'createPublication',
				'replicaIdentity',
				'replicaIdentity',
				'tableExists',
			]);
			const text = describePreflight(report);
			expect(text).toMatch(/no REPLICATION privilege\. Run ALTER ROLE <user> REPLICATION/);
			expect(text).toMatch(/REPLICA IDENTITY FULL on app\.orders/);
			expect(text).toMatch(/Table app\.nope does not exist/);
		} finally {
			await plain.end();
		}

		const withoutKey = await preflightCheck(sql, { tables: [audit] });
		expect(withoutKey.ok).toBe(true);
		expect(withoutKey.warnings.map((warning) => warning.check)).toEqual([
			'walKeepSize',
			'replicaIdentity',
		]);
		expect(withoutKey.warnings[1].message).toMatch(/app\.audit has no replica identity/);
	});

	it('streams a table added to the managed publication while the stream runs', async () => {
		await sql.query('CREATE TABLE app.first (id int PRIMARY KEY)');
		await sql.query('CREATE TABLE app.second (id int PRIMARY KEY)');
		const first = { schema: 'app', table: 'first' };
		const second = { schema: 'app', table: 'second' };
		await ensurePublication(sql, {
			name: 'growing_pub',
			target: { kind: 'tables', tables: [first] },
			operations: ['insert'],
		});
		const slotName = uniqueSlotName('growing');
		slots.push(slotName);
		await ensureSlot(sql, replicationOptions(database), slotName, { exportSnapshot: false });
		const stream = new ReplicationStream({
			connection: replicationOptions(database),
			slotName,
			publicationNames: ['growing_pub'],
		});
		try {
			await stream.start();
			await sql.query('INSERT INTO app.first VALUES (1)');
			await sql.query('INSERT INTO app.second VALUES (1)'); // not published yet
			await ensurePublication(sql, {
				name: 'growing_pub',
				target: { kind: 'tables', tables: [first, second] },
				operations: ['insert'],
			});
			await sql.query('INSERT INTO app.second VALUES (2)');
			// Wait for inserts, not commits: PG 14 also sends empty transactions (the unpublished insert).
			const { frames } = await pullUntil(
				stream,
				(seen) => seen.filter((frame) => frame.message.tag === 'insert').length === 2,
			);
			const inserted = frames.flatMap((frame) => {
				if (frame.message.tag === 'relation') return [`relation ${frame.message.name}`];
				if (frame.message.tag !== 'insert') return [];
				const value = frame.message.newTuple[0];
				return value.kind === 'text' ? [`insert ${value.value}`] : [];
			});
			expect(inserted).toEqual(['relation first', 'insert 1', 'relation second', 'insert 2']);
		} finally {
			await stream.close();
		}
	});

	it('drops a slot that is in use only when asked to end its consumer', async () => {
		const slotName = uniqueSlotName('held');
		slots.push(slotName);
		await ensureSlot(sql, replicationOptions(database), slotName, { exportSnapshot: false });
		const stream = new ReplicationStream({
			connection: replicationOptions(database),
			slotName,
			publicationNames: ['managed_pub'],
			reconnect: { maxAttempts: 0 },
		});
		await stream.start();
		try {
			await expect(dropSlot(sql, slotName, { timeoutMs: 300 })).rejects.toThrow(
				/is in use by process \d+; stop its consumer first/,
			);
			expect(await dropSlot(sql, slotName, { terminateActive: true })).toBe(true);
			expect(await readSlot(sql, slotName)).toBeUndefined();
		} finally {
			await stream.close();
		}
	});
});
