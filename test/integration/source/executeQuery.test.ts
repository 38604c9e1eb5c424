import { NodeOperationError } from 'n8n-workflow';

import { jsonOf, startSourceHarness, TRANSPORTS, type SourceHarness } from './sourceHarness';

async function failure(promise: Promise<unknown>): Promise<NodeOperationError> {
	try {
		await promise;
	} catch (error) {
		expect(error).toBeInstanceOf(NodeOperationError);
		return error as NodeOperationError;
	}
	throw new Error('The node did not fail.');
}

const query = (sql: string, parameters: Record<string, unknown> = {}) => ({
	operation: 'executeQuery',
	query: sql,
	...parameters,
});

describe.each(TRANSPORTS)('Redshift Source: Execute Query, Direct over %s', (transport) => {
	let h: SourceHarness;
	beforeAll(async () => {
		h = await startSourceHarness(`source_query_${transport.toLowerCase()}`);
		await h.exec('CREATE TABLE events (id INTEGER, kind VARCHAR(10), amount BIGINT)');
		await h.exec(
			"INSERT INTO events VALUES (1, 'a', 9007199254740991), (2, 'b', 2), (3, 'a', 3), (4, 'c;d', 4)",
		);
	});
	afterAll(async () => await h?.stop());

	it('binds $1… from comma-separated Query Parameters', async () => {
		const { output } = await h.run(
			transport,
			query('SELECT id, amount FROM events WHERE kind = $1 AND id >= $2 ORDER BY id', {
				queryParameters: 'a, 1',
			}),
		);
		expect(jsonOf(output)).toEqual([
			{ id: 1, amount: '9007199254740991' },
			{ id: 3, amount: '3' },
		]);
	});

	it('binds an expression array (values containing commas) and keeps a semicolon inside a literal', async () => {
		const { output } = await h.run(
			transport,
			query("SELECT id, 'x;y' AS literal FROM events WHERE kind = $1;", {
				queryParameters: ['c;d'],
			}),
		);
		expect(jsonOf(output)).toEqual([{ id: 4, literal: 'x;y' }]);
	});

	it('native numbers where exact when asked', async () => {
		const { output } = await h.run(
			transport,
			query('SELECT id, amount FROM events WHERE id IN (1, 2) ORDER BY id', {
				options: { numbers: 'native' },
			}),
		);
		expect(jsonOf(output)).toEqual([
			{ id: 1, amount: 9007199254740991 },
			{ id: 2, amount: 2 },
		]);
	});

	it('refuses several statements, saying to keep one', async () => {
		const error = await failure(h.run(transport, query('SELECT 1; DELETE FROM events')));
		expect(error.message).toBe(
			'The query has 2 statements; Execute Query runs exactly one, so that its rows are the result.',
		);
		expect(error.description).toMatch(/Keep one SELECT in \*Query\*/);
		expect(await h.rows('SELECT COUNT(*)::int AS n FROM events')).toEqual([{ n: 4 }]);
	});

	it('refuses a statement that is not a SELECT', async () => {
		const error = await failure(h.run(transport, query('DELETE FROM events WHERE id = 1')));
		expect(error.message).toMatch(/starts with DELETE/);
		expect(await h.rows('SELECT COUNT(*)::int AS n FROM events')).toEqual([{ n: 4 }]);
	});

	it('bad SQL says to correct the query', async () => {
		const error = await failure(h.run(transport, query('SELECT id FROM events WHERE')));
		expect(error.message).toMatch(/syntax error/);
		expect(error.description).toBe('Correct the SQL in *Query*.');
	});

	it('a missing table says to check the names in the query', async () => {
		const error = await failure(h.run(transport, query('SELECT * FROM no_such_table')));
		expect(error.message).toMatch(/no_such_table/);
		expect(error.description).toMatch(/Check the schema and table names in \*Query\*/);
	});

	it('a $n without its value says to give one value per placeholder', async () => {
		const error = await failure(h.run(transport, query('SELECT * FROM events WHERE id = $1')));
		expect(error.description).toBe(
			'Give one value per $1, $2, … of *Query* in *Query Parameters*.',
		);
	});

	it('returns no items for an empty result', async () => {
		const { output } = await h.run(transport, query('SELECT * FROM events WHERE id < 0'));
		expect(output).toEqual([]);
	});

	it('Max Rows counts the whole result and fails before returning it', async () => {
		const error = await failure(
			h.run(transport, query('SELECT * FROM events', { options: { maxRows: 2, pageSize: 1 } })),
		);
		expect(error.message).toBe(
			'The result has 4 rows, more than Max Rows (2); nothing was returned.',
		);
	});
});
