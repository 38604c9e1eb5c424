import { changelogLoad, type ChangeEvent } from '../../../nodes/shared/loads';
import { UNCHANGED_TOAST } from '../../../nodes/shared/cdc/changeEvent';
import { change, startLoadHarness, TRANSPORTS, type LoadHarness } from './loadHarness';

const TOAST = UNCHANGED_TOAST;

describe.each(TRANSPORTS)('changelog over %s', (transport) => {
	let harness: LoadHarness;
	beforeAll(async () => {
		harness = await startLoadHarness(`loads_cl_${transport.toLowerCase()}`);
	});
	afterAll(async () => await harness.stop());

	const apply = async (table: string, events: ChangeEvent[], name = table) =>
		await changelogLoad({
			connection: harness.connections[transport],
			table: { name: table },
			events,
			staging: harness.staging(name),
		});

	it('applies changes in position order, last write per key wins, deletes remove; a replay changes nothing', async () => {
		await harness.reader.query({
			text: 'CREATE TABLE cl_basic (id BIGINT, name VARCHAR(20), amount NUMERIC(12,2))',
		});
		await harness.reader.query({
			text: "INSERT INTO cl_basic VALUES (1, 'one', 1.00), (2, 'two', 2.00)",
		});
		const batch = [
			change('c', '0/100', 0, { id: 3, name: 'three', amount: '3.50' }),
			change('u', '0/100', 1, { id: 1, name: 'one v2', amount: '1.10' }),
			change('d', '0/200', 0, { id: 2 }),
			change('u', '0/200', 1, { id: 3, name: 'three v2', amount: '3.60' }),
			// Out of order in the input, but positioned first: it must not win.
			change('u', '0/50', 0, { id: 1, name: 'stale', amount: '0.00' }),
		];
		const result = await apply('cl_basic', batch);
		expect(result).toMatchObject({ action: 'changelog', changes: 5, columnsAdded: [] });
		expect(result.position).toBe(((0x200n << 32n) + 1n).toString());
		const expected = [
			{ id: '1', name: 'one v2', amount: '1.10' },
			{ id: '3', name: 'three v2', amount: '3.60' },
		];
		expect(await harness.rows('SELECT id, name, amount FROM cl_basic ORDER BY id')).toEqual(
			expected,
		);

		const replay = await apply('cl_basic', batch, 'cl_basic-replay');
		expect(replay.rowsLoaded).toBe(0);
		expect(await harness.rows('SELECT id, name, amount FROM cl_basic ORDER BY id')).toEqual(
			expected,
		);
		expect(
			await harness.rows(
				"SELECT CAST(position AS VARCHAR(40)) AS position FROM _n8n_cdc_positions WHERE target_table = 'cl_basic'",
			),
		).toEqual([{ position: result.position }]);
	});

	it('continues a transaction that spans batches and applies a truncate only once', async () => {
		await harness.reader.query({ text: 'CREATE TABLE cl_span (id BIGINT, name VARCHAR(20))' });
		await harness.reader.query({ text: "INSERT INTO cl_span VALUES (9, 'before truncate')" });
		await apply(
			'cl_span',
			[
				change('c', '0/300', 0, { id: 1, name: 'a' }),
				change('t', '0/300', 1, null),
				change('c', '0/300', 2, { id: 2, name: 'b' }),
			],
			'span1',
		);
		expect(await harness.rows('SELECT id FROM cl_span ORDER BY id')).toEqual([{ id: '2' }]);
		// The same transaction goes on in the next batch.
		await apply('cl_span', [change('c', '0/300', 3, { id: 3, name: 'c' })], 'span2');
		expect(await harness.rows('SELECT id FROM cl_span ORDER BY id')).toEqual([
			{ id: '2' },
			{ id: '3' },
		]);
		// Replaying the first batch must not truncate again.
		await apply(
			'cl_span',
			[
				change('c', '0/300', 0, { id: 1, name: 'a' }),
				change('t', '0/300', 1, null),
				change('c', '0/300', 2, { id: 2, name: 'b' }),
			],
			'span1-replay',
		);
		expect(await harness.rows('SELECT id FROM cl_span ORDER BY id')).toEqual([
			{ id: '2' },
			{ id: '3' },
		]);
	});

	it('adds the columns a schema event brings before applying rows that use them', async () => {
		await harness.reader.query({ text: 'CREATE TABLE cl_schema (id BIGINT, name VARCHAR(20))' });
		const result = await apply('cl_schema', [
			change('c', '0/400', 0, { id: 1, name: 'a' }),
			{
				op: 'schema',
				before: null,
				after: null,
				source: { commitLsn: '0/500', eventIndex: 0 },
				schemaChange: {
					columns: [
						{ name: 'id', formattedType: 'bigint', isKey: true },
						{ name: 'name', formattedType: 'character varying(20)' },
						{ name: 'Tags', formattedType: 'jsonb' },
						{ name: 'price', formattedType: 'numeric(10,2)' },
					],
					droppedColumns: [{ name: 'legacy' }],
				},
			},
			change('c', '0/600', 0, { id: 2, name: 'b', Tags: { x: [1, 2] }, price: '9.99' }),
		]);
		expect(result.columnsAdded).toEqual(['tags', 'price']);
		expect(result.warnings).toEqual([
			expect.stringMatching(/The source dropped column "legacy"; "cl_schema" keeps it/),
		]);
		expect(await harness.rows('SELECT id, name, tags, price FROM cl_schema ORDER BY id')).toEqual([
			{ id: '1', name: 'a', tags: null, price: null },
			{ id: '2', name: 'b', tags: { x: [1, 2] }, price: '9.99' },
		]);
	});

	it('keeps a value an update left unchanged (TOAST), from the table or from earlier in the batch', async () => {
		await harness.reader.query({
			text: 'CREATE TABLE cl_toast (id BIGINT, name VARCHAR(20), body VARCHAR(1000))',
		});
		await harness.reader.query({ text: "INSERT INTO cl_toast VALUES (1, 'one', 'long body one')" });
		await apply('cl_toast', [
			change(
				'u',
				'0/700',
				0,
				{ id: 1, name: 'one v2', body: TOAST },
				{ unchangedToastColumns: ['body'] },
			),
			change('c', '0/800', 0, { id: 2, name: 'two', body: 'long body two' }),
			change(
				'u',
				'0/900',
				0,
				{ id: 2, name: 'two v2', body: TOAST },
				{ unchangedToastColumns: ['body'] },
			),
		]);
		expect(await harness.rows('SELECT id, name, body FROM cl_toast ORDER BY id')).toEqual([
			{ id: '1', name: 'one v2', body: 'long body one' },
			{ id: '2', name: 'two v2', body: 'long body two' },
		]);
	});

	it('leaves the table and the recorded position unchanged when the COPY fails, then applies on retry', async () => {
		await harness.reader.query({ text: 'CREATE TABLE cl_fail (id BIGINT, name VARCHAR(20))' });
		await harness.reader.query({ text: "INSERT INTO cl_fail VALUES (1, 'one')" });
		const batch = [
			change('d', '0/A00', 0, { id: 1 }),
			change('c', '0/A00', 1, { id: 2, name: 'two' }),
		];
		const staging = harness.staging('cl-fail');
		harness.redshift.faults.failCopy();
		await expect(
			changelogLoad({
				connection: harness.connections[transport],
				table: { name: 'cl_fail' },
				events: batch,
				staging,
			}),
		).rejects.toThrow(/Loading into "cl_fail" failed, nothing was changed/);
		expect(await harness.rows('SELECT id, name FROM cl_fail')).toEqual([{ id: '1', name: 'one' }]);
		expect(
			await harness.rows(
				"SELECT count(*) AS n FROM _n8n_cdc_positions WHERE target_table = 'cl_fail'",
			),
		).toEqual([{ n: '0' }]);
		expect(await harness.stagedKeys(staging)).toEqual([]);
		await apply('cl_fail', batch, 'cl-fail-retry');
		expect(await harness.rows('SELECT id, name FROM cl_fail')).toEqual([{ id: '2', name: 'two' }]);
	});

	it('creates a missing table from the schema event, keyed by the replica identity', async () => {
		const result = await changelogLoad({
			connection: harness.connections[transport],
			table: { name: 'cl_created' },
			createIfMissing: true,
			staging: harness.staging('cl-created'),
			events: [
				{
					op: 'schema',
					before: null,
					after: null,
					source: { commitLsn: '0/B00', eventIndex: 0 },
					schemaChange: {
						columns: [
							{ name: 'id', formattedType: 'integer', isKey: true },
							{ name: 'label', formattedType: 'text' },
						],
					},
				},
				change('r', '0/B00', 1, { id: 1, label: 'snap' }),
			],
		});
		expect(result.tableCreated).toBe(true);
		expect(await harness.rows('SELECT id, label FROM cl_created')).toEqual([
			{ id: 1, label: 'snap' },
		]);
		expect(
			await harness.rows(
				"SELECT data_type, character_maximum_length FROM information_schema.columns WHERE table_name = 'cl_created' AND column_name = 'label'",
			),
		).toEqual([{ data_type: 'character varying', character_maximum_length: 65535 }]);
	});

	it('moves a row whose update changed its key', async () => {
		await harness.reader.query({ text: 'CREATE TABLE cl_rekey (id BIGINT, name VARCHAR(20))' });
		await harness.reader.query({ text: "INSERT INTO cl_rekey VALUES (1, 'one'), (2, 'two')" });
		await apply('cl_rekey', [
			{
				op: 'u',
				before: { id: 1 },
				after: { id: 10, name: 'one moved' },
				key: { id: 10 },
				source: { commitLsn: '0/C00', eventIndex: 0 },
			},
			change('u', '0/C00', 1, { id: 2, name: 'two v2' }),
		]);
		expect(await harness.rows('SELECT id, name FROM cl_rekey ORDER BY id')).toEqual([
			{ id: '2', name: 'two v2' },
			{ id: '10', name: 'one moved' },
		]);
	});

	it('applies the same way from JSON-lines staging', async () => {
		await harness.reader.query({
			text: 'CREATE TABLE cl_jsonl (id BIGINT, doc SUPER, note VARCHAR(20))',
		});
		const events = [
			change('c', '0/D00', 0, { id: 1, doc: { a: 1 }, note: '' }),
			change('c', '0/D00', 1, { id: 2, doc: null, note: null }),
			change('u', '0/E00', 0, { id: 1, doc: [1, 2], note: 'x\ny' }),
			change('d', '0/E00', 1, { id: 2 }),
		];
		const load = async (name: string) =>
			await changelogLoad({
				connection: harness.connections[transport],
				table: { name: 'cl_jsonl' },
				events,
				staging: harness.staging(name, { format: 'jsonl' }),
			});
		await load('jsonl');
		await load('jsonl-replay');
		expect(await harness.rows('SELECT id, doc, note FROM cl_jsonl ORDER BY id')).toEqual([
			{ id: '1', doc: [1, 2], note: 'x\ny' },
		]);
	});

	it('loads CDC text-mode values: booleans, zoned timestamps, exact numbers and JSON text into SUPER', async () => {
		await harness.reader.query({
			text: 'CREATE TABLE cl_text (id BIGINT, ok BOOLEAN, at TIMESTAMPTZ, amount NUMERIC(20,4), doc SUPER)',
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
			table: { name: 'cl_text' },
			events: [
				change('c', '0/F00', 0, row),
				change('c', '0/F00', 1, { ...row, id: '2', ok: 'f', doc: '"just a string"' }),
			],
			staging: harness.staging('cl-text'),
			superStringsAreJson: true,
		});
		const rows = await harness.rows(
			'SELECT id, ok, EXTRACT(EPOCH FROM at) AS epoch, amount, doc FROM cl_text ORDER BY id',
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
		expect(await harness.rows('SELECT doc::text AS doc FROM cl_text WHERE id = 1')).toEqual([
			{ doc: expect.stringContaining('123456789012345678901') },
		]);
		await expect(
			changelogLoad({
				connection: harness.connections[transport],
				table: { name: 'cl_text' },
				events: [change('c', '0/F01', 0, row)],
				staging: harness.staging('cl-text-jsonl', { format: 'jsonl' }),
				superStringsAreJson: true,
			}),
		).rejects.toThrow(/needs CSV staging/);
	});
});
