import {
	addTablesSql,
	assertValidSlotName,
	createPublicationForSchemaSql,
	createPublicationForTablesSql,
	createSlotCommand,
	defaultSlotName,
	dropTablesSql,
	judgeSlotHealth,
	setPublishSql,
	setViaPartitionRootSql,
	type SlotHealth,
} from '../../../nodes/shared/cdc/slots';
import { chunkSql, setTransactionSnapshotSql } from '../../../nodes/shared/cdc/snapshot';

/** Pure SQL and naming rules for slots, publications and the snapshot. */
describe('replication slot and publication SQL', () => {
	it('derives a stable, valid slot name per workflow and node, within 63 bytes', () => {
		const name = defaultSlotName('Wf-1234 Orders!', '7f1c9a2e-1111-2222-3333-444455556666');
		expect(name).toBe(defaultSlotName('Wf-1234 Orders!', '7f1c9a2e-1111-2222-3333-444455556666'));
		expect(name).toMatch(/^n8n_cdc_wf1234orders_7f1c9a2e1111_[0-9a-f]{12}$/);
		expect(() => assertValidSlotName(name)).not.toThrow();
		expect(defaultSlotName('wf', 'node-a')).not.toBe(defaultSlotName('wf', 'node-b'));
		expect(defaultSlotName('a'.repeat(200), 'b'.repeat(200)).length).toBeLessThanOrEqual(63);
		expect(defaultSlotName('Ünïcode', 'ñ')).toMatch(/^[a-z0-9_]+$/);
	});

	it('refuses slot names PostgreSQL would refuse, saying what is allowed', () => {
		expect(() => assertValidSlotName('Upper')).toThrow(
			/lower-case letters, digits and underscores/,
		);
		expect(() => assertValidSlotName('a-b')).toThrow(/not a valid replication slot name/);
		expect(() => assertValidSlotName('x'.repeat(64))).toThrow(/at most 63/);
	});

	it('uses the option-list form of CREATE_REPLICATION_SLOT on PG 15+ and the keywords on PG 14', () => {
		expect(createSlotCommand('s1', true, 14)).toBe(
			'CREATE_REPLICATION_SLOT "s1" LOGICAL pgoutput EXPORT_SNAPSHOT',
		);
		expect(createSlotCommand('s1', false, 14)).toBe(
			'CREATE_REPLICATION_SLOT "s1" LOGICAL pgoutput NOEXPORT_SNAPSHOT',
		);
		expect(createSlotCommand('s1', true, 16)).toBe(
			`CREATE_REPLICATION_SLOT "s1" LOGICAL pgoutput (SNAPSHOT 'export')`,
		);
		expect(createSlotCommand('s1', false, 18)).toBe(
			`CREATE_REPLICATION_SLOT "s1" LOGICAL pgoutput (SNAPSHOT 'nothing')`,
		);
		expect(() => createSlotCommand('bad"name', true, 16)).toThrow(
			/not a valid replication slot name/,
		);
	});

	it('builds publication DDL with quoted names and only the chosen operations', () => {
		const tables = [
			{ schema: 'public', table: 'orders' },
			{ schema: 'Sales "EU"', table: 'line items' },
		];
		expect(createPublicationForTablesSql('pub', tables, ['update', 'insert'])).toBe(
			`CREATE PUBLICATION "pub" FOR TABLE "public"."orders", "Sales ""EU"""."line items" WITH (publish = 'insert, update', publish_via_partition_root = true)`,
		);
		expect(createPublicationForTablesSql('pub', [], ['delete'])).toBe(
			`CREATE PUBLICATION "pub" WITH (publish = 'delete', publish_via_partition_root = true)`,
		);
		expect(
			createPublicationForSchemaSql('p', 'app', ['insert', 'update', 'delete', 'truncate']),
		).toBe(
			`CREATE PUBLICATION "p" FOR TABLES IN SCHEMA "app" WITH (publish = 'insert, update, delete, truncate', publish_via_partition_root = true)`,
		);
		expect(addTablesSql('p', [tables[0]])).toBe(
			'ALTER PUBLICATION "p" ADD TABLE "public"."orders"',
		);
		expect(dropTablesSql('p', [tables[0]])).toBe(
			'ALTER PUBLICATION "p" DROP TABLE "public"."orders"',
		);
		expect(setPublishSql('p', ['truncate'])).toBe(
			`ALTER PUBLICATION "p" SET (publish = 'truncate')`,
		);
		expect(() => setPublishSql('p', [])).toThrow(/at least one operation/);
		expect(setViaPartitionRootSql('p')).toBe(
			'ALTER PUBLICATION "p" SET (publish_via_partition_root = true)',
		);
	});

	it('reads snapshot chunks by primary key (keyset) or by ctid, with parameters for the cursor', () => {
		const table = { schema: 'public', table: 'orders' };
		expect(
			chunkSql(table, ['id', 'note'], { kind: 'primaryKey', keyColumns: ['id'] }, false, 500),
		).toBe(
			'SELECT src."id", src."note", src."id"::text FROM "public"."orders" AS src ORDER BY src."id" LIMIT 500',
		);
		expect(
			chunkSql(table, ['a', 'b', 'c'], { kind: 'primaryKey', keyColumns: ['b', 'a'] }, true, 10),
		).toBe(
			'SELECT src."a", src."b", src."c", src."b"::text, src."a"::text FROM "public"."orders" AS src WHERE (src."b", src."a") > ($1, $2) ORDER BY src."b", src."a" LIMIT 10',
		);
		expect(chunkSql(table, ['v'], { kind: 'ctid' }, true, 10)).toBe(
			'SELECT src."v", src.ctid::text FROM "public"."orders" AS src WHERE src.ctid > $1::tid ORDER BY src.ctid LIMIT 10',
		);
		expect(() => chunkSql(table, ['v'], { kind: 'ctid' }, false, 0)).toThrow(/positive integer/);
	});

	it("puts a publication's row filter before the cursor condition in the chunk's WHERE", () => {
		const table = { schema: 'public', table: 'orders' };
		const filter = '("Display Name" <> \'hidden\'::text)';
		expect(
			chunkSql(table, ['id'], { kind: 'primaryKey', keyColumns: ['id'] }, true, 5, filter),
		).toBe(
			`SELECT src."id", src."id"::text FROM "public"."orders" AS src WHERE (("Display Name" <> 'hidden'::text)) AND (src."id") > ($1) ORDER BY src."id" LIMIT 5`,
		);
		expect(chunkSql(table, ['v'], { kind: 'ctid' }, false, 5, filter)).toBe(
			`SELECT src."v", src.ctid::text FROM "public"."orders" AS src WHERE (("Display Name" <> 'hidden'::text)) ORDER BY src.ctid LIMIT 5`,
		);
	});

	it('accepts only exported snapshot ids in SET TRANSACTION SNAPSHOT', () => {
		expect(setTransactionSnapshotSql('00000003-0000001B-1')).toBe(
			`SET TRANSACTION SNAPSHOT '00000003-0000001B-1'`,
		);
		expect(() => setTransactionSnapshotSql("x'; DROP TABLE t; --")).toThrow(
			/not an exported snapshot id/,
		);
	});

	it('judges slot health by lag, wal_status and safe_wal_size', () => {
		const healthy: SlotHealth = {
			slotName: 's',
			exists: true,
			active: true,
			walStatus: 'reserved',
			bytesBehind: 1_000n,
			retainedBytes: 2_000n,
			safeWalSize: null,
		};
		expect(judgeSlotHealth(healthy, 1_048_576n)).toEqual({
			health: healthy,
			level: 'ok',
			warnings: [],
		});
		const behind = judgeSlotHealth({ ...healthy, bytesBehind: 5n * 1_048_576n }, 1_048_576n);
		expect(behind.level).toBe('warning');
		expect(behind.warnings[0]).toMatch(/is 5\.0 MiB behind \(threshold 1\.0 MiB\)/);
		expect(judgeSlotHealth({ ...healthy, walStatus: 'lost' }, 1n).level).toBe('critical');
		expect(
			judgeSlotHealth({ ...healthy, walStatus: 'unreserved' }, 1_048_576n).warnings[0],
		).toMatch(/next checkpoint/);
		expect(judgeSlotHealth({ ...healthy, safeWalSize: 10n }, 1_048_576n).level).toBe('critical');
		expect(judgeSlotHealth({ ...healthy, exists: false }, 1n).warnings[0]).toMatch(
			/does not exist/,
		);
	});
});
