import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { locator } from '../../support/n8n/fakeExecuteFunctions';
import { jsonOf, startSourceHarness, TRANSPORTS, type SourceHarness } from './sourceHarness';

/** What n8n does with static data between runs: stores it as JSON in its database. */
const saved = (staticData: IDataObject): IDataObject =>
	JSON.parse(JSON.stringify(staticData)) as IDataObject;

const ids = (output: { json: IDataObject }[]) => jsonOf(output).map((row) => row.id);

describe.each(TRANSPORTS)('Redshift Source: incremental reads over %s', (transport) => {
	let h: SourceHarness;
	let table = 0;
	beforeAll(async () => {
		h = await startSourceHarness(`source_incr_${transport.toLowerCase()}`);
	});
	afterAll(async () => await h?.stop());

	/** A new table per test: (id, updated_at, note). */
	async function freshTable(): Promise<string> {
		const name = `events_${++table}`;
		await h.exec(`CREATE TABLE ${name} (id INTEGER, updated_at TIMESTAMP, note VARCHAR(20))`);
		return name;
	}

	const readIncrementally = (name: string, options: IDataObject = {}) => ({
		operation: 'readTable',
		schema: locator('public'),
		table: locator(name),
		options: { cursorColumn: 'updated_at', keyColumns: 'id', ...options },
	});

	it('reads each row once across runs, ties on the cursor included, and across a restart', async () => {
		const name = await freshTable();
		await h.exec(
			`INSERT INTO ${name} VALUES (1, '2024-01-01 10:00:00', 'a'), (2, '2024-01-01 11:00:00', 'b'), (3, '2024-01-01 11:00:00', 'c'), (9, NULL, 'no cursor')`,
		);
		let state: IDataObject = {};
		const first = await h.run(transport, readIncrementally(name), { staticData: state });
		expect(ids(first.output)).toEqual([1, 2, 3]);
		expect(state.incremental).toEqual({
			cursorColumn: 'updated_at',
			keyColumns: ['id'],
			value: '2024-01-01T11:00:00',
			keysAtValue: ['[2]', '[3]'],
		});

		// A row committed later with the same cursor value as the last one read, and a newer one.
		await h.exec(
			`INSERT INTO ${name} VALUES (4, '2024-01-01 11:00:00', 'tie'), (5, '2024-01-01 12:00:00', 'new')`,
		);
		state = saved(state);
		const second = await h.run(transport, readIncrementally(name), { staticData: state });
		expect(jsonOf(second.output)).toEqual([
			{ id: 4, updated_at: '2024-01-01T11:00:00', note: 'tie' },
			{ id: 5, updated_at: '2024-01-01T12:00:00', note: 'new' },
		]);

		// Nothing new: no items, the state stays.
		state = saved(state);
		const before = saved(state);
		const third = await h.run(transport, readIncrementally(name), { staticData: state });
		expect(third.output).toEqual([]);
		expect(state).toEqual(before);

		// A restart: a new node instance with the state as n8n stored it.
		await h.exec(
			`INSERT INTO ${name} VALUES (6, '2024-01-01 12:00:00', 'tie2'), (7, '2024-01-02 00:00:00', 'later')`,
		);
		const restarted = await h.run(transport, readIncrementally(name), { staticData: saved(state) });
		expect(ids(restarted.output)).toEqual([6, 7]);
	});

	it('Execute Query reads incrementally too, with its own parameters kept', async () => {
		const name = await freshTable();
		await h.exec(
			`INSERT INTO ${name} VALUES (1, '2024-01-01 10:00:00', 'keep'), (2, '2024-01-01 11:00:00', 'skip'), (3, '2024-01-01 11:00:00', 'keep')`,
		);
		const state: IDataObject = {};
		const parameters = {
			operation: 'executeQuery',
			query: `SELECT id, updated_at FROM ${name} WHERE note = $1`,
			queryParameters: 'keep',
			options: { cursorColumn: 'updated_at', keyColumns: 'id' },
		};
		expect(ids((await h.run(transport, parameters, { staticData: state })).output)).toEqual([1, 3]);
		await h.exec(
			`INSERT INTO ${name} VALUES (4, '2024-01-01 11:00:00', 'keep'), (5, '2024-01-01 09:00:00', 'keep')`,
		);
		// Row 5 is older than the position: incremental reads never go back (documented).
		expect(ids((await h.run(transport, parameters, { staticData: state })).output)).toEqual([4]);
	});

	it('without key columns reads strictly past the last value (the documented rule: later ties are skipped)', async () => {
		const name = await freshTable();
		await h.exec(`INSERT INTO ${name} VALUES (1, '2024-01-01 10:00:00', 'a')`);
		const state: IDataObject = {};
		const parameters = readIncrementally(name, { keyColumns: '' });
		expect(ids((await h.run(transport, parameters, { staticData: state })).output)).toEqual([1]);
		await h.exec(
			`INSERT INTO ${name} VALUES (2, '2024-01-01 10:00:00', 'tie'), (3, '2024-01-01 10:00:01', 'new')`,
		);
		expect(ids((await h.run(transport, parameters, { staticData: state })).output)).toEqual([3]);
	});

	it('Reset State reads from the start (or the start value) and says to turn it off', async () => {
		const name = await freshTable();
		await h.exec(
			`INSERT INTO ${name} VALUES (1, '2024-01-01 10:00:00', 'a'), (2, '2024-01-02 10:00:00', 'b')`,
		);
		const state: IDataObject = {};
		await h.run(transport, readIncrementally(name), { staticData: state });
		const reset = await h.run(transport, readIncrementally(name, { resetIncrementalState: true }), {
			staticData: state,
		});
		expect(ids(reset.output)).toEqual([1, 2]);
		expect(reset.hints.map((hint) => hint.message).join(' ')).toMatch(/Reset State is on/);
		const fromStart = await h.run(
			transport,
			readIncrementally(name, {
				resetIncrementalState: true,
				cursorStartValue: '2024-01-02 00:00:00',
			}),
			{ staticData: state },
		);
		expect(ids(fromStart.output)).toEqual([2]);
	});

	it('a failed read leaves the position where it was', async () => {
		const name = await freshTable();
		await h.exec(`INSERT INTO ${name} VALUES (1, '2024-01-01 10:00:00', 'a')`);
		const state: IDataObject = {};
		await h.run(transport, readIncrementally(name), { staticData: state });
		const before = saved(state);
		await h.exec(
			`INSERT INTO ${name} VALUES (2, '2024-01-02 10:00:00', 'b'), (3, '2024-01-03 10:00:00', 'c')`,
		);
		await expect(
			h.run(transport, readIncrementally(name, { maxRows: 1 }), { staticData: state }),
		).rejects.toThrow(/more than Max Rows \(1\)/);
		expect(state).toEqual(before);
		expect(
			ids((await h.run(transport, readIncrementally(name), { staticData: state })).output),
		).toEqual([2, 3]);
	});

	it('a cursor column missing from the result names the option to fix', async () => {
		const name = await freshTable();
		await h.exec(`INSERT INTO ${name} VALUES (1, '2024-01-01 10:00:00', 'a')`);
		const error = await h
			.run(transport, readIncrementally(name, { outputColumns: ['note', 'id'] }))
			.catch((caught: unknown) => caught as NodeOperationError);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect((error as NodeOperationError).message).toMatch(
			/"updated_at" named in Options > Incremental: Cursor Column is not in the result/,
		);
	});

	it('Sort cannot be combined with an incremental read', async () => {
		const name = await freshTable();
		const error = await h
			.run(transport, { ...readIncrementally(name), sort: { values: [{ column: 'note' }] } })
			.catch((caught: unknown) => caught as NodeOperationError);
		expect((error as NodeOperationError).description).toBe(
			'Remove the rules in *Sort*, or clear *Options > Incremental: Cursor Column*.',
		);
	});

	it('a Limit without key columns is refused (tied rows past the limit would never be read)', async () => {
		const name = await freshTable();
		const error = await h
			.run(transport, {
				...readIncrementally(name, { keyColumns: '' }),
				returnAll: false,
				limit: 1,
			})
			.catch((caught: unknown) => caught as NodeOperationError);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect((error as NodeOperationError).description).toBe(
			'Set *Options > Incremental: Key Columns* (the next run then reads that value again and drops the rows already returned), or turn on *Return All*.',
		);
	});

	it('a manual run says that n8n does not save the position in manual runs', async () => {
		const name = await freshTable();
		await h.exec(`INSERT INTO ${name} VALUES (1, '2024-01-01 10:00:00', 'a')`);
		const { hints } = await h.run(transport, readIncrementally(name), { mode: 'manual' });
		expect(hints.map((hint) => hint.message).join(' ')).toMatch(/only in production runs/);
	});
});
