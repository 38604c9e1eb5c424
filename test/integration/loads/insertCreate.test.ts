import {
	appendLoad,
	insertRows,
	ItemValueError,
	LoadFailedError,
} from '../../../nodes/shared/loads';
import { startLoadHarness, TRANSPORTS, type LoadHarness } from './loadHarness';

describe.each(TRANSPORTS)('insert mode and create-if-missing over %s', (transport) => {
	let harness: LoadHarness;
	beforeAll(async () => {
		harness = await startLoadHarness(`loads_ins_${transport.toLowerCase()}`);
	});
	afterAll(async () => await harness.stop());

	it('inserts in batched multi-row INSERTs with parameters, SUPER through JSON_PARSE', async () => {
		await harness.reader.query({
			text: 'CREATE TABLE ins_basic (id BIGINT, name VARCHAR(40), doc SUPER, ok BOOLEAN)',
		});
		const items = [
			{ id: 1, name: 'a', doc: { x: 1 }, ok: true },
			{ id: '9223372036854775807', name: '', doc: [1, 'two'], ok: false },
			{ id: 3, name: null, doc: null, ok: null },
			{ id: 4, name: "it's; DROP TABLE ins_basic; --", doc: 'just text', ok: 'true' },
			{ id: 5, name: 'e', doc: 5, ok: 0 },
		];
		const result = await insertRows({
			connection: harness.connections[transport],
			table: { name: 'ins_basic' },
			items,
			batchSize: 2,
		});
		expect(result).toMatchObject({
			action: 'append',
			rowsLoaded: 5,
			itemsRead: 5,
			files: 0,
			attempts: 1,
		});
		expect(await harness.rows('SELECT id, name, doc, ok FROM ins_basic ORDER BY id')).toEqual([
			{ id: '1', name: 'a', doc: { x: 1 }, ok: true },
			{ id: '3', name: null, doc: null, ok: null },
			{ id: '4', name: "it's; DROP TABLE ins_basic; --", doc: 'just text', ok: true },
			{ id: '5', name: 'e', doc: 5, ok: false },
			{ id: '9223372036854775807', name: '', doc: [1, 'two'], ok: false },
		]);
	});

	it('names the item and column of a value that cannot fit, before sending anything', async () => {
		await harness.reader.query({
			text: 'CREATE TABLE ins_check (id SMALLINT, name VARCHAR(4), amount NUMERIC(5,2))',
		});
		const insert = async (items: Record<string, unknown>[]) =>
			await insertRows({
				connection: harness.connections[transport],
				table: { name: 'ins_check' },
				items,
				columnFit: { longValues: 'fail' },
			}).catch((error: unknown) => error);
		const tooLong = await insert([
			{ id: 1, name: 'ok' },
			{ id: 2, name: 'héllo' },
		]);
		expect(tooLong).toBeInstanceOf(ItemValueError);
		expect(tooLong).toMatchObject({ itemIndex: 1, column: 'name' });
		expect((tooLong as Error).message).toMatch(/6 bytes of UTF-8; the column holds 4/);
		expect(await insert([{ id: 40000 }])).toMatchObject({
			itemIndex: 0,
			column: 'id',
			message: expect.stringMatching(/outside the SMALLINT range/),
		});
		expect(await insert([{ id: 1, amount: '1234.5' }])).toMatchObject({
			column: 'amount',
			message: expect.stringMatching(/holds 3/),
		});
		expect(await insert([{ id: 'seven' }])).toMatchObject({
			column: 'id',
			message: expect.stringMatching(/not a whole number/),
		});
		expect(await harness.rows('SELECT count(*) AS n FROM ins_check')).toEqual([{ n: '0' }]);
	});

	it('rolls every batch back when the server refuses one', async () => {
		await harness.reader.query({ text: 'CREATE TABLE ins_fail (id BIGINT, day DATE)' });
		const failure = await insertRows({
			connection: harness.connections[transport],
			table: { name: 'ins_fail' },
			items: [
				{ id: 1, day: '2024-01-02' },
				{ id: 2, day: '2024-13-45' },
			],
			batchSize: 1,
		}).catch((error: unknown) => error);
		expect(failure).toBeInstanceOf(LoadFailedError);
		expect((failure as Error).message).toMatch(
			/Loading into "ins_fail" failed, nothing was changed/,
		);
		expect(await harness.rows('SELECT count(*) AS n FROM ins_fail')).toEqual([{ n: '0' }]);
	});

	it('splits more batches than one Data API transaction holds', async () => {
		await harness.reader.query({ text: 'CREATE TABLE ins_many (id BIGINT)' });
		const items = Array.from({ length: 45 }, (_, id) => ({ id }));
		const result = await insertRows({
			connection: harness.connections[transport],
			table: { name: 'ins_many' },
			items,
			batchSize: 1,
		});
		expect(result.rowsLoaded).toBe(45);
		expect(result.attempts).toBe(transport === 'dataApi' ? 2 : 1);
		expect(await harness.rows('SELECT count(*) AS n, sum(id) AS total FROM ins_many')).toEqual([
			{ n: '45', total: String((44 * 45) / 2) },
		]);
	});

	it('creates a missing table from the items, with encodings, keys and comments, inside the load', async () => {
		const result = await appendLoad({
			connection: harness.connections[transport],
			table: { name: 'Created_Table' },
			items: [
				{ Id: 1, name: 'Ada', amount: '12.50', at: '2024-01-02T03:04:05Z', doc: { a: 1 } },
				{ Id: 2, name: 'Grace', amount: '7', at: '2024-02-03T04:05:06+02:00', doc: [1] },
			],
			staging: harness.staging('created'),
			createIfMissing: {
				distKey: 'id',
				sortKey: { style: 'COMPOUND', columns: ['at'] },
				encodings: { name: 'ZSTD' },
				comment: 'made by a load',
				columnComments: { amount: 'money' },
			},
		});
		expect(result.tableCreated).toBe(true);
		expect(
			await harness.rows(
				"SELECT column_name, data_type, character_maximum_length, numeric_precision, numeric_scale FROM information_schema.columns WHERE table_name = 'created_table' ORDER BY ordinal_position",
			),
		).toEqual([
			{
				column_name: 'id',
				data_type: 'bigint',
				character_maximum_length: null,
				numeric_precision: 64,
				numeric_scale: 0,
			},
			{
				column_name: 'name',
				data_type: 'character varying',
				character_maximum_length: 256,
				numeric_precision: null,
				numeric_scale: null,
			},
			{
				column_name: 'amount',
				data_type: 'numeric',
				character_maximum_length: null,
				numeric_precision: 38,
				numeric_scale: 2,
			},
			{
				column_name: 'at',
				data_type: 'timestamp with time zone',
				character_maximum_length: null,
				numeric_precision: null,
				numeric_scale: null,
			},
			{
				column_name: 'doc',
				data_type: 'jsonb',
				character_maximum_length: null,
				numeric_precision: null,
				numeric_scale: null,
			},
		]);
		expect(
			await harness.rows(
				'SELECT "column", encoding, distkey, sortkey FROM pg_table_def WHERE tablename = \'created_table\' ORDER BY "column"',
			),
		).toEqual([
			{ column: 'amount', encoding: 'az64', distkey: false, sortkey: 0 },
			{ column: 'at', encoding: 'none', distkey: false, sortkey: 1 },
			{ column: 'doc', encoding: 'zstd', distkey: false, sortkey: 0 },
			{ column: 'id', encoding: 'az64', distkey: true, sortkey: 0 },
			{ column: 'name', encoding: 'zstd', distkey: false, sortkey: 0 },
		]);
		expect(
			await harness.rows("SELECT obj_description('created_table'::regclass) AS comment"),
		).toEqual([{ comment: 'made by a load' }]);
		expect(
			await harness.rows('SELECT id, name, amount, doc FROM created_table ORDER BY id'),
		).toEqual([
			{ id: '1', name: 'Ada', amount: '12.50', doc: { a: 1 } },
			{ id: '2', name: 'Grace', amount: '7.00', doc: [1] },
		]);
	});

	it('creates nothing when the first load of a new table fails', async () => {
		harness.redshift.faults.failCopy();
		await expect(
			appendLoad({
				connection: harness.connections[transport],
				table: { name: 'never_created' },
				items: [{ id: 1 }],
				staging: harness.staging('never'),
				createIfMissing: true,
			}),
		).rejects.toThrow(LoadFailedError);
		expect(
			await harness.rows(
				"SELECT count(*) AS n FROM information_schema.tables WHERE table_name = 'never_created'",
			),
		).toEqual([{ n: '0' }]);
	});

	it('parses strings as JSON for SUPER columns when told they are JSON text', async () => {
		await harness.reader.query({ text: 'CREATE TABLE ins_json (id BIGINT, doc SUPER)' });
		await insertRows({
			connection: harness.connections[transport],
			table: { name: 'ins_json' },
			items: [
				{ id: 1, doc: '{"x": [1, "two"]}' },
				{ id: 2, doc: { y: 2 } },
			],
			superStringsAreJson: true,
		});
		expect(await harness.rows('SELECT id, doc FROM ins_json ORDER BY id')).toEqual([
			{ id: '1', doc: { x: [1, 'two'] } },
			{ id: '2', doc: { y: 2 } },
		]);
	});
});
