import { changelogLoad, type ChangeEvent } from '../../../nodes/shared/loads';
import type { SchemaColumn, SchemaDescription } from '../../../nodes/shared/loads/schemaEvolution';
import { change, startLoadHarness, TRANSPORTS, type LoadHarness } from './loadHarness';

/** A schema event as the trigger sends it (source.lsn set, like every trigger event). */
function schemaEvent(
	commitLsn: string,
	eventIndex: number,
	description: SchemaDescription,
): ChangeEvent {
	return {
		op: 'schema',
		before: null,
		after: null,
		key: null,
		source: { lsn: commitLsn, commitLsn, eventIndex },
		schemaChange: description,
	};
}

const col = (
	name: string,
	formattedType: string,
	extra: Partial<SchemaColumn> = {},
): SchemaColumn => ({
	name,
	formattedType,
	...extra,
});

describe.each(TRANSPORTS)('changelog schema description and evolution over %s', (transport) => {
	let harness: LoadHarness;
	beforeAll(async () => {
		harness = await startLoadHarness(`loads_cls_${transport.toLowerCase()}`);
	});
	afterAll(async () => await harness.stop());

	const apply = async (
		table: string,
		events: ChangeEvent[],
		name: string,
		createIfMissing = false,
	) =>
		await changelogLoad({
			connection: harness.connections[transport],
			table: { name: table },
			events,
			createIfMissing,
			staging: harness.staging(name),
		});
	const columnTypes = async (table: string) =>
		await harness.rows(
			`SELECT column_name, data_type, character_maximum_length, numeric_precision, numeric_scale FROM information_schema.columns WHERE table_name = '${table}' ORDER BY ordinal_position`,
		);

	it('creates a missing table from the description: exact NUMERIC(p,s) and byte-sized VARCHAR, not types guessed from values', async () => {
		await apply(
			'cls_created',
			[
				schemaEvent('0/100', 0, {
					reason: 'firstSight',
					columns: [
						col('id', 'integer', { isKey: true }),
						col('amount', 'numeric(12,5)', { precision: 12, scale: 5 }),
						col('zip', 'character varying(10)', { length: 10 }),
						col('tags', 'text[]', { typeName: '_text' }),
					],
				}),
				change('c', '0/100', 1, { id: 1, amount: '1.2', zip: '01234', tags: '{a,"b c"}' }),
				change('c', '0/100', 2, { id: 2, amount: '1.23456', zip: '98765', tags: null }),
			],
			'cls-created',
			true,
		);
		expect(await columnTypes('cls_created')).toEqual([
			expect.objectContaining({ column_name: 'id', data_type: 'integer' }),
			expect.objectContaining({
				column_name: 'amount',
				data_type: 'numeric',
				numeric_precision: 12,
				numeric_scale: 5,
			}),
			expect.objectContaining({
				column_name: 'zip',
				data_type: 'character varying',
				character_maximum_length: 40,
			}),
			expect.objectContaining({
				column_name: 'tags',
				data_type: 'character varying',
				character_maximum_length: 65535,
			}),
			expect.objectContaining({ column_name: '_n8n_cdc_position' }),
		]);
		expect(await harness.rows('SELECT id, amount, zip, tags FROM cls_created ORDER BY id')).toEqual(
			[
				{ id: 1, amount: '1.20000', zip: '01234', tags: '{a,"b c"}' },
				{ id: 2, amount: '1.23456', zip: '98765', tags: null },
			],
		);
	});

	it('refuses to create a table from trigger changes without a description, saying what is missing and what to do', async () => {
		const run = apply(
			'cls_nodesc',
			[change('c', '0/200', 0, { id: 1, amount: '1.2', zip: '01234' })],
			'cls-nodesc',
			true,
		);
		await expect(run).rejects.toThrow(
			/"cls_nodesc" does not exist and this batch holds no description of its columns/,
		);
		await expect(run).rejects.toThrow(/do not filter op 'schema' items out/);
		await expect(run).rejects.toThrow(/create the table yourself, or give the columns to create/);
		expect(
			await harness.rows(
				"SELECT count(*)::int AS n FROM information_schema.tables WHERE table_name = 'cls_nodesc'",
			),
		).toEqual([{ n: 0 }]);
	});

	it('still infers the columns of changes that carry no trigger position (no source.lsn)', async () => {
		const result = await apply(
			'cls_inferred',
			[
				{
					op: 'c',
					after: { id: 1, name: 'x' },
					key: { id: 1 },
					source: { commitLsn: '0/300', eventIndex: 0 },
				},
			],
			'cls-inferred',
			true,
		);
		expect(result.tableCreated).toBe(true);
		expect(await harness.rows('SELECT id, name FROM cls_inferred')).toEqual([
			{ id: '1', name: 'x' },
		]);
	});

	it('adds a column with the source constant default filling the existing rows; a non-constant default only warns', async () => {
		await harness.reader.query({ text: 'CREATE TABLE cls_added (id BIGINT, name VARCHAR(20))' });
		await harness.reader.query({ text: "INSERT INTO cls_added VALUES (1, 'one')" });
		const result = await apply(
			'cls_added',
			[
				schemaEvent('0/400', 0, {
					reason: 'changed',
					columns: [
						col('id', 'bigint', { isKey: true }),
						col('name', 'character varying(20)'),
						col('qty', 'integer', { default: '7' }),
						col('delta', 'integer', { default: "'-3'::integer" }),
						col('ratio', 'numeric(6,2)', { precision: 6, scale: 2, default: '(-1.5)' }),
						col('status', 'character varying(10)', { default: "'it''s new'::character varying" }),
						col('active', 'boolean', { default: 'true' }),
						col('born', 'date', { default: "'2020-02-29'::date" }),
						col('nothing', 'text', { default: 'NULL::text' }),
						col('dir', 'text', { default: "'C:\\tmp'::text" }),
						col('created_at', 'timestamp with time zone', { default: 'now()' }),
						col('seq', 'bigint', { default: "nextval('cls_added_seq'::regclass)" }),
					],
					addedColumns: [],
				}),
				change('c', '0/400', 1, {
					id: 2,
					name: 'two',
					qty: 1,
					delta: 2,
					ratio: '3.25',
					status: 'x',
					active: 'f',
					born: '2021-01-01',
					nothing: 'n',
					dir: 'D:',
					created_at: '2024-01-01 00:00:00+00',
					seq: 5,
				}),
			],
			'cls-added',
		);
		expect(result.columnsAdded).toEqual([
			'qty',
			'delta',
			'ratio',
			'status',
			'active',
			'born',
			'nothing',
			'dir',
			'created_at',
			'seq',
		]);
		expect(result.warnings).toEqual([
			expect.stringMatching(
				/column "created_at" defaults to now\(\), which is not a constant; "cls_added" got the column without a default: existing rows get NULL; take a new snapshot of the table to fill them/,
			),
			expect.stringMatching(
				/column "seq" defaults to nextval\('cls_added_seq'::regclass\), which is not a constant.*existing rows get NULL/,
			),
		]);
		expect(
			await harness.rows(
				'SELECT id, qty, delta, ratio, status, active, born::text AS born, nothing, dir, created_at::text AS created_at, seq FROM cls_added ORDER BY id',
			),
		).toEqual([
			{
				id: '1',
				qty: 7,
				delta: -3,
				ratio: '-1.50',
				status: "it's new",
				active: true,
				born: '2020-02-29',
				nothing: null,
				dir: 'C:\\tmp',
				created_at: null,
				seq: null,
			},
			{
				id: '2',
				qty: 1,
				delta: 2,
				ratio: '3.25',
				status: 'x',
				active: false,
				born: '2021-01-01',
				nothing: 'n',
				dir: 'D:',
				created_at: '2024-01-01 00:00:00+00',
				seq: '5',
			},
		]);
	});

	it('widens a retyped VARCHAR that got longer (outside the transaction), and warns once with the manual step for a retype Redshift cannot do', async () => {
		await harness.reader.query({
			text: 'CREATE TABLE cls_retyped (id BIGINT, code VARCHAR(40), n INTEGER)',
		});
		await harness.reader.query({ text: "INSERT INTO cls_retyped VALUES (1, 'short', 1)" });
		const long = 'é'.repeat(50); // 100 bytes: does not fit VARCHAR(40)
		const result = await apply(
			'cls_retyped',
			[
				schemaEvent('0/500', 0, {
					reason: 'changed',
					columns: [
						col('id', 'bigint', { isKey: true }),
						col('code', 'character varying(50)', { length: 50 }),
						col('n', 'bigint'),
					],
					retypedColumns: [
						{
							name: 'code',
							from: col('code', 'character varying(10)'),
							to: col('code', 'character varying(50)'),
						},
						{ name: 'n', from: col('n', 'integer'), to: col('n', 'bigint') },
					],
				}),
				change('u', '0/500', 1, { id: 1, code: long, n: 2 }),
			],
			'cls-retyped',
		);
		expect(result.warnings).toEqual([
			expect.stringMatching(
				/The source changed the type of column "n" from integer to bigint; "cls_retyped" keeps it as INTEGER.*ALTER TABLE "cls_retyped" ADD COLUMN "n_new" BIGINT; UPDATE "cls_retyped" SET "n_new" = "n"::BIGINT; ALTER TABLE "cls_retyped" DROP COLUMN "n"; ALTER TABLE "cls_retyped" RENAME COLUMN "n_new" TO "n"\./,
			),
		]);
		expect(await columnTypes('cls_retyped')).toEqual(
			expect.arrayContaining([
				expect.objectContaining({ column_name: 'code', character_maximum_length: 200 }),
			]),
		);
		expect(await harness.rows('SELECT id, code, n FROM cls_retyped')).toEqual([
			{ id: '1', code: long, n: 2 },
		]);
	});

	it('never fails the load over a schema change Redshift refuses: a default it cannot take, a VARCHAR it cannot widen', async () => {
		await harness.reader.query({
			text: 'CREATE TABLE cls_refused (id BIGINT, code VARCHAR(8) ENCODE BYTEDICT)',
		});
		await harness.reader.query({ text: "INSERT INTO cls_refused VALUES (1, 'a')" });
		const result = await apply(
			'cls_refused',
			[
				schemaEvent('0/900', 0, {
					reason: 'changed',
					columns: [
						col('id', 'bigint', { isKey: true }),
						col('code', 'character varying(5)', { length: 5 }),
						// A default the target's DATE cannot read: refused, the column is added without it.
						col('due', 'date', { default: "'someday'::date" }),
					],
					retypedColumns: [
						{
							name: 'code',
							from: col('code', 'character varying(2)'),
							to: col('code', 'character varying(5)'),
						},
					],
				}),
				change('c', '0/900', 1, { id: 2, code: 'b', due: '2024-01-01' }),
			],
			'cls-refused',
		);
		expect(result.columnsAdded).toEqual(['due']);
		expect(result.warnings).toEqual([
			expect.stringMatching(
				/"cls_refused" refused the source's default for new column "due"; the column was added without it: existing rows get NULL/,
			),
			expect.stringMatching(/Could not widen column "code" of "cls_refused" to VARCHAR\(20\)/),
		]);
		expect(
			await harness.rows('SELECT id, code, due::text AS due FROM cls_refused ORDER BY id'),
		).toEqual([
			{ id: '1', code: 'a', due: null },
			{ id: '2', code: 'b', due: '2024-01-01' },
		]);
	});

	it('keeps a dropped column with a warning; a matching description is a no-op and one with a new column adds it', async () => {
		await harness.reader.query({
			text: 'CREATE TABLE cls_desc (id BIGINT, label VARCHAR(80), legacy VARCHAR(10))',
		});
		await harness.reader.query({ text: "INSERT INTO cls_desc VALUES (1, 'one', 'old')" });
		const dropped = await apply(
			'cls_desc',
			[
				schemaEvent('0/600', 0, {
					reason: 'changed',
					columns: [col('id', 'bigint', { isKey: true }), col('label', 'character varying(20)')],
					droppedColumns: [{ name: 'legacy' }],
				}),
				change('c', '0/600', 1, { id: 2, label: 'two' }),
			],
			'cls-desc-1',
		);
		expect(dropped.warnings).toEqual([
			expect.stringMatching(/The source dropped column "legacy"; "cls_desc" keeps it/),
		]);
		expect(await harness.rows('SELECT id, label, legacy FROM cls_desc ORDER BY id')).toEqual([
			{ id: '1', label: 'one', legacy: 'old' },
			{ id: '2', label: 'two', legacy: null },
		]);

		const same = await apply(
			'cls_desc',
			[
				schemaEvent('0/700', 0, {
					reason: 'firstSight',
					columns: [col('id', 'bigint', { isKey: true }), col('label', 'character varying(20)')],
				}),
				change('u', '0/700', 1, { id: 2, label: 'two v2' }),
			],
			'cls-desc-2',
		);
		expect(same).toMatchObject({ columnsAdded: [], warnings: [] });

		const more = await apply(
			'cls_desc',
			[
				schemaEvent('0/800', 0, {
					reason: 'firstSight',
					columns: [
						col('id', 'bigint', { isKey: true }),
						col('label', 'character varying(20)'),
						col('price', 'numeric(10,2)', { default: '0' }),
					],
				}),
			],
			'cls-desc-3',
		);
		expect(more).toMatchObject({ columnsAdded: ['price'], warnings: [] });
		expect(await harness.rows('SELECT id, label, legacy, price FROM cls_desc ORDER BY id')).toEqual(
			[
				{ id: '1', label: 'one', legacy: 'old', price: '0.00' },
				{ id: '2', label: 'two v2', legacy: null, price: '0.00' },
			],
		);
	});
});
