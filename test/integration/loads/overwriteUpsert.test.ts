import {
	LoadFailedError,
	overwriteLoad,
	upsertLoad,
	ItemValueError,
} from '../../../nodes/shared/loads';
import { startLoadHarness, TRANSPORTS, type LoadHarness } from './loadHarness';

describe.each(TRANSPORTS)('overwrite and upsert over %s', (transport) => {
	let harness: LoadHarness;
	beforeAll(async () => {
		harness = await startLoadHarness(`loads_ow_${transport.toLowerCase()}`);
	});
	afterAll(async () => await harness.stop());

	async function freshTable(name: string) {
		await harness.reader.query({ text: `CREATE TABLE ${name} (id BIGINT, name VARCHAR(10))` });
		await harness.reader.query({
			text: `INSERT INTO ${name} VALUES (1, 'old one'), (2, 'old two')`,
		});
		await harness.reader.query({ text: `COMMENT ON TABLE ${name} IS 'kept'` });
	}

	it.each(['delete', 'swap'] as const)('replaces every row atomically (%s)', async (method) => {
		const table = `ow_${method}`;
		await freshTable(table);
		const staging = harness.staging(table);
		const result = await overwriteLoad({
			connection: harness.connections[transport],
			table: { name: table },
			items: [{ id: 3, name: 'new' }],
			staging,
			method,
		});
		expect(result).toMatchObject({ action: 'overwrite', rowsLoaded: 1, attempts: 1 });
		expect(await harness.rows(`SELECT id, name FROM ${table}`)).toEqual([{ id: '3', name: 'new' }]);
		expect(await harness.stagedKeys(staging)).toEqual([]);
		// Only the target is left: the swap's helper tables are gone.
		expect(
			await harness.rows(
				`SELECT table_name FROM information_schema.tables WHERE table_name LIKE '${table}%' ORDER BY 1`,
			),
		).toEqual([{ table_name: table }]);
	});

	it.each(['delete', 'swap'] as const)(
		'leaves the table exactly as it was when the COPY fails (%s)',
		async (method) => {
			const table = `ow_fail_${method}`;
			await freshTable(table);
			const staging = harness.staging(table);
			harness.redshift.faults.failCopy();
			await expect(
				overwriteLoad({
					connection: harness.connections[transport],
					table: { name: table },
					items: [{ id: 3, name: 'new' }],
					staging,
					method,
				}),
			).rejects.toThrow(LoadFailedError);
			expect(await harness.rows(`SELECT id, name FROM ${table} ORDER BY id`)).toEqual([
				{ id: '1', name: 'old one' },
				{ id: '2', name: 'old two' },
			]);
			expect(await harness.stagedKeys(staging)).toEqual([]);
		},
	);

	it('overwrite by truncate truncates, then copies; a failed COPY leaves the table empty and says so', async () => {
		const table = 'ow_fast';
		await freshTable(table);
		const result = await overwriteLoad({
			connection: harness.connections[transport],
			table: { name: table },
			items: [{ id: 5, name: 'fast' }],
			staging: harness.staging(table),
			method: 'truncate',
		});
		expect(result).toMatchObject({
			rowsLoaded: 1,
			action: 'overwrite',
			overwriteMethod: 'truncate',
		});
		expect(await harness.rows(`SELECT id, name FROM ${table}`)).toEqual([
			{ id: '5', name: 'fast' },
		]);

		harness.redshift.faults.failCopy();
		const staging = harness.staging(`${table}-fail`);
		await expect(
			overwriteLoad({
				connection: harness.connections[transport],
				table: { name: table },
				items: [{ id: 6, name: 'x' }],
				staging,
				method: 'truncate',
			}),
		).rejects.toThrow(/emptied by TRUNCATE \(overwrite method truncate is not atomic\)/);
		expect(await harness.rows(`SELECT id FROM ${table}`)).toEqual([]);
		expect(await harness.stagedKeys(staging)).toEqual([]);
	});

	it.each(['deleteInsert', 'merge'] as const)(
		'upserts by key, the last item per key winning (%s)',
		async (strategy) => {
			const table = `up_${strategy.toLowerCase()}`;
			await freshTable(table);
			const staging = harness.staging(table);
			const result = await upsertLoad({
				connection: harness.connections[transport],
				table: { name: table },
				items: [
					{ id: 2, name: 'first' },
					{ id: 3, name: 'added' },
					{ id: 2, name: 'last' },
				],
				keys: ['ID'],
				strategy,
				staging,
			});
			expect(result).toMatchObject({ action: 'upsert', itemsRead: 3, attempts: 1 });
			expect(result.rowsLoaded).toBe(strategy === 'merge' ? 2 : 2);
			expect(await harness.rows(`SELECT id, name FROM ${table} ORDER BY id`)).toEqual([
				{ id: '1', name: 'old one' },
				{ id: '2', name: 'last' },
				{ id: '3', name: 'added' },
			]);
			expect(await harness.stagedKeys(staging)).toEqual([]);
		},
	);

	it('refuses an item without a key value before touching anything', async () => {
		const table = 'up_nullkey';
		await freshTable(table);
		const staging = harness.staging(table);
		const failure = await upsertLoad({
			connection: harness.connections[transport],
			table: { name: table },
			items: [{ id: 4, name: 'ok' }, { name: 'no key' }],
			keys: ['id'],
			staging,
		}).catch((error: unknown) => error);
		expect(failure).toBeInstanceOf(ItemValueError);
		expect(failure).toMatchObject({ itemIndex: 1, column: 'id' });
		expect(await harness.rows(`SELECT count(*) AS n FROM ${table}`)).toEqual([{ n: '2' }]);
		expect(await harness.stagedKeys(staging)).toEqual([]);
	});

	it('swap refuses to drop a table a view depends on unless told to cascade, changing nothing', async () => {
		await freshTable('ow_viewed');
		await harness.reader.query({
			text: 'CREATE VIEW ow_viewed_names AS SELECT name FROM ow_viewed',
		});
		const load = async (cascade: boolean) =>
			await overwriteLoad({
				connection: harness.connections[transport],
				table: { name: 'ow_viewed' },
				items: [{ id: 7, name: 'seven' }],
				staging: harness.staging('ow-viewed'),
				method: 'swap',
				cascade,
			});
		await expect(load(false)).rejects.toThrow(
			/Loading into "ow_viewed" failed, nothing was changed.*depend/s,
		);
		expect(await harness.rows('SELECT count(*) AS n FROM ow_viewed_names')).toEqual([{ n: '2' }]);
		await load(true);
		expect(await harness.rows('SELECT id FROM ow_viewed')).toEqual([{ id: '7' }]);
		expect(
			await harness.rows(
				"SELECT count(*) AS n FROM information_schema.views WHERE table_name = 'ow_viewed_names'",
			),
		).toEqual([{ n: '0' }]);
	});

	it('upserts from JSON-lines staging into a table it creates', async () => {
		const staging = harness.staging('up-jsonl', { format: 'jsonl' });
		const first = await upsertLoad({
			connection: harness.connections[transport],
			table: { name: 'up_created' },
			items: [{ id: 1, doc: { a: 1 }, note: 'x' }],
			keys: ['id'],
			staging,
			createIfMissing: { primaryKey: ['id'] },
		});
		expect(first.tableCreated).toBe(true);
		await upsertLoad({
			connection: harness.connections[transport],
			table: { name: 'up_created' },
			items: [
				{ id: 1, doc: [2], note: null },
				{ id: 2, doc: null, note: '' },
			],
			keys: ['id'],
			staging,
			strategy: 'merge',
		});
		expect(await harness.rows('SELECT id, doc, note FROM up_created ORDER BY id')).toEqual([
			{ id: '1', doc: [2], note: null },
			{ id: '2', doc: null, note: '' },
		]);
		expect(await harness.stagedKeys(staging)).toEqual([]);
	});

	it('swap keeps the column defaults for fields the items leave out', async () => {
		await harness.reader.query({
			text: "CREATE TABLE ow_defaults (id BIGINT, status VARCHAR(10) DEFAULT 'new')",
		});
		await overwriteLoad({
			connection: harness.connections[transport],
			table: { name: 'ow_defaults' },
			items: [{ id: 1 }],
			staging: harness.staging('ow-defaults'),
			method: 'swap',
		});
		expect(await harness.rows('SELECT id, status FROM ow_defaults')).toEqual([
			{ id: '1', status: 'new' },
		]);
	});
});
