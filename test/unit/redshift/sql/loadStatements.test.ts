import {
	buildAddColumn,
	buildChangelogApply,
	buildCloseCursor,
	buildCountNullKeys,
	buildCreateChangelogStage,
	buildCreatePositionsTable,
	buildCreateStagingTable,
	buildDeclareCursor,
	buildDeduplicateStaging,
	buildDeleteAllRows,
	buildFetchForward,
	buildInsertFromStage,
	buildLastCopyIdQuery,
	buildReadAppliedPosition,
	buildStlLoadErrorsQuery,
	buildSwapOverwrite,
	buildSysLoadErrorsQuery,
	buildTruncate,
	buildUpsertDeleteInsert,
	buildUpsertMerge,
} from '../../../../nodes/shared/redshift/sql';

const target = { schema: 'Sales', name: 'Orders' };

describe('staging tables and upsert', () => {
	it('creates the stage LIKE the target, or with extra columns by an empty CREATE TABLE AS', () => {
		expect(buildCreateStagingTable({ stage: 'stage_r1', like: target })).toBe('CREATE TEMP TABLE "stage_r1" (LIKE "sales"."orders")');
		expect(buildCreateStagingTable({ stage: 'stage_r1', like: target, extraColumns: [{ name: '_n8n_ordinal', type: 'bigint' }] })).toBe(
			'CREATE TEMP TABLE "stage_r1" AS SELECT *, CAST(NULL AS BIGINT) AS "_n8n_ordinal" FROM "sales"."orders" WHERE 1 = 0',
		);
	});

	it('deduplicates the stage keeping the last row per key', () => {
		expect(buildDeduplicateStaging({ stage: 'stage_r1', keys: ['Id', 'Region'] })).toBe(
			'DELETE FROM "stage_r1" WHERE "_n8n_ordinal" IN (SELECT "_n8n_ordinal" FROM (SELECT "_n8n_ordinal", ROW_NUMBER() OVER ' +
				'(PARTITION BY "id", "region" ORDER BY "_n8n_ordinal" DESC) AS "_n8n_row" FROM "stage_r1") AS "_n8n_ranked" WHERE "_n8n_row" > 1)',
		);
		expect(buildCountNullKeys({ stage: 'stage_r1', keys: ['Id', 'Region'] })).toBe(
			'SELECT COUNT(*) AS "null_keys" FROM "stage_r1" WHERE "id" IS NULL OR "region" IS NULL',
		);
	});

	it('upserts by delete-insert', () => {
		expect(buildUpsertDeleteInsert({ target, stage: 'stage_r1', keys: ['Id'], columns: ['Id', 'Amount'] })).toEqual([
			'DELETE FROM "sales"."orders" USING "stage_r1" WHERE "sales"."orders"."id" = "stage_r1"."id"',
			'INSERT INTO "sales"."orders" ("id", "amount") SELECT "id", "amount" FROM "stage_r1"',
		]);
	});

	it('upserts by MERGE, with a no-op update when every column is a key', () => {
		expect(buildUpsertMerge({ target, stage: 'stage_r1', keys: ['Id'], columns: ['Id', 'Amount', 'Note'] })).toBe(
			'MERGE INTO "sales"."orders" USING "stage_r1" ON "sales"."orders"."id" = "stage_r1"."id" ' +
				'WHEN MATCHED THEN UPDATE SET "amount" = "stage_r1"."amount", "note" = "stage_r1"."note" ' +
				'WHEN NOT MATCHED THEN INSERT ("id", "amount", "note") VALUES ("stage_r1"."id", "stage_r1"."amount", "stage_r1"."note")',
		);
		expect(buildUpsertMerge({ target, stage: 's', keys: ['ID'], columns: ['id'] })).toContain('UPDATE SET "id" = "s"."id"');
	});

	it('refuses upserts without keys or with the stage named like the target', () => {
		expect(() => buildUpsertDeleteInsert({ target, stage: 's', keys: [], columns: ['a'] })).toThrow(/at least one key/);
		expect(() => buildUpsertDeleteInsert({ target: { name: 'T' }, stage: 't', keys: ['a'], columns: ['a'] })).toThrow(/target's name/);
		expect(() => buildUpsertMerge({ target: { schema: 'x', name: 'Stage' }, stage: 'stage', keys: ['a'], columns: ['a'] })).toThrow(/target's name/);
	});
});

describe('overwrite', () => {
	it('swaps a loaded replacement in by renames and drops the old table', () => {
		expect(buildSwapOverwrite({ target, replacement: 'orders_n8n_new_r1', retiredName: 'orders_n8n_old_r1' })).toEqual([
			'ALTER TABLE "sales"."orders" RENAME TO "orders_n8n_old_r1"',
			'ALTER TABLE "sales"."orders_n8n_new_r1" RENAME TO "orders"',
			'DROP TABLE "sales"."orders_n8n_old_r1"',
		]);
		expect(buildSwapOverwrite({ target, replacement: 'n', retiredName: 'o', cascade: true })[2]).toBe('DROP TABLE "sales"."o" CASCADE');
		expect(buildSwapOverwrite({ target, replacement: 'n', retiredName: 'o', keepRetired: true })).toHaveLength(2);
		expect(() => buildSwapOverwrite({ target, replacement: 'Orders', retiredName: 'o' })).toThrow(/must all differ/);
	});

	it('offers DELETE (atomic), TRUNCATE (commits: not atomic) and INSERT … SELECT', () => {
		expect(buildDeleteAllRows(target)).toBe('DELETE FROM "sales"."orders"');
		expect(buildTruncate(target)).toBe('TRUNCATE "sales"."orders"');
		expect(buildInsertFromStage(target, 'stage_r1', ['Id', 'Note'])).toBe(
			'INSERT INTO "sales"."orders" ("id", "note") SELECT "id", "note" FROM "stage_r1"',
		);
	});
});

describe('changelog apply', () => {
	it('creates the positions table with room for commit LSN × 2^32 + event index, and the changelog stage', () => {
		expect(buildCreatePositionsTable(target)).toBe(
			'CREATE TABLE IF NOT EXISTS "sales"."_n8n_cdc_positions" ("target_table" VARCHAR(512) NOT NULL, "position" NUMERIC(38,0) NOT NULL, PRIMARY KEY ("target_table"))',
		);
		expect(buildCreateChangelogStage('cdc_r1', target)).toBe(
			'CREATE TEMP TABLE "cdc_r1" AS SELECT *, CAST(NULL AS VARCHAR(1)) AS "_n8n_op", CAST(NULL AS NUMERIC(38,0)) AS "_n8n_position", ' +
				'CAST(NULL AS VARCHAR(65535)) AS "_n8n_unchanged", CAST(NULL AS BIGINT) AS "_n8n_ordinal" FROM "sales"."orders" WHERE 1 = 0',
		);
		expect(buildReadAppliedPosition(target)).toEqual({
			text: 'SELECT CAST("position" AS VARCHAR(40)) AS "position" FROM "sales"."_n8n_cdc_positions" WHERE "target_table" = $1',
			values: ['sales.orders'],
		});
	});

	it('skips applied positions, keeps the last change per key, deletes, inserts and records the position', () => {
		expect(
			buildChangelogApply({ target, stage: 'cdc_r1', keys: ['Id'], columns: ['Id', 'Note'], batchPosition: 2n ** 96n - 1n }),
		).toEqual([
			{
				text: 'DELETE FROM "cdc_r1" WHERE "_n8n_position" <= (SELECT COALESCE(MAX("position"), -1) FROM "sales"."_n8n_cdc_positions" WHERE "target_table" = $1)',
				values: ['sales.orders'],
			},
			{
				text:
					'DELETE FROM "cdc_r1" WHERE "_n8n_ordinal" IN (SELECT "_n8n_ordinal" FROM (SELECT "_n8n_ordinal", ROW_NUMBER() OVER ' +
					'(PARTITION BY "id" ORDER BY "_n8n_position" DESC, "_n8n_ordinal" DESC) AS "_n8n_row" FROM "cdc_r1") AS "_n8n_ranked" WHERE "_n8n_row" > 1)',
				values: [],
			},
			{ text: 'DELETE FROM "sales"."orders" USING "cdc_r1" WHERE "sales"."orders"."id" = "cdc_r1"."id"', values: [] },
			{ text: `INSERT INTO "sales"."orders" ("id", "note") SELECT "id", "note" FROM "cdc_r1" WHERE "_n8n_op" <> 'd'`, values: [] },
			{
				text: 'UPDATE "sales"."_n8n_cdc_positions" SET "position" = CAST($2 AS NUMERIC(38,0)) WHERE "target_table" = $1 AND "position" < CAST($2 AS NUMERIC(38,0))',
				values: ['sales.orders', '79228162514264337593543950335'],
			},
			{
				text:
					'INSERT INTO "sales"."_n8n_cdc_positions" ("target_table", "position") SELECT CAST($1 AS VARCHAR(512)), CAST($2 AS NUMERIC(38,0)) ' +
					'WHERE NOT EXISTS (SELECT 1 FROM "sales"."_n8n_cdc_positions" WHERE "target_table" = $1)',
				values: ['sales.orders', '79228162514264337593543950335'],
			},
		]);
	});

	it('applies a truncate unless already applied, and fills unchanged TOAST columns from the table', () => {
		const statements = buildChangelogApply({
			target: { schema: 'public', name: 'Orders' },
			stage: 'orders_n8n_changes_1',
			keys: ['id'],
			columns: ['id', 'body'],
			batchPosition: '123',
			truncatePosition: '100',
			unchangedColumns: ['body'],
		});
		const recorded = '(SELECT COALESCE(MAX("position"), -1) FROM "public"."_n8n_cdc_positions" WHERE "target_table" = $1)';
		expect(statements[0]).toEqual({ text: `DELETE FROM "public"."orders" WHERE CAST($2 AS NUMERIC(38,0)) > ${recorded}`, values: ['public.orders', '100'] });
		expect(statements[1]).toEqual({ text: `DELETE FROM "orders_n8n_changes_1" WHERE "_n8n_position" <= ${recorded}`, values: ['public.orders'] });
		expect(statements[3]).toEqual({
			text: 'UPDATE "orders_n8n_changes_1" SET "body" = "public"."orders"."body" FROM "public"."orders" WHERE "orders_n8n_changes_1"."id" = "public"."orders"."id" AND POSITION($1 IN "orders_n8n_changes_1"."_n8n_unchanged") > 0',
			values: [',body,'],
		});
		expect(statements.map((statement) => statement.text.split(' ')[0])).toEqual(['DELETE', 'DELETE', 'DELETE', 'UPDATE', 'DELETE', 'INSERT', 'UPDATE', 'INSERT']);
	});

	it('adds a column a schema change brings, one per statement', () => {
		expect(buildAddColumn(target, 'Price', { name: 'NUMERIC', precision: 8, scale: 2 })).toBe('ALTER TABLE "sales"."orders" ADD COLUMN "price" NUMERIC(8,2)');
	});

	it('only records the position when nothing was staged', () => {
		const statements = buildChangelogApply({ target: { name: 't' }, stage: 's', keys: ['id'], columns: ['id'], batchPosition: '5', staged: false });
		expect(statements.map((statement) => statement.text.split(' ')[0])).toEqual(['UPDATE', 'INSERT']);
	});

	it('refuses positions that are not whole numbers fitting NUMERIC(38,0)', () => {
		const base = { target, stage: 'c', keys: ['id'], columns: ['id'] };
		expect(() => buildChangelogApply({ ...base, batchPosition: '-1' })).toThrow(/0 to 10\^38-1/);
		expect(() => buildChangelogApply({ ...base, batchPosition: '1'.padEnd(39, '0') })).toThrow(/0 to 10\^38-1/);
		expect(() => buildChangelogApply({ ...base, batchPosition: "1'; --" })).toThrow(/0 to 10\^38-1/);
		expect(() => buildChangelogApply({ ...base, batchPosition: '1', truncatePosition: '1.5' })).toThrow(/0 to 10\^38-1/);
	});
});

describe('cursors and load errors', () => {
	it('declares, fetches and closes a named cursor, keeping query parameters', () => {
		expect(buildDeclareCursor('n8n_read', { text: 'SELECT * FROM t WHERE a > $1;', values: [5] })).toEqual({
			text: 'DECLARE "n8n_read" CURSOR FOR SELECT * FROM t WHERE a > $1',
			values: [5],
		});
		expect(buildFetchForward('n8n_read', 1000)).toBe('FETCH FORWARD 1000 FROM "n8n_read"');
		expect(() => buildFetchForward('c', 0)).toThrow(/FETCH count/);
		expect(buildCloseCursor('n8n_read')).toBe('CLOSE "n8n_read"');
	});

	it('reads load errors by parameters, never by splicing', () => {
		expect(buildLastCopyIdQuery()).toBe('SELECT pg_last_copy_id() AS "query_id"');
		const stl = buildStlLoadErrorsQuery(12345, 5);
		expect(stl.text).toMatch(/FROM stl_load_errors WHERE "query" = \$1 ORDER BY "line_number" LIMIT 5$/);
		expect(stl.values).toEqual(['12345']);
		expect(() => buildStlLoadErrorsQuery('1 OR 1=1')).toThrow(/whole number/);
		const sys = buildSysLoadErrorsQuery('4711');
		expect(sys.text).toBe(
			'SELECT "query_id", TRIM("file_name") AS "file_name", "line_number", TRIM("column_name") AS "column_name", ' +
				'TRIM("column_type") AS "column_type", TRIM("column_length") AS "column_length", "position", ' +
				'CAST(NULL AS VARCHAR(1024)) AS "raw_line", CAST(NULL AS VARCHAR(1024)) AS "raw_field_value", "error_code", ' +
				'TRIM("error_message") AS "error_message" FROM sys_load_error_detail WHERE "query_id" = $1 ORDER BY "line_number" LIMIT 10',
		);
		expect(sys.values).toEqual(['4711']);
		expect(() => buildSysLoadErrorsQuery('1; DROP TABLE t')).toThrow(/whole number/);
	});
});
