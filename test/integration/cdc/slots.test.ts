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
import { testServers } from '../../support/testServers';
import { useCdcDatabase } from './support/cdcDatabase';
import { pullUntil, replicationOptions, uniqueSlotName } from './streamSupport';

/** Publications kept up to date, durable slots, pre-flight checks and slot health on a real server. */
describe('slots, publications and pre-flight', () => {
	const db = useCdcDatabase('cdc_slots', {
		setup: [
			'CREATE SCHEMA app',
			'CREATE TABLE app.orders (id int PRIMARY KEY, note text)',
			'CREATE TABLE app.customers (id int PRIMARY KEY, name text)',
			'CREATE TABLE app.audit (at timestamptz, what text)',
			'CREATE TABLE public.other (id int PRIMARY KEY)',
		],
	});
	const roles: string[] = [];
	db.closeAfterAll(async () => {
		for (const role of roles) {
			await db.client.query(`DROP OWNED BY "${role}"`).catch(() => {});
			await db.client.query(`DROP ROLE IF EXISTS "${role}"`).catch(() => {});
		}
	});

	const orders = { schema: 'app', table: 'orders' };
	const customers = { schema: 'app', table: 'customers' };
	const audit = { schema: 'app', table: 'audit' };

	it('creates a publication for chosen tables and operations, then keeps it up to date', async () => {
		const created = await ensurePublication(db.client, {
			name: 'managed_pub',
			target: { kind: 'tables', tables: [orders] },
			operations: ['insert', 'update'],
		});
		expect(created).toEqual({
			created: true,
			statements: [
				`CREATE PUBLICATION "managed_pub" FOR TABLE "app"."orders" WITH (publish = 'insert, update', publish_via_partition_root = true)`,
			],
		});
		expect(await readPublication(db.client, 'managed_pub')).toMatchObject({
			operations: ['insert', 'update'],
			tables: [orders],
		});

		// Nothing to do when it already matches.
		expect(
			await ensurePublication(db.client, {
				name: 'managed_pub',
				target: { kind: 'tables', tables: [orders] },
				operations: ['update', 'insert'],
			}),
		).toEqual({ created: false, statements: [] });

		// The table list and the operations changed.
		const changed = await ensurePublication(db.client, {
			name: 'managed_pub',
			target: { kind: 'tables', tables: [customers, audit] },
			operations: ['insert', 'update', 'delete', 'truncate'],
		});
		expect(changed.statements).toEqual([
			'ALTER PUBLICATION "managed_pub" ADD TABLE "app"."customers", "app"."audit"',
			'ALTER PUBLICATION "managed_pub" DROP TABLE "app"."orders"',
			`ALTER PUBLICATION "managed_pub" SET (publish = 'insert, update, delete, truncate')`,
		]);
		const info = await readPublication(db.client, 'managed_pub');
		expect(info?.tables).toEqual([audit, customers]);
		expect(info?.operations).toEqual(['insert', 'update', 'delete', 'truncate']);
	});

	it('publishes all tables of a schema, including a table created later', async () => {
		await ensurePublication(db.client, {
			name: 'schema_pub',
			target: { kind: 'schema', schema: 'app' },
			operations: ['insert'],
		});
		const names = async () =>
			(await readPublication(db.client, 'schema_pub'))?.tables.map((table) => table.table);
		expect(await names()).toEqual(['audit', 'customers', 'orders']);
		await db.client.query('CREATE TABLE app.late (id int PRIMARY KEY)');
		// PG 15+ follows the schema by itself; PG 14 picks the new table up at the next ensure.
		await ensurePublication(db.client, {
			name: 'schema_pub',
			target: { kind: 'schema', schema: 'app' },
			operations: ['insert'],
		});
		expect(await names()).toEqual(['audit', 'customers', 'late', 'orders']);
		await db.client.query('DROP TABLE app.late');
		await ensurePublication(db.client, {
			name: 'schema_pub',
			target: { kind: 'schema', schema: 'app' },
			operations: ['insert'],
		});
		expect(await names()).toEqual(['audit', 'customers', 'orders']);
	});

	it('verifies an existing publication and names what it lacks', async () => {
		await db.client.query(
			`CREATE PUBLICATION existing_pub FOR TABLE app.orders WITH (publish = 'insert')`,
		);
		await expect(
			verifyPublication(db.client, 'existing_pub', { tables: [orders], operations: ['insert'] }),
		).resolves.toMatchObject({
			name: 'existing_pub',
		});
		await expect(
			verifyPublication(db.client, 'existing_pub', {
				tables: [orders, customers],
				operations: ['insert', 'delete'],
			}),
		).rejects.toThrow(
			/Publication "existing_pub" does not fit: it does not publish app\.customers .*; it does not publish delete/,
		);
		await expect(verifyPublication(db.client, 'missing_pub')).rejects.toThrow(
			/Publication "missing_pub" does not exist/,
		);
	});

	it('creates a durable pgoutput slot once, reuses it, and drops it on request', async () => {
		const slotName = uniqueSlotName('durable');
		db.trackSlot(slotName);
		const first = await ensureSlot(db.client, replicationOptions(db.connection), slotName, {
			exportSnapshot: false,
		});
		expect(first.created).toBe(true);
		const slot = await readSlot(db.client, slotName);
		expect(slot).toMatchObject({
			plugin: 'pgoutput',
			slotType: 'logical',
			temporary: false,
			database: db.connection.database,
		});
		const second = await ensureSlot(db.client, replicationOptions(db.connection), slotName, {
			exportSnapshot: false,
		});
		expect(second).toMatchObject({ created: false, slot: { slotName } });

		const health = await checkSlotHealth(db.client, slotName, 1024n * 1024n * 1024n);
		expect(health.level).toBe('ok');
		expect(health.health).toMatchObject({ exists: true, active: false });
		expect(['reserved', 'extended']).toContain(health.health.walStatus);
		expect(health.health.bytesBehind).toEqual(expect.any(BigInt));

		await db.client.query(
			"INSERT INTO app.orders SELECT g, repeat('y', 100) FROM generate_series(1, 2000) g",
		);
		const lagging = await checkSlotHealth(db.client, slotName, 1024n);
		expect(lagging.level).toBe('warning');
		expect(lagging.warnings.join(' ')).toMatch(/behind \(threshold 1\.0 KiB\)/);

		expect(await dropSlot(db.client, slotName)).toBe(true);
		expect(await readSlot(db.client, slotName)).toBeUndefined();
		expect(await dropSlot(db.client, slotName)).toBe(false);
		expect((await checkSlotHealth(db.client, slotName, 1n)).level).toBe('critical');
	});

	it('refuses a slot of the wrong kind under the chosen name', async () => {
		const slotName = uniqueSlotName('wrong_plugin');
		db.trackSlot(slotName);
		await db.client
			.query("SELECT pg_create_logical_replication_slot($1, 'test_decoding')", [slotName])
			.catch(async () => {
				await db.client.query('SELECT pg_create_physical_replication_slot($1)', [slotName]);
			});
		await expect(
			ensureSlot(db.client, replicationOptions(db.connection), slotName, { exportSnapshot: false }),
		).rejects.toThrow(/this trigger needs a logical pgoutput slot/);
	});

	it('pre-flight passes for a replication user and names each missing thing for one without REPLICATION', async () => {
		const ready = await preflightCheck(db.client, { tables: [orders], managePublication: true });
		expect(ready).toMatchObject({ ok: true, problems: [] });
		// The test server keeps the default: slots may retain WAL without limit.
		expect(ready.warnings.map((warning) => warning.check)).toEqual(['walKeepSize']);
		expect(ready.warnings[0].message).toMatch(/max_slot_wal_keep_size is unlimited/);

		const role = `cdc_plain_${randomBytes(4).toString('hex')}`;
		const password = randomBytes(12).toString('hex');
		roles.push(role);
		await db.client.query(`CREATE ROLE "${role}" LOGIN PASSWORD '${password}'`);
		await db.client.query(`GRANT USAGE ON SCHEMA app TO "${role}"`);
		const plain = new Client({
			...testServers().postgres,
			database: db.connection.database,
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

		const withoutKey = await preflightCheck(db.client, { tables: [audit] });
		expect(withoutKey.ok).toBe(true);
		expect(withoutKey.warnings.map((warning) => warning.check)).toEqual([
			'walKeepSize',
			'replicaIdentity',
		]);
		expect(withoutKey.warnings[1].message).toMatch(/app\.audit has no replica identity/);
	});

	it('streams a table added to the managed publication while the stream runs', async () => {
		await db.client.query('CREATE TABLE app.first (id int PRIMARY KEY)');
		await db.client.query('CREATE TABLE app.second (id int PRIMARY KEY)');
		const first = { schema: 'app', table: 'first' };
		const second = { schema: 'app', table: 'second' };
		await ensurePublication(db.client, {
			name: 'growing_pub',
			target: { kind: 'tables', tables: [first] },
			operations: ['insert'],
		});
		const slotName = uniqueSlotName('growing');
		db.trackSlot(slotName);
		await ensureSlot(db.client, replicationOptions(db.connection), slotName, {
			exportSnapshot: false,
		});
		const stream = new ReplicationStream({
			connection: replicationOptions(db.connection),
			slotName,
			publicationNames: ['growing_pub'],
		});
		try {
			await stream.start();
			await db.client.query('INSERT INTO app.first VALUES (1)');
			await db.client.query('INSERT INTO app.second VALUES (1)'); // not published yet
			await ensurePublication(db.client, {
				name: 'growing_pub',
				target: { kind: 'tables', tables: [first, second] },
				operations: ['insert'],
			});
			await db.client.query('INSERT INTO app.second VALUES (2)');
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
		db.trackSlot(slotName);
		await ensureSlot(db.client, replicationOptions(db.connection), slotName, {
			exportSnapshot: false,
		});
		const stream = new ReplicationStream({
			connection: replicationOptions(db.connection),
			slotName,
			publicationNames: ['managed_pub'],
			reconnect: { maxAttempts: 0 },
		});
		await stream.start();
		try {
			await expect(dropSlot(db.client, slotName, { timeoutMs: 300 })).rejects.toThrow(
				/is in use by process \d+; stop its consumer first/,
			);
			expect(await dropSlot(db.client, slotName, { terminateActive: true })).toBe(true);
			expect(await readSlot(db.client, slotName)).toBeUndefined();
		} finally {
			await stream.close();
		}
	});
});
