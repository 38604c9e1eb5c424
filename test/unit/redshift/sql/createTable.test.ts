import {
	buildComments,
	buildCreateTable,
	buildCreateTableLike,
	buildDropTable,
} from '../../../../nodes/shared/redshift/sql';

describe('CREATE TABLE', () => {
	it('writes columns, encodings, NOT NULL, keys, dist and sort keys, then comments', () => {
		expect(
			buildCreateTable({
				table: { schema: 'Sales', name: 'Orders' },
				ifNotExists: true,
				columns: [
					{ name: 'Id', type: 'bigint', nullable: false, encoding: 'AZ64', comment: 'order id' },
					{ name: 'Customer', type: { name: 'VARCHAR', length: 512 }, encoding: 'ZSTD' },
					{ name: 'Amount', type: 'numeric(18,2)' },
					{ name: 'Payload', type: 'super', comment: "it's JSON" },
				],
				primaryKey: ['Id'],
				distKey: 'Customer',
				sortKey: { style: 'COMPOUND', columns: ['Id', 'Amount'] },
				comment: 'Orders from n8n',
			}),
		).toEqual([
			'CREATE TABLE IF NOT EXISTS "sales"."orders" (\n' +
				'\t"id" BIGINT ENCODE AZ64 NOT NULL,\n' +
				'\t"customer" VARCHAR(512) ENCODE ZSTD,\n' +
				'\t"amount" NUMERIC(18,2),\n' +
				'\t"payload" SUPER,\n' +
				'\tPRIMARY KEY ("id")\n' +
				')\nDISTSTYLE KEY\nDISTKEY ("customer")\nCOMPOUND SORTKEY ("id", "amount")',
			`COMMENT ON TABLE "sales"."orders" IS 'Orders from n8n'`,
			`COMMENT ON COLUMN "sales"."orders"."id" IS 'order id'`,
			`COMMENT ON COLUMN "sales"."orders"."payload" IS 'it''s JSON'`,
		]);
	});

	it('writes temp tables, DISTSTYLE ALL and INTERLEAVED / AUTO sort keys', () => {
		expect(
			buildCreateTable({
				table: { name: 'stage' },
				temporary: true,
				columns: [
					{ name: 'a', type: 'int' },
					{ name: 'b', type: 'date' },
				],
				distStyle: 'ALL',
				sortKey: { style: 'INTERLEAVED', columns: ['a', 'b'] },
			}),
		).toEqual([
			'CREATE TEMP TABLE "stage" (\n\t"a" INTEGER,\n\t"b" DATE\n)\nDISTSTYLE ALL\nINTERLEAVED SORTKEY ("a", "b")',
		]);
		expect(
			buildCreateTable({
				table: { name: 't' },
				columns: [{ name: 'a', type: 'int' }],
				sortKey: { style: 'AUTO' },
				distStyle: 'AUTO',
			}),
		).toEqual(['CREATE TABLE "t" (\n\t"a" INTEGER\n)\nDISTSTYLE AUTO\nSORTKEY AUTO']);
	});

	it('refuses options that do not fit together or name unknown columns', () => {
		const columns = [{ name: 'a', type: 'int' }];
		expect(() => buildCreateTable({ table: { name: 't' }, columns, distKey: 'b' })).toThrow(
			/DISTKEY column "b" is not one/,
		);
		expect(() =>
			buildCreateTable({ table: { name: 't' }, columns, distStyle: 'EVEN', distKey: 'a' }),
		).toThrow(/needs DISTSTYLE KEY/);
		expect(() => buildCreateTable({ table: { name: 't' }, columns, distStyle: 'KEY' })).toThrow(
			/needs a DISTKEY/,
		);
		expect(() =>
			buildCreateTable({
				table: { name: 't' },
				columns,
				sortKey: { style: 'INTERLEAVED', columns: Array(9).fill('a') },
			}),
		).toThrow(/at most 8/);
		expect(() =>
			buildCreateTable({
				table: { name: 't' },
				columns: [{ name: 'a', type: 'int', encoding: 'ZSTD; DROP' as never }],
			}),
		).toThrow(/not a Redshift column encoding/);
		expect(() =>
			buildCreateTable({ table: { schema: 's', name: 't' }, columns, temporary: true }),
		).toThrow(/temporary table cannot be given a schema/);
		expect(() => buildCreateTable({ table: { name: 't' }, columns: [] })).toThrow(
			/at least one column/,
		);
		expect(() =>
			buildCreateTable({
				table: { name: 't' },
				columns: [
					{ name: 'A', type: 'int' },
					{ name: 'a', type: 'int' },
				],
			}),
		).toThrow(/same column/);
	});

	it('quotes injection attempts in table, column and comment', () => {
		const [create, comment] = buildCreateTable({
			table: { name: 'x"; DROP TABLE users; --' },
			columns: [{ name: 'a" int); --', type: 'int', comment: "'); DROP TABLE users; --" }],
		});
		expect(create).toBe('CREATE TABLE "x""; drop table users; --" (\n\t"a"" int); --" INTEGER\n)');
		expect(comment).toBe(
			`COMMENT ON COLUMN "x""; drop table users; --"."a"" int); --" IS '''); DROP TABLE users; --'`,
		);
		expect(buildComments({ table: { name: 't' }, columns: [], comment: 'back\\slash' })).toEqual([
			`COMMENT ON TABLE "t" IS 'back\\\\slash'`,
		]);
	});

	it('creates tables LIKE another and drops tables', () => {
		expect(
			buildCreateTableLike({
				table: { name: 'stage_1' },
				like: { schema: 'public', name: 'Orders' },
				temporary: true,
			}),
		).toBe('CREATE TEMP TABLE "stage_1" (LIKE "public"."orders")');
		expect(
			buildCreateTableLike({
				table: { schema: 'public', name: 'orders_new' },
				like: { schema: 'public', name: 'orders' },
				includingDefaults: true,
			}),
		).toBe('CREATE TABLE "public"."orders_new" (LIKE "public"."orders" INCLUDING DEFAULTS)');
		expect(buildDropTable({ schema: 's', name: 't' }, { ifExists: true, cascade: true })).toBe(
			'DROP TABLE IF EXISTS "s"."t" CASCADE',
		);
	});
});
