import {
	buildAddColumn,
	buildCloseCursor,
	buildCountNullKeys,
	buildCreateStagingTable,
	buildDeclareCursor,
	buildDeduplicateStaging,
	buildDeleteAllRows,
	buildFetchForward,
	buildInsertFromStage,
	buildLastCopyIdQuery,
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
		expect(buildCreateStagingTable({ stage: 'stage_r1', like: target })).toBe(
			'CREATE TEMP TABLE "stage_r1" (LIKE "sales"."orders")',
		);
		expect(
			buildCreateStagingTable({
				stage: 'stage_r1',
				like: target,
				extraColumns: [{ name: '_n8n_ordinal', type: 'bigint' }],
			}),
		).toBe(
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
		expect(
			buildUpsertDeleteInsert({
				target,
				stage: 'stage_r1',
				keys: ['Id'],
				columns: ['Id', 'Amount'],
			}),
		).toEqual([
			'DELETE FROM "sales"."orders" USING "stage_r1" WHERE "sales"."orders"."id" = "stage_r1"."id"',
			'INSERT INTO "sales"."orders" ("id", "amount") SELECT "id", "amount" FROM "stage_r1"',
		]);
	});

	it('upserts by MERGE, with a no-op update when every column is a key', () => {
		expect(
			buildUpsertMerge({
				target,
				stage: 'stage_r1',
				keys: ['Id'],
				columns: ['Id', 'Amount', 'Note'],
			}),
		).toBe(
			'MERGE INTO "sales"."orders" USING "stage_r1" ON "sales"."orders"."id" = "stage_r1"."id" ' +
				'WHEN MATCHED THEN UPDATE SET "amount" = "stage_r1"."amount", "note" = "stage_r1"."note" ' +
				'WHEN NOT MATCHED THEN INSERT ("id", "amount", "note") VALUES ("stage_r1"."id", "stage_r1"."amount", "stage_r1"."note")',
		);
		expect(buildUpsertMerge({ target, stage: 's', keys: ['ID'], columns: ['id'] })).toContain(
			'UPDATE SET "id" = "s"."id"',
		);
	});

	it('refuses upserts without keys or with the stage named like the target', () => {
		expect(() => buildUpsertDeleteInsert({ target, stage: 's', keys: [], columns: ['a'] })).toThrow(
			/at least one key/,
		);
		expect(() =>
			buildUpsertDeleteInsert({ target: { name: 'T' }, stage: 't', keys: ['a'], columns: ['a'] }),
		).toThrow(/target's name/);
		expect(() =>
			buildUpsertMerge({
				target: { schema: 'x', name: 'Stage' },
				stage: 'stage',
				keys: ['a'],
				columns: ['a'],
			}),
		).toThrow(/target's name/);
	});
});

describe('overwrite', () => {
	it('swaps a loaded replacement in by renames and drops the old table', () => {
		expect(
			buildSwapOverwrite({
				target,
				replacement: 'orders_n8n_new_r1',
				retiredName: 'orders_n8n_old_r1',
			}),
		).toEqual([
			'ALTER TABLE "sales"."orders" RENAME TO "orders_n8n_old_r1"',
			'ALTER TABLE "sales"."orders_n8n_new_r1" RENAME TO "orders"',
			'DROP TABLE "sales"."orders_n8n_old_r1"',
		]);
		expect(
			buildSwapOverwrite({ target, replacement: 'n', retiredName: 'o', cascade: true })[2],
		).toBe('DROP TABLE "sales"."o" CASCADE');
		expect(
			buildSwapOverwrite({ target, replacement: 'n', retiredName: 'o', keepRetired: true }),
		).toHaveLength(2);
		expect(() => buildSwapOverwrite({ target, replacement: 'Orders', retiredName: 'o' })).toThrow(
			/must all differ/,
		);
	});

	it('offers DELETE (atomic), TRUNCATE (commits: not atomic) and INSERT … SELECT', () => {
		expect(buildDeleteAllRows(target)).toBe('DELETE FROM "sales"."orders"');
		expect(buildTruncate(target)).toBe('TRUNCATE "sales"."orders"');
		expect(buildInsertFromStage(target, 'stage_r1', ['Id', 'Note'])).toBe(
			'INSERT INTO "sales"."orders" ("id", "note") SELECT "id", "note" FROM "stage_r1"',
		);
	});
});

describe('cursors and load errors', () => {
	it('declares, fetches and closes a named cursor, keeping query parameters', () => {
		expect(
			buildDeclareCursor('n8n_read', { text: 'SELECT * FROM t WHERE a > $1;', values: [5] }),
		).toEqual({
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
		expect(stl.text).toMatch(
			/FROM stl_load_errors WHERE "query" = \$1 ORDER BY "line_number" LIMIT 5$/,
		);
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

describe('schema evolution', () => {
	it('adds one column per statement, quoted and folded like every identifier', () => {
		expect(
			buildAddColumn({ schema: 'sales', name: 'orders' }, 'Price', {
				name: 'NUMERIC',
				precision: 8,
				scale: 2,
			}),
		).toBe('ALTER TABLE "sales"."orders" ADD COLUMN "price" NUMERIC(8,2)');
	});
});
