import {
	changelogLoad,
	DataApiTransactionTooLargeError,
	ItemValueError,
	LoadFailedError,
	overwriteLoad,
	upsertLoad,
	type ChangeEvent,
} from '../../../nodes/shared/loads';
import { UNCHANGED_TOAST } from '../../../nodes/shared/cdc/changeEvent';
import { change, startLoadHarness, TRANSPORTS, type LoadHarness } from './loadHarness';

const TOAST = UNCHANGED_TOAST;

/** Upsert, changelog and swap overwrite filled by INSERTs in the load transaction, no S3. */
describe.each(TRANSPORTS)('fill by INSERT over %s', (transport) => {
	let harness: LoadHarness;
	beforeAll(async () => {
		harness = await startLoadHarness(`loads_if_${transport.toLowerCase()}`);
	});
	afterAll(async () => await harness.stop());
	afterEach(() => harness.redshift.faults.reset());

	async function freshTable(name: string) {
		await harness.reader.query({
			text: `CREATE TABLE ${name} (id BIGINT NOT NULL, name VARCHAR(10))`,
		});
		await harness.reader.query({
			text: `INSERT INTO ${name} VALUES (1, 'old one'), (2, 'old two')`,
		});
	}
	const helperTables = async (prefix: string) =>
		await harness.rows(
			`SELECT table_name FROM information_schema.tables WHERE table_name LIKE '${prefix}%' ORDER BY 1`,
		);

	it.each(['deleteInsert', 'merge'] as const)(
		'upserts by key without S3, the last item per key winning (%s)',
		async (strategy) => {
			const table = `if_up_${strategy.toLowerCase()}`;
			await freshTable(table);
			const result = await upsertLoad({
				connection: harness.connections[transport],
				table: { name: table },
				writeMode: 'insert',
				insert: { batchSize: 2 },
				keys: ['id'],
				strategy,
				items: [
					{ id: 2, name: 'first' },
					{ id: 3, name: 'added' },
					{ id: 2, name: 'last' },
					{ id: 4, name: null },
					{ id: 3, name: 'added v2' },
				],
			});
			expect(result).toMatchObject({
				action: 'upsert',
				itemsRead: 5,
				files: 0,
				bytes: 0,
				queryIds: [],
				attempts: 1,
			});
			expect(result.manifestUrl).toBeUndefined();
			expect(await harness.rows(`SELECT id, name FROM ${table} ORDER BY id`)).toEqual([
				{ id: '1', name: 'old one' },
				{ id: '2', name: 'last' },
				{ id: '3', name: 'added v2' },
				{ id: '4', name: null },
			]);
			// The temporary staging table went with the transaction.
			expect(await helperTables(`${table}_`)).toEqual([]);
		},
	);

	it('refuses a bad value with its item and column before anything is sent, leaving the table as it was', async () => {
		const table = 'if_up_bad';
		await freshTable(table);
		const load = upsertLoad({
			connection: harness.connections[transport],
			table: { name: table },
			writeMode: 'insert',
			keys: ['id'],
			columnFit: { longValues: 'fail' },
			items: [
				{ id: 2, name: 'ok' },
				{ id: 3, name: 'far too long for ten' },
			],
		});
		await expect(load).rejects.toThrow(ItemValueError);
		await expect(load).rejects.toThrow(/Item 1, column "name" of "if_up_bad" \(VARCHAR\(10\)\)/);
		expect(await harness.rows(`SELECT id, name FROM ${table} ORDER BY id`)).toEqual([
			{ id: '1', name: 'old one' },
			{ id: '2', name: 'old two' },
		]);
	});

	it('rolls the whole upsert back when a statement after the INSERTs fails', async () => {
		const table = 'if_up_fail';
		await freshTable(table);
		harness.redshift.faults.serializableViolationOn(/^DELETE FROM "if_up_fail"/i, 100);
		await expect(
			upsertLoad({
				connection: harness.connections[transport],
				table: { name: table },
				writeMode: 'insert',
				keys: ['id'],
				items: [{ id: 2, name: 'new' }],
				retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 2 },
			}),
		).rejects.toThrow(LoadFailedError);
		expect(await harness.rows(`SELECT id, name FROM ${table} ORDER BY id`)).toEqual([
			{ id: '1', name: 'old one' },
			{ id: '2', name: 'old two' },
		]);
	});

	it('overwrites by swapping in a table filled by INSERTs, atomically', async () => {
		const table = 'if_swap';
		await freshTable(table);
		const result = await overwriteLoad({
			connection: harness.connections[transport],
			table: { name: table },
			writeMode: 'insert',
			insert: { batchSize: 1 },
			method: 'swap',
			items: [{ id: 7, name: 'seven' }, { id: 8 }],
		});
		expect(result).toMatchObject({ action: 'overwrite', rowsLoaded: 2, files: 0 });
		expect(await harness.rows(`SELECT id, name FROM ${table} ORDER BY id`)).toEqual([
			{ id: '7', name: 'seven' },
			{ id: '8', name: null },
		]);
		expect(await helperTables(table)).toEqual([{ table_name: table }]);
	});

	it('swap overwrite refuses a NULL for a NOT NULL column with its item and column', async () => {
		const table = 'if_swap_null';
		await freshTable(table);
		await expect(
			overwriteLoad({
				connection: harness.connections[transport],
				table: { name: table },
				writeMode: 'insert',
				method: 'swap',
				items: [{ id: 7 }, { id: null, name: 'x' }],
			}),
		).rejects.toThrow(/Item 1, column "id" \(BIGINT\): the column is NOT NULL/);
		expect(await harness.rows(`SELECT count(*) AS n FROM ${table}`)).toEqual([{ n: '2' }]);
	});

	const apply = async (table: string, events: ChangeEvent[]) =>
		await changelogLoad({
			connection: harness.connections[transport],
			table: { name: table },
			events,
			writeMode: 'insert',
			insert: { batchSize: 2 },
		});

	it('applies a changelog exactly once without S3: position order, deletes, TOAST, moved keys; a replay changes nothing', async () => {
		await harness.reader.query({
			text: 'CREATE TABLE if_cl (id BIGINT, name VARCHAR(20), body VARCHAR(100))',
		});
		await harness.reader.query({
			text: "INSERT INTO if_cl VALUES (1, 'one', 'body one'), (2, 'two', 'body two'), (5, 'five', 'body five')",
		});
		const batch: ChangeEvent[] = [
			change('c', '0/100', 0, { id: 3, name: 'three', body: 'b3' }),
			change(
				'u',
				'0/100',
				1,
				{ id: 1, name: 'one v2', body: TOAST },
				{ unchangedToastColumns: ['body'] },
			),
			change('d', '0/200', 0, { id: 2 }),
			{
				op: 'u',
				before: { id: 5 },
				after: { id: 50, name: 'five moved', body: 'b50' },
				key: { id: 50 },
				source: { commitLsn: '0/200', eventIndex: 1 },
			},
			// Out of order in the input, but positioned first: it must not win.
			change(
				'u',
				'0/50',
				0,
				{ id: 1, name: 'stale', body: TOAST },
				{ unchangedToastColumns: ['body'] },
			),
		];
		const result = await apply('if_cl', batch);
		expect(result).toMatchObject({ action: 'changelog', changes: 6, files: 0, queryIds: [] });
		expect(result.position).toBe(((0x200n << 32n) + 1n).toString());
		const expected = [
			{ id: '1', name: 'one v2', body: 'body one' },
			{ id: '3', name: 'three', body: 'b3' },
			{ id: '50', name: 'five moved', body: 'b50' },
		];
		expect(await harness.rows('SELECT id, name, body FROM if_cl ORDER BY id')).toEqual(expected);
		expect(
			await harness.rows(
				"SELECT CAST(position AS VARCHAR(40)) AS position FROM _n8n_cdc_positions WHERE target_table = 'if_cl'",
			),
		).toEqual([{ position: result.position }]);

		const replay = await apply('if_cl', batch);
		expect(replay.rowsLoaded).toBe(0);
		expect(await harness.rows('SELECT id, name, body FROM if_cl ORDER BY id')).toEqual(expected);
		expect(await helperTables('if_cl_')).toEqual([]);
	});

	it('leaves a changelog table and its position unchanged when the transaction fails, then applies on retry', async () => {
		await harness.reader.query({ text: 'CREATE TABLE if_cl_fail (id BIGINT, name VARCHAR(20))' });
		await harness.reader.query({ text: "INSERT INTO if_cl_fail VALUES (1, 'one')" });
		const batch = [
			change('d', '0/A00', 0, { id: 1 }),
			change('c', '0/A00', 1, { id: 2, name: 'two' }),
		];
		harness.redshift.faults.dropConnectionAt(/^INSERT INTO "if_cl_fail"/i);
		await expect(apply('if_cl_fail', batch)).rejects.toThrow(LoadFailedError);
		expect(await harness.rows('SELECT id, name FROM if_cl_fail')).toEqual([
			{ id: '1', name: 'one' },
		]);
		expect(
			await harness.rows(
				"SELECT count(*) AS n FROM _n8n_cdc_positions WHERE target_table = 'if_cl_fail'",
			),
		).toEqual([{ n: '0' }]);
		harness.redshift.faults.reset();
		await apply('if_cl_fail', batch);
		expect(await harness.rows('SELECT id, name FROM if_cl_fail')).toEqual([
			{ id: '2', name: 'two' },
		]);
	});

	it('fills a changelog with CDC text-mode values: booleans, zoned timestamps, exact numbers and JSON text into SUPER', async () => {
		await harness.reader.query({
			text: 'CREATE TABLE if_cl_text (id BIGINT, ok BOOLEAN, at TIMESTAMPTZ, amount NUMERIC(20,4), doc SUPER)',
		});
		const row = {
			id: '1',
			ok: 't',
			at: '2024-01-02 03:04:05.123456+02',
			amount: '1234567890123456.1234',
			doc: '{"a": [1, 2], "big": 123456789012345678901}',
		};
		await changelogLoad({
			connection: harness.connections[transport],
			table: { name: 'if_cl_text' },
			events: [
				change('c', '0/F00', 0, row),
				change('c', '0/F00', 1, { ...row, id: '2', ok: 'f', doc: '"just a string"' }),
			],
			writeMode: 'insert',
			superStringsAreJson: true,
		});
		const rows = await harness.rows(
			'SELECT id, ok, EXTRACT(EPOCH FROM at) AS epoch, amount, doc FROM if_cl_text ORDER BY id',
		);
		expect(rows.map((read) => ({ ...read, epoch: Number(read.epoch) }))).toEqual([
			{
				id: '1',
				ok: true,
				epoch: Date.parse('2024-01-02T01:04:05.123Z') / 1000 + 0.000456,
				amount: '1234567890123456.1234',
				doc: expect.objectContaining({ a: [1, 2] }),
			},
			{
				id: '2',
				ok: false,
				epoch: Date.parse('2024-01-02T01:04:05.123Z') / 1000 + 0.000456,
				amount: '1234567890123456.1234',
				doc: 'just a string',
			},
		]);
		expect(await harness.rows('SELECT doc::text AS doc FROM if_cl_text WHERE id = 1')).toEqual([
			{ doc: expect.stringContaining('123456789012345678901') },
		]);
	});

	it('creates a missing table inside the transaction and fills it by INSERT', async () => {
		const result = await upsertLoad({
			connection: harness.connections[transport],
			table: { name: 'if_created' },
			createIfMissing: true,
			writeMode: 'insert',
			keys: ['id'],
			items: [
				{ id: 1, name: 'a' },
				{ id: 1, name: 'b' },
			],
		});
		expect(result.tableCreated).toBe(true);
		expect(await harness.rows('SELECT id, name FROM if_created')).toEqual([{ id: '1', name: 'b' }]);
	});

	it('runs any number of INSERTs in one wire transaction; the Data API refuses more than 40 statements', async () => {
		const table = 'if_many';
		await freshTable(table);
		const load = upsertLoad({
			connection: harness.connections[transport],
			table: { name: table },
			writeMode: 'insert',
			insert: { batchSize: 1 },
			keys: ['id'],
			items: Array.from({ length: 60 }, (_, index) => ({ id: index + 1, name: `n${index + 1}` })),
		});
		if (transport === 'wire') {
			expect(await load).toMatchObject({ rowsLoaded: 60, attempts: 1 });
			expect(
				await harness.rows(
					`SELECT count(*) AS n, min(name) AS first FROM ${table} WHERE name LIKE 'n%'`,
				),
			).toEqual([{ n: '60', first: 'n1' }]);
		} else {
			await expect(load).rejects.toThrow(
				/These 60 items need 60 INSERT statement\(s\) of up to 1 rows plus 5 other statement\(s\), so at most 35 items fit/,
			);
			expect(await harness.rows(`SELECT count(*) AS n FROM ${table}`)).toEqual([{ n: '2' }]);
		}
	});

	it('needs staging settings to fill by COPY', async () => {
		await expect(
			upsertLoad({
				connection: harness.connections[transport],
				table: { name: 'if_up_deleteinsert' },
				keys: ['id'],
				items: [{ id: 1 }],
			}),
		).rejects.toThrow(/Loading by COPY needs staging settings/);
	});
});

describe('fill by INSERT over the Data API: one BatchExecuteStatement', () => {
	let harness: LoadHarness;
	beforeAll(async () => {
		harness = await startLoadHarness('loads_if_limit');
		await harness.reader.query({ text: 'CREATE TABLE if_limit (id BIGINT, name VARCHAR(10))' });
		await harness.reader.query({ text: "INSERT INTO if_limit VALUES (1, 'kept')" });
	});
	afterAll(async () => await harness.stop());

	const items = (count: number) =>
		Array.from({ length: count }, (_, index) => ({ id: index + 10, name: 'n' }));

	// The SQL before/after the load shares its transaction and counts against the 40 statements.
	const hooks = {
		before: [{ text: "UPDATE if_limit SET name = 'b' WHERE id = 1" }],
		after: [{ text: "UPDATE if_limit SET name = name || '+a' WHERE id = 1" }],
	};

	it('refuses rows that need more than 40 statements before sending anything, saying how many fit', async () => {
		// Upsert: CREATE stage, dedup, DELETE, INSERT, DROP = 5 statements around the fill, plus the 2 hooks: 33 INSERTs of 10 rows.
		const load = upsertLoad({
			connection: harness.connections.dataApi,
			table: { name: 'if_limit' },
			writeMode: 'insert',
			insert: { batchSize: 10 },
			hooks,
			keys: ['id'],
			items: items(400),
		});
		await expect(load).rejects.toThrow(DataApiTransactionTooLargeError);
		await expect(load).rejects.toThrow(
			'These 400 items need 40 INSERT statement(s) of up to 10 rows plus 7 other statement(s) (2 of them the SQL before/after the load), so at most 330 items fit. Nothing was sent. ' +
				'To load it, use write mode Copy (stage in S3), set a larger Batch Size (up to 2000 rows fit one INSERT here), or use a direct connection (no statement limit).',
		);
		expect(await harness.rows('SELECT id, name FROM if_limit')).toEqual([
			{ id: '1', name: 'kept' },
		]);
	});

	it('loads exactly as many rows as fit, in one transaction with the SQL before and after', async () => {
		const result = await upsertLoad({
			connection: harness.connections.dataApi,
			table: { name: 'if_limit' },
			writeMode: 'insert',
			insert: { batchSize: 10 },
			hooks,
			keys: ['id'],
			items: items(330),
		});
		expect(result).toMatchObject({ rowsLoaded: 330, attempts: 1 });
		expect(await harness.rows('SELECT count(*) AS n FROM if_limit')).toEqual([{ n: '331' }]);
		expect(await harness.rows('SELECT name FROM if_limit WHERE id = 1')).toEqual([{ name: 'b+a' }]);
	});

	it('refuses a changelog that does not fit without touching the positions or adding columns', async () => {
		const events = items(400).map((row, index) => change('c', '0/F00', index, row));
		events.push({
			op: 'schema',
			before: null,
			after: null,
			source: { commitLsn: '0/F01', eventIndex: 0 },
			schemaChange: { columns: [{ name: 'extra', formattedType: 'integer' }] },
		});
		await expect(
			changelogLoad({
				connection: harness.connections.dataApi,
				table: { name: 'if_limit' },
				events,
				writeMode: 'insert',
				insert: { batchSize: 10 },
			}),
		).rejects.toThrow(
			/These 400 data changes need 40 INSERT statement\(s\) of up to 10 rows plus \d+ other statement\(s\), so at most \d+ data changes fit/,
		);
		expect(
			await harness.rows(
				"SELECT column_name FROM information_schema.columns WHERE table_name = 'if_limit' ORDER BY ordinal_position",
			),
		).toEqual([{ column_name: 'id' }, { column_name: 'name' }]);
	});
});
