import { changePosition, EVENTS_PER_COMMIT, redshiftTypeForPostgres } from '../../../nodes/shared/loads';
import { buildChangelogApply, buildCreatePositions } from '../../../nodes/shared/loads/changelogSql';

describe('changePosition', () => {
	it('orders by commit LSN, then by the event index within the transaction', () => {
		const later = changePosition({ commitLsn: '0/200', lsn: '0/10', eventIndex: 0 }, 0);
		const earlier = changePosition({ commitLsn: '0/100', lsn: '0/150', eventIndex: 7 }, 1);
		expect(earlier < later).toBe(true);
		expect(changePosition({ commitLsn: '1/0', eventIndex: 3 }, 0)).toBe((1n << 32n) * EVENTS_PER_COMMIT + 3n);
		expect(changePosition({ commitLsn: 'FFFFFFFF/FFFFFFFF', eventIndex: 2 ** 32 - 1 }, 0)).toBe(2n ** 96n - 1n);
	});

	it('accepts whole numbers and falls back to the change LSN', () => {
		expect(changePosition({ commitLsn: 5 }, 0)).toBe(5n * EVENTS_PER_COMMIT);
		expect(changePosition({ commitLsn: '42' }, 0)).toBe(42n * EVENTS_PER_COMMIT);
		expect(changePosition({ lsn: '0/A' }, 0)).toBe(10n * EVENTS_PER_COMMIT);
	});

	it('refuses missing or malformed positions, naming the item', () => {
		expect(() => changePosition(undefined, 4)).toThrow(/Item 4: the change has no source.commitLsn/);
		expect(() => changePosition({ commitLsn: 'zz' }, 2)).toThrow(/Item 2: "zz" is not an LSN/);
		expect(() => changePosition({ commitLsn: '0/1', eventIndex: -1 }, 0)).toThrow(/eventIndex must be a whole number/);
		expect(() => changePosition({ commitLsn: '0/1', eventIndex: 2 ** 32 }, 0)).toThrow(/eventIndex/);
	});
});

describe('redshiftTypeForPostgres', () => {
	it.each([
		['integer', 'INTEGER'],
		['bigint', 'BIGINT'],
		['smallint', 'SMALLINT'],
		['boolean', 'BOOLEAN'],
		['double precision', 'DOUBLE PRECISION'],
		['date', 'DATE'],
		['timestamp with time zone', 'TIMESTAMPTZ'],
		['timestamp(3) without time zone', 'TIMESTAMP'],
		['time with time zone', 'TIMETZ'],
		['jsonb', 'SUPER'],
		['integer[]', 'SUPER'],
	])('%s → %s', (postgres, redshift) => {
		expect(redshiftTypeForPostgres(postgres).name).toBe(redshift);
	});

	it('counts characters as up to 4 bytes and keeps types without an exact match as text', () => {
		expect(redshiftTypeForPostgres('character varying(20)')).toEqual({ name: 'VARCHAR', length: 80 });
		expect(redshiftTypeForPostgres('character(3)')).toEqual({ name: 'VARCHAR', length: 12 });
		expect(redshiftTypeForPostgres('character varying(30000)')).toEqual({ name: 'VARCHAR', length: 65535 });
		expect(redshiftTypeForPostgres('numeric(10,2)')).toEqual({ name: 'NUMERIC', precision: 10, scale: 2 });
		for (const text of ['text', 'numeric', 'numeric(50,2)', 'uuid', 'interval', 'inet', 'mood']) {
			expect(redshiftTypeForPostgres(text)).toEqual({ name: 'VARCHAR', length: 65535 });
		}
	});
});

describe('changelog SQL', () => {
	it('creates the positions table with room for commit LSN × 2^32 + event index', () => {
		expect(buildCreatePositions({ schema: 'Sales', name: 'orders' })).toBe(
			'CREATE TABLE IF NOT EXISTS "sales"."_n8n_cdc_positions" ("target_table" VARCHAR(512) NOT NULL, "position" NUMERIC(38,0) NOT NULL, PRIMARY KEY ("target_table"))',
		);
	});

	it('applies a batch exactly once: truncate, replay filter, dedup, TOAST fill, delete, insert, position', () => {
		const statements = buildChangelogApply({
			target: { schema: 'public', name: 'Orders' },
			stage: 'orders_n8n_changes_1',
			keys: ['id'],
			columns: ['id', 'body'],
			batchPosition: '123',
			truncatePosition: '100',
			unchangedColumns: ['body'],
			staged: true,
		});
		const recorded = '(SELECT COALESCE(MAX("position"), -1) FROM "public"."_n8n_cdc_positions" WHERE "target_table" = $1)';
		expect(statements).toEqual([
			{ text: `DELETE FROM "public"."orders" WHERE CAST($2 AS NUMERIC(38,0)) > ${recorded}`, values: ['public.orders', '100'] },
			{ text: `DELETE FROM "orders_n8n_changes_1" WHERE "_n8n_position" <= ${recorded}`, values: ['public.orders'] },
			{ text: expect.stringMatching(/^DELETE FROM "orders_n8n_changes_1" WHERE "_n8n_ordinal" IN .*ORDER BY "_n8n_position" DESC, "_n8n_ordinal" DESC/) },
			{
				text: 'UPDATE "orders_n8n_changes_1" SET "body" = "public"."orders"."body" FROM "public"."orders" WHERE "orders_n8n_changes_1"."id" = "public"."orders"."id" AND POSITION($1 IN "orders_n8n_changes_1"."_n8n_unchanged") > 0',
				values: [',body,'],
			},
			{ text: 'DELETE FROM "public"."orders" USING "orders_n8n_changes_1" WHERE "public"."orders"."id" = "orders_n8n_changes_1"."id"' },
			{ text: 'INSERT INTO "public"."orders" ("id", "body") SELECT "id", "body" FROM "orders_n8n_changes_1" WHERE "_n8n_op" <> \'d\'' },
			{
				text: 'UPDATE "public"."_n8n_cdc_positions" SET "position" = CAST($2 AS NUMERIC(38,0)) WHERE "target_table" = $1 AND "position" < CAST($2 AS NUMERIC(38,0))',
				values: ['public.orders', '123'],
			},
			{
				text: 'INSERT INTO "public"."_n8n_cdc_positions" ("target_table", "position") SELECT CAST($1 AS VARCHAR(512)), CAST($2 AS NUMERIC(38,0)) WHERE NOT EXISTS (SELECT 1 FROM "public"."_n8n_cdc_positions" WHERE "target_table" = $1)',
				values: ['public.orders', '123'],
			},
		]);
	});

	it('only records the position when nothing was staged', () => {
		const statements = buildChangelogApply({ target: { name: 't' }, stage: 's', keys: ['id'], columns: ['id'], batchPosition: '5', staged: false });
		expect(statements.map((statement) => statement.text.split(' ')[0])).toEqual(['UPDATE', 'INSERT']);
	});
});
