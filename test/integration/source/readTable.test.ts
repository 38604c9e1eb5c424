import { NodeOperationError } from 'n8n-workflow';

import { locator } from '../../support/n8n/fakeExecuteFunctions';
import { testServers } from '../../support/testServers';
import {
	DATA_API_SECRET,
	jsonOf,
	startSourceHarness,
	TRANSPORTS,
	type SourceHarness,
} from './sourceHarness';

async function failure(promise: Promise<unknown>): Promise<NodeOperationError> {
	try {
		await promise;
	} catch (error) {
		expect(error).toBeInstanceOf(NodeOperationError);
		return error as NodeOperationError;
	}
	throw new Error('The node did not fail.');
}

const readTable = (parameters: Record<string, unknown> = {}) => ({
	operation: 'readTable',
	schema: locator('sales'),
	table: locator('orders'),
	...parameters,
});

describe.each(TRANSPORTS)('Redshift Source: Read Table, Direct over %s', (transport) => {
	let h: SourceHarness;
	beforeAll(async () => {
		h = await startSourceHarness(`source_read_${transport.toLowerCase()}`);
		await h.exec('CREATE SCHEMA sales');
		await h.exec(
			'CREATE TABLE sales.orders (id INTEGER, customer VARCHAR(20), total NUMERIC(10,2), placed_at TIMESTAMP, note VARCHAR(40))',
		);
		await h.exec(`INSERT INTO sales.orders VALUES
			(1, 'ann', 10.50, '2024-01-02 03:04:05', 'first'),
			(2, 'bob', 99999999.99, '2024-01-03 00:00:00', NULL),
			(3, 'ann', 0.01, '2024-01-04 12:00:00.123456', ''),
			(4, 'cy', 7.00, '2024-01-05 00:00:00', 'x'' OR ''1''=''1'),
			(5, 'dee', 5.25, '2024-01-06 00:00:00', 'last')`);
		await h.exec('CREATE TABLE sales.nothing (id INTEGER)');
	});
	afterAll(async () => await h?.stop());

	it('returns every row, one item per row, with exact numerics, ISO timestamps and NULL apart from empty text', async () => {
		const { output } = await h.run(transport, readTable({ sort: { values: [{ column: 'id' }] } }));
		expect(jsonOf(output)).toEqual([
			{ id: 1, customer: 'ann', total: '10.50', placed_at: '2024-01-02T03:04:05', note: 'first' },
			{
				id: 2,
				customer: 'bob',
				total: '99999999.99',
				placed_at: '2024-01-03T00:00:00',
				note: null,
			},
			{ id: 3, customer: 'ann', total: '0.01', placed_at: '2024-01-04T12:00:00.123456', note: '' },
			{
				id: 4,
				customer: 'cy',
				total: '7.00',
				placed_at: '2024-01-05T00:00:00',
				note: "x' OR '1'='1",
			},
			{ id: 5, customer: 'dee', total: '5.25', placed_at: '2024-01-06T00:00:00', note: 'last' },
		]);
		expect(output.every((item) => (item.pairedItem as { item: number }).item === 0)).toBe(true);
	});

	it('reads in pages of Page Size and still returns every row in order', async () => {
		const { output } = await h.run(
			transport,
			readTable({
				sort: { values: [{ column: 'id', direction: 'DESC' }] },
				options: { pageSize: 2 },
			}),
		);
		expect(jsonOf(output).map((row) => row.id)).toEqual([5, 4, 3, 2, 1]);
	});

	it('returns only the chosen columns, filtered by conditions bound as parameters, sorted and limited', async () => {
		const { output } = await h.run(
			transport,
			readTable({
				options: { outputColumns: ['id', 'total'] },
				where: {
					conditions: [
						{ column: 'customer', operator: 'equal', value: 'ann' },
						{ column: 'total', operator: 'greater', value: '1' },
					],
				},
				combineConditions: 'OR',
				sort: { values: [{ column: 'total', direction: 'DESC' }] },
				returnAll: false,
				limit: 3,
			}),
		);
		expect(jsonOf(output)).toEqual([
			{ id: 2, total: '99999999.99' },
			{ id: 1, total: '10.50' },
			{ id: 4, total: '7.00' },
		]);
	});

	it('treats a filter value as a value, never as SQL', async () => {
		const injected = await h.run(
			transport,
			readTable({
				where: { conditions: [{ column: 'customer', operator: 'equal', value: "x' OR '1'='1" }] },
			}),
		);
		expect(injected.output).toEqual([]);
		const quoted = await h.run(
			transport,
			readTable({
				where: { conditions: [{ column: 'note', operator: 'equal', value: "x' OR '1'='1" }] },
				options: { outputColumns: ['id'] },
			}),
		);
		expect(jsonOf(quoted.output)).toEqual([{ id: 4 }]);
	});

	it('supports NULL tests and LIKE', async () => {
		const nulls = await h.run(
			transport,
			readTable({
				where: { conditions: [{ column: 'note', operator: 'isNull' }] },
				options: { outputColumns: ['id'] },
			}),
		);
		expect(jsonOf(nulls.output)).toEqual([{ id: 2 }]);
		const like = await h.run(
			transport,
			readTable({
				where: { conditions: [{ column: 'note', operator: 'like', value: 'l%' }] },
				options: { outputColumns: ['id'] },
			}),
		);
		expect(jsonOf(like.output)).toEqual([{ id: 5 }]);
	});

	it('returns no items for an empty result', async () => {
		const { output } = await h.run(transport, readTable({ table: locator('nothing') }));
		expect(output).toEqual([]);
	});

	it('a missing table names the table and says to choose an existing one', async () => {
		const error = await failure(h.run(transport, readTable({ table: locator('no_such_table') })));
		expect(error.message).toMatch(/The table "sales"\."no_such_table" does not exist/);
		expect(error.description).toBe(
			'Choose an existing table in *Table*, and its schema in *Schema*.',
		);
		for (const secret of [DATA_API_SECRET, testServers().postgres.password])
			expect(`${error.message} ${error.description}`).not.toContain(secret);
	});

	it('a missing column says which parameters to check', async () => {
		const error = await failure(
			h.run(transport, readTable({ options: { outputColumns: ['id', 'no_such_column'] } })),
		);
		expect(error.message).toMatch(/no_such_column/);
		expect(error.description).toMatch(/Options > Columns to Return/);
	});

	it('Max Rows fails before returning anything, saying how many rows there are and what to use instead', async () => {
		const error = await failure(h.run(transport, readTable({ options: { maxRows: 3 } })));
		expect(error.message).toBe(
			'The result has 5 rows, more than Max Rows (3); nothing was returned.',
		);
		expect(error.description).toMatch(/\*Read Mode\* to Unload with \*Output\* Unloaded Files/);
		expect(error.description).toMatch(/\*Output\* to Binary File/);
		expect(error.description).toMatch(/\*Options > Max Rows\*/);
	});

	it('Max Rows equal to the row count passes', async () => {
		const { output } = await h.run(transport, readTable({ options: { maxRows: 5, pageSize: 2 } }));
		expect(output).toHaveLength(5);
	});

	it('with Continue On Fail the failure comes out as one error item', async () => {
		const { output } = await h.run(transport, readTable({ table: locator('no_such_table') }), {
			continueOnFail: true,
		});
		expect(output).toHaveLength(1);
		expect(output[0].json.error).toMatch(/does not exist/);
		expect(output[0].json.description).toMatch(/Choose an existing table/);
	});
});
