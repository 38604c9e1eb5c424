import type { TableRead } from '../../../nodes/RedshiftSource/helpers/interfaces';
import {
	buildRowCount,
	buildTableSelect,
	wrapQueryForCursor,
} from '../../../nodes/RedshiftSource/helpers/selectStatement';

const read = (overrides: Partial<TableRead> = {}): TableRead => ({
	table: { schema: 'Sales', name: 'Order Lines' },
	columns: [],
	conditions: [],
	combine: 'AND',
	sort: [],
	...overrides,
});

describe('Read Table SQL', () => {
	it('reads every column of the quoted table', () => {
		expect(buildTableSelect(read())).toEqual({
			text: 'SELECT * FROM "sales"."order lines"',
			values: [],
		});
	});

	it('quotes columns, binds every filter value and numbers the parameters in order', () => {
		expect(
			buildTableSelect(
				read({
					columns: ['id', 'Total'],
					conditions: [
						{ column: 'customer', operator: 'equal', value: "x' OR '1'='1" },
						{ column: 'note', operator: 'isNull', value: '' },
						{ column: 'total', operator: 'greaterOrEqual', value: '10' },
						{ column: 'name', operator: 'iLike', value: 'a%' },
					],
					combine: 'OR',
					sort: [
						{ column: 'total', direction: 'DESC' },
						{ column: 'id', direction: 'ASC' },
					],
					limit: 20,
				}),
			),
		).toEqual({
			text: 'SELECT "id", "total" FROM "sales"."order lines" WHERE ("customer" = $1 OR "note" IS NULL OR "total" >= $2 OR "name" ILIKE $3) ORDER BY "total" DESC, "id" ASC LIMIT 20',
			values: ["x' OR '1'='1", '10', 'a%'],
		});
	});

	it('a quote in a column name stays inside the identifier', () => {
		expect(buildTableSelect(read({ columns: ['a"; DROP TABLE x; --'] })).text).toBe(
			'SELECT "a""; drop table x; --" FROM "sales"."order lines"',
		);
	});

	it('an incremental read adds the cursor condition after the filter and orders by cursor then keys', () => {
		expect(
			buildTableSelect(
				read({ conditions: [{ column: 'region', operator: 'equal', value: 'EU' }], limit: 5 }),
				{
					column: 'updated_at',
					keyColumns: ['id'],
					from: { value: '2024-01-01T00:00:00', inclusive: true },
				},
			),
		).toEqual({
			text: 'SELECT * FROM "sales"."order lines" WHERE ("region" = $1) AND "updated_at" IS NOT NULL AND "updated_at" >= $2 ORDER BY "updated_at", "id" LIMIT 5',
			values: ['EU', '2024-01-01T00:00:00'],
		});
	});

	it('a first incremental run reads every row that has a cursor value; without keys it reads strictly past', () => {
		expect(buildTableSelect(read(), { column: 'seq', keyColumns: [] }).text).toBe(
			'SELECT * FROM "sales"."order lines" WHERE "seq" IS NOT NULL ORDER BY "seq"',
		);
		expect(
			buildTableSelect(read(), {
				column: 'seq',
				keyColumns: [],
				from: { value: 7, inclusive: false },
			}),
		).toEqual({
			text: 'SELECT * FROM "sales"."order lines" WHERE "seq" IS NOT NULL AND "seq" > $1 ORDER BY "seq"',
			values: [7],
		});
	});

	it('an incremental query is wrapped, its own parameters first', () => {
		expect(
			wrapQueryForCursor(
				{ text: 'SELECT * FROM t WHERE k = $1;', values: ['a'] },
				{ column: 'ts', keyColumns: ['id', 'part'], from: { value: 'v', inclusive: true } },
			),
		).toEqual({
			text: 'SELECT * FROM (SELECT * FROM t WHERE k = $1) AS "n8n_source" WHERE "n8n_source"."ts" IS NOT NULL AND "n8n_source"."ts" >= $2 ORDER BY "ts", "id", "part"',
			values: ['a', 'v'],
		});
	});

	it('counts the rows of a statement with its parameters', () => {
		expect(buildRowCount({ text: 'SELECT * FROM t WHERE a = $1', values: [1] })).toEqual({
			text: 'SELECT COUNT(*) AS "row_count" FROM (SELECT * FROM t WHERE a = $1) AS "n8n_count"',
			values: [1],
		});
	});
});
