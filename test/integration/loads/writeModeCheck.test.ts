import {
	appendLoad,
	DataApiTransactionTooLargeError,
	ItemValueError,
	LoadFailedError,
	overwriteLoad,
	type LoadItem,
} from '../../../nodes/shared/loads';
import { startLoadHarness, TRANSPORTS, type LoadHarness } from './loadHarness';

const items = (count: number, from = 10): LoadItem[] =>
	Array.from({ length: count }, (_, index) => ({ id: index + from, name: 'n' }));

/**
 * Write mode Insert for every overwrite method, and the SQL before/after the load inside the load
 * transaction: the core does both (the node only passes `writeMode`, `method` and `hooks`).
 */
describe.each(TRANSPORTS)('write mode Insert in the core over %s', (transport) => {
	let harness: LoadHarness;
	const fresh = async (table: string) => {
		await harness.reader.query({ text: `DROP TABLE IF EXISTS ${table}` });
		await harness.reader.query({ text: `CREATE TABLE ${table} (id BIGINT, name VARCHAR(10))` });
		await harness.reader.query({ text: `INSERT INTO ${table} VALUES (1, 'old'), (2, 'old')` });
	};
	beforeAll(async () => {
		harness = await startLoadHarness(`loads_wm_${transport.toLowerCase()}`);
	});
	afterAll(async () => await harness.stop());

	it.each(['delete', 'swap', 'truncate'] as const)(
		'overwrites by %s with INSERTs and reports the method',
		async (method) => {
			const table = `wm_${method}_${transport.toLowerCase()}`;
			await fresh(table);
			const result = await overwriteLoad({
				connection: harness.connections[transport],
				table: { name: table },
				writeMode: 'insert',
				items: [
					{ id: 5, name: 'new' },
					{ id: 6, name: 'new' },
				],
				method,
			});
			expect(result).toMatchObject({
				action: 'overwrite',
				overwriteMethod: method,
				rowsLoaded: 2,
			});
			expect(await harness.rows(`SELECT id, name FROM ${table} ORDER BY id`)).toEqual([
				{ id: '5', name: 'new' },
				{ id: '6', name: 'new' },
			]);
		},
	);

	it('truncates only once the values are checked: a bad item leaves the old rows', async () => {
		const table = `wm_trunc_bad_${transport.toLowerCase()}`;
		await fresh(table);
		await expect(
			overwriteLoad({
				connection: harness.connections[transport],
				table: { name: table },
				writeMode: 'insert',
				items: [{ id: 5 }, { id: 'not a number' }],
				method: 'truncate',
			}),
		).rejects.toThrow(ItemValueError);
		expect(await harness.rows(`SELECT count(*) AS n FROM ${table}`)).toEqual([{ n: '2' }]);
	});

	it('runs the SQL before and after inside the load transaction: a failing after rolls the load back', async () => {
		const table = `wm_hooks_${transport.toLowerCase()}`;
		await fresh(table);
		const before = { text: `UPDATE ${table} SET name = 'hooked' WHERE id = 1` };
		await appendLoad({
			connection: harness.connections[transport],
			table: { name: table },
			writeMode: 'insert',
			items: [{ id: 3, name: 'added' }],
			hooks: { before: [before], after: [] },
		});
		expect(await harness.rows(`SELECT id, name FROM ${table} ORDER BY id`)).toEqual([
			{ id: '1', name: 'hooked' },
			{ id: '2', name: 'old' },
			{ id: '3', name: 'added' },
		]);
		await expect(
			appendLoad({
				connection: harness.connections[transport],
				table: { name: table },
				writeMode: 'insert',
				items: [{ id: 4, name: 'lost' }],
				hooks: { before: [], after: [{ text: 'SELECT * FROM wm_no_such_table' }] },
			}),
		).rejects.toThrow(LoadFailedError);
		expect(await harness.rows(`SELECT count(*) AS n FROM ${table}`)).toEqual([{ n: '3' }]);
	});
});

/** The one Data API check: every load that must be one transaction is refused the same way, before anything runs. */
describe('write mode Insert over the Data API: the one transaction check', () => {
	let harness: LoadHarness;
	beforeAll(async () => {
		harness = await startLoadHarness('loads_wm_check');
		await harness.reader.query({ text: 'CREATE TABLE wm_check (id BIGINT, name VARCHAR(10))' });
		await harness.reader.query({ text: "INSERT INTO wm_check VALUES (1, 'kept')" });
	});
	afterAll(async () => await harness.stop());
	const unchanged = async () =>
		expect(await harness.rows('SELECT id, name FROM wm_check')).toEqual([
			{ id: '1', name: 'kept' },
		]);
	const hooks = {
		before: [{ text: "UPDATE wm_check SET name = 'touched'" }],
		after: [],
	};

	it.each(['delete', 'truncate'] as const)(
		'refuses overwrite by %s with SQL before the load that needs more than 40 statements',
		async (method) => {
			const load = overwriteLoad({
				connection: harness.connections.dataApi,
				table: { name: 'wm_check' },
				writeMode: 'insert',
				insert: { batchSize: 1 },
				hooks,
				items: items(45),
				method,
			});
			await expect(load).rejects.toThrow(DataApiTransactionTooLargeError);
			await expect(load).rejects.toThrow(
				/over the Data API must be one transaction .*Nothing was sent\. To load it, use write mode Copy \(stage in S3\), set a larger Batch Size \(up to 3000 rows fit one INSERT here\), or use a direct connection/,
			);
			await unchanged();
		},
	);

	it('refuses an overwrite by delete too large for one transaction even without SQL hooks', async () => {
		await expect(
			overwriteLoad({
				connection: harness.connections.dataApi,
				table: { name: 'wm_check' },
				writeMode: 'insert',
				insert: { batchSize: 1 },
				items: items(45),
			}),
		).rejects.toThrow(/the old rows are deleted by the transaction that loads the new ones/);
		await unchanged();
	});

	it('refuses an append with SQL hooks that needs more than one transaction', async () => {
		await expect(
			appendLoad({
				connection: harness.connections.dataApi,
				table: { name: 'wm_check' },
				writeMode: 'insert',
				insert: { batchSize: 1 },
				hooks,
				items: items(45),
			}),
		).rejects.toThrow(
			/\(the SQL before\/after the load shares its transaction\).*These 45 items need 45 INSERT statement\(s\) of up to 1 rows plus 1 other statement\(s\) \(1 of them the SQL before\/after the load\), so at most 39 items fit/,
		);
		await unchanged();
	});

	it('appends and truncates without hooks in groups of 40 statements', async () => {
		await harness.reader.query({ text: 'CREATE TABLE wm_groups (id BIGINT, name VARCHAR(10))' });
		const appended = await appendLoad({
			connection: harness.connections.dataApi,
			table: { name: 'wm_groups' },
			writeMode: 'insert',
			insert: { batchSize: 1 },
			items: items(45),
		});
		expect(appended).toMatchObject({ action: 'append', rowsLoaded: 45 });
		const overwritten = await overwriteLoad({
			connection: harness.connections.dataApi,
			table: { name: 'wm_groups' },
			writeMode: 'insert',
			insert: { batchSize: 1 },
			items: items(42, 100),
			method: 'truncate',
		});
		expect(overwritten).toMatchObject({ overwriteMethod: 'truncate', rowsLoaded: 42 });
		expect(await harness.rows('SELECT min(id) AS lo, count(*) AS n FROM wm_groups')).toEqual([
			{ lo: '100', n: '42' },
		]);
	});
});
