import {
	appendLoad,
	insertRows,
	ItemValueError,
	LoadFailedError,
	LoadSetupError,
	type LoadItem,
} from '../../../nodes/shared/loads';
import type { StagingFormat } from '../../../nodes/shared/staging';
import { StagingError } from '../../../nodes/shared/staging';
import { startLoadHarness, TRANSPORTS, type LoadHarness } from './loadHarness';

/** Values that must come back exactly as they went in. */
const TRICKY_TEXT = [
	'comma, pipe | semicolon ; tab \t end',
	'"double" and \'single\' quotes, ""doubled""',
	'line one\nline two\r\nline three\n',
	'back\\slash \\N \\t \\\\ and a trailing backslash\\',
	'emoji 😀 family 👨‍👩‍👧 flag 🇺🇦 and ü ß 中文',
	'__n8n_null (not the marker)',
	'',
];

describe.each(TRANSPORTS)('bad input over %s', (transport) => {
	let harness: LoadHarness;
	beforeAll(async () => {
		harness = await startLoadHarness(`loads_bad_${transport.toLowerCase()}`);
		await harness.reader.query({
			text: 'CREATE TABLE victim (id BIGINT)',
		});
	});
	afterAll(async () => await harness.stop());

	const connection = () => harness.connections[transport];

	async function failureOf(
		promise: Promise<unknown>,
	): Promise<Error & { itemIndex?: number; column?: string }> {
		const outcome = await promise.then(
			() => undefined,
			(error: unknown) => error,
		);
		if (!(outcome instanceof Error)) throw new Error('The load was expected to fail');
		return outcome as Error & { itemIndex?: number; column?: string };
	}

	it.each(['csv', 'jsonl'] as StagingFormat[])(
		'round-trips delimiters, quotes, newlines, backslashes, emoji, NULL and empty text (%s staging)',
		async (format) => {
			const table = `rt_text_${format}`;
			await harness.reader.query({ text: `CREATE TABLE ${table} (id BIGINT, t VARCHAR(300))` });
			const items: LoadItem[] = TRICKY_TEXT.map((t, id) => ({ id, t }));
			items.push({ id: 100, t: null });
			const staging = harness.staging(table, { format });
			await appendLoad({ connection: connection(), table: { name: table }, items, staging });
			expect(await harness.rows(`SELECT id, t FROM ${table} ORDER BY id`)).toEqual(
				items.map((item) => ({ id: String(item.id), t: item.t })),
			);
			expect(await harness.stagedKeys(staging)).toEqual([]);
		},
	);

	it('round-trips the same text through insert mode', async () => {
		await harness.reader.query({ text: 'CREATE TABLE rt_insert (id BIGINT, t VARCHAR(300))' });
		const items: LoadItem[] = TRICKY_TEXT.map((t, id) => ({ id, t }));
		items.push({ id: 100, t: null });
		await insertRows({ connection: connection(), table: { name: 'rt_insert' }, items });
		expect(await harness.rows('SELECT id, t FROM rt_insert ORDER BY id')).toEqual(
			items.map((item) => ({ id: String(item.id), t: item.t })),
		);
	});

	it('refuses NUL characters with the item and column, or strips them when asked', async () => {
		await harness.reader.query({ text: 'CREATE TABLE nul_text (id BIGINT, t VARCHAR(20))' });
		const items = [
			{ id: 1, t: 'fine' },
			{ id: 2, t: 'nul\u0000inside' },
		];
		const staging = harness.staging('nul');
		const error = await failureOf(
			appendLoad({ connection: connection(), table: { name: 'nul_text' }, items, staging }),
		);
		expect(error).toBeInstanceOf(StagingError);
		expect(error).toMatchObject({ itemIndex: 1, column: 't' });
		expect(error.message).toMatch(/NUL character/);
		expect(await harness.stagedKeys(staging)).toEqual([]);
		const insertError = await failureOf(
			insertRows({ connection: connection(), table: { name: 'nul_text' }, items }),
		);
		expect(insertError).toMatchObject({ itemIndex: 1, column: 't' });
		expect(await harness.rows('SELECT count(*) AS n FROM nul_text')).toEqual([{ n: '0' }]);

		await appendLoad({
			connection: connection(),
			table: { name: 'nul_text' },
			items,
			staging: harness.staging('nul-strip', { nulBytes: 'strip' }),
		});
		expect(await harness.rows('SELECT t FROM nul_text ORDER BY id')).toEqual([
			{ t: 'fine' },
			{ t: 'nulinside' },
		]);
	});

	it('refuses text that is not valid UTF-8 (a lone surrogate) with the item and column', async () => {
		await harness.reader.query({ text: 'CREATE TABLE bad_utf8 (id BIGINT, t VARCHAR(20))' });
		const items = [{ id: 1, t: 'half an emoji \ud83d' }];
		const error = await failureOf(
			appendLoad({
				connection: connection(),
				table: { name: 'bad_utf8' },
				items,
				staging: harness.staging('utf8'),
			}),
		);
		expect(error).toBeInstanceOf(StagingError);
		expect(error).toMatchObject({ itemIndex: 0, column: 't' });
		expect(error.message).toMatch(/not valid UTF-8/);
		expect(
			await failureOf(insertRows({ connection: connection(), table: { name: 'bad_utf8' }, items })),
		).toMatchObject({ itemIndex: 0, column: 't' });
	});

	it('keeps integers and decimals beyond JavaScript precision exact when given as strings', async () => {
		await harness.reader.query({
			text: 'CREATE TABLE big_numbers (id BIGINT, big BIGINT, exact NUMERIC(38,12))',
		});
		const items = [
			{ id: 1, big: '9223372036854775807', exact: '12345678901234567890123456.123456789012' },
			{ id: 2, big: '-9223372036854775808', exact: '-0.000000000001' },
			{ id: 3, big: 9007199254740993n, exact: '0' },
		];
		await appendLoad({
			connection: connection(),
			table: { name: 'big_numbers' },
			items,
			staging: harness.staging('big'),
		});
		expect(await harness.rows('SELECT big, exact FROM big_numbers ORDER BY id')).toEqual([
			{ big: '9223372036854775807', exact: '12345678901234567890123456.123456789012' },
			{ big: '-9223372036854775808', exact: '-0.000000000001' },
			{ big: '9007199254740993', exact: '0.000000000000' },
		]);
		const error = await failureOf(
			appendLoad({
				connection: connection(),
				table: { name: 'big_numbers' },
				items: [{ id: 4, big: '9223372036854775808' }],
				staging: harness.staging('big-overflow'),
			}),
		);
		expect(error).toBeInstanceOf(LoadFailedError);
		expect(error).toMatchObject({ itemIndex: 0, column: 'big' });
	});

	it('loads dates and timestamps with zones to the same instant, keeps infinity, and names the item of an impossible date', async () => {
		await harness.reader.query({
			text: 'CREATE TABLE times (id BIGINT, d DATE, ts TIMESTAMP, tz TIMESTAMPTZ)',
		});
		const items = [
			{ id: 1, d: '2024-02-29', ts: '2024-02-29 23:59:59.123456', tz: '2024-03-10T01:30:00-08:00' },
			{ id: 2, d: '1999-12-31', ts: '2000-01-01T00:00:00', tz: new Date('2024-06-01T12:00:00.5Z') },
			{ id: 3, d: null, ts: null, tz: '2024-01-01 10:00:00+05:30' },
		];
		await appendLoad({
			connection: connection(),
			table: { name: 'times' },
			items,
			staging: harness.staging('times'),
		});
		const rows = await harness.rows(
			"SELECT id, to_char(d, 'YYYY-MM-DD') AS d, to_char(ts, 'YYYY-MM-DD HH24:MI:SS.US') AS ts, EXTRACT(EPOCH FROM tz) AS epoch FROM times ORDER BY id",
		);
		expect(rows.map((row) => ({ ...row, epoch: Number(row.epoch) }))).toEqual([
			{
				id: '1',
				d: '2024-02-29',
				ts: '2024-02-29 23:59:59.123456',
				epoch: Date.parse('2024-03-10T09:30:00Z') / 1000,
			},
			{
				id: '2',
				d: '1999-12-31',
				ts: '2000-01-01 00:00:00.000000',
				epoch: Date.parse('2024-06-01T12:00:00.5Z') / 1000,
			},
			{ id: '3', d: null, ts: null, epoch: Date.parse('2024-01-01T04:30:00Z') / 1000 },
		]);
		const error = await failureOf(
			appendLoad({
				connection: connection(),
				table: { name: 'times' },
				items: [
					{ id: 9, tz: '2024-01-01T00:00:00Z' },
					{ id: 10, d: '2024-02-30' },
				],
				staging: harness.staging('times-bad'),
			}),
		);
		expect(error).toBeInstanceOf(LoadFailedError);
		expect(error).toMatchObject({ itemIndex: 1, column: 'd' });
		expect(await harness.rows('SELECT count(*) AS n FROM times')).toEqual([{ n: '3' }]);
		// Redshift has no infinity: the item fails naming the column, nothing is turned into a date.
		const infinite = await failureOf(
			appendLoad({
				connection: connection(),
				table: { name: 'times' },
				items: [{ id: 11, tz: 'infinity', ts: '-infinity' }],
				staging: harness.staging('times-inf'),
			}),
		);
		expect(infinite).toBeInstanceOf(ItemValueError);
		expect(infinite).toMatchObject({ itemIndex: 0, column: 'ts' });
		expect(await harness.rows('SELECT count(*) AS n FROM times')).toEqual([{ n: '3' }]);
	});

	it('names the item and column of a string longer than its column (bytes, not characters)', async () => {
		await harness.reader.query({ text: 'CREATE TABLE short_text (id BIGINT, t VARCHAR(5))' });
		const error = await failureOf(
			appendLoad({
				connection: connection(),
				table: { name: 'short_text' },
				items: [
					{ id: 1, t: 'multi\nline' },
					{ id: 2, t: 'ok' },
					{ id: 3, t: 'ééé' },
				],
				staging: harness.staging('short'),
				columnFit: { longValues: 'fail' },
			}),
		);
		expect(error).toBeInstanceOf(ItemValueError);
		expect(error).toMatchObject({ itemIndex: 0, column: 't' });
		expect(error.message).toMatch(/Item 0, column "t"/);
		expect(error.message).toMatch(/Widen the column/);
		// Bytes, not characters: 'ééé' is 3 characters, 6 bytes.
		const second = await failureOf(
			appendLoad({
				connection: connection(),
				table: { name: 'short_text' },
				items: [
					{ id: 1, t: 'a\nb' },
					{ id: 2, t: 'ok' },
					{ id: 3, t: 'ééé' },
				],
				staging: harness.staging('short-2'),
				columnFit: { longValues: 'fail' },
			}),
		);
		expect(second).toMatchObject({ itemIndex: 2, column: 't' });
		// A value COPY refuses: the newline of item 0 does not shift item 2 (its line is 4): the locator counts it.
		const third = await failureOf(
			appendLoad({
				connection: connection(),
				table: { name: 'short_text' },
				items: [
					{ id: 1, t: 'a\nb' },
					{ id: 2, t: 'ok' },
					{ id: 'three', t: 'ok' },
				],
				staging: harness.staging('short-3'),
			}),
		);
		expect(third).toBeInstanceOf(LoadFailedError);
		expect(third).toMatchObject({ itemIndex: 2, column: 'id' });
		expect(await harness.rows('SELECT count(*) AS n FROM short_text')).toEqual([{ n: '0' }]);
		// Only when asked: cut long values (TRUNCATECOLUMNS), or skip bad rows (MAXERROR) and say how many loaded.
		await appendLoad({
			connection: connection(),
			table: { name: 'short_text' },
			items: [{ id: 1, t: 'abcdefgh' }],
			staging: harness.staging('short-cut'),
			copy: { truncateColumns: true },
		});
		expect(await harness.rows('SELECT t FROM short_text')).toEqual([{ t: 'abcde' }]);
		const skipped = await appendLoad({
			connection: connection(),
			table: { name: 'short_text' },
			items: [
				{ id: 2, t: 'ok' },
				{ id: 'three', t: 'ok' },
			],
			staging: harness.staging('short-skip'),
			copy: { maxError: 1 },
		});
		expect(skipped.rowsLoaded).toBe(1);
		expect(skipped.warnings).toEqual([
			expect.stringMatching(
				/^1 row\(s\) were skipped as bad \(MAXERROR 1\); .* under query \d+\.$/,
			),
		]);
		expect(await harness.rows('SELECT id FROM short_text ORDER BY id')).toEqual([
			{ id: '1' },
			{ id: '2' },
		]);
	});

	it('round-trips objects and arrays through SUPER, and stores them as JSON text in VARCHAR', async () => {
		await harness.reader.query({
			text: 'CREATE TABLE nested (id BIGINT, doc SUPER, txt VARCHAR(200))',
		});
		const doc = { a: [1, 2.5, { b: null, c: 'ü "q" \n' }], big: 12345678901234567890n, t: true };
		await appendLoad({
			connection: connection(),
			table: { name: 'nested' },
			items: [
				{ id: 1, doc, txt: { k: [1, 'x'] } },
				{ id: 2, doc: ['x', 1], txt: null },
				{ id: 3, doc: 'a string scalar', txt: [] },
			],
			staging: harness.staging('nested'),
		});
		const rows = await harness.rows('SELECT id, doc::text AS doc, txt FROM nested ORDER BY id');
		expect(rows.map((row) => ({ ...row, doc: JSON.parse(String(row.doc)) as unknown }))).toEqual([
			{
				id: '1',
				doc: expect.objectContaining({ a: [1, 2.5, { b: null, c: 'ü "q" \n' }], t: true }),
				txt: '{"k":[1,"x"]}',
			},
			{ id: '2', doc: ['x', 1], txt: null },
			{ id: '3', doc: 'a string scalar', txt: '[]' },
		]);
		// The bigint inside the object keeps every digit (JSON.parse above could not show that).
		expect(await harness.rows('SELECT doc::text AS doc FROM nested WHERE id = 1')).toEqual([
			{ doc: expect.stringContaining('12345678901234567890') },
		]);
	});

	it('fills missing fields with NULL and refuses extra fields with the item and field (unless told to ignore them)', async () => {
		await harness.reader.query({
			text: 'CREATE TABLE shape (id BIGINT, a VARCHAR(10), b VARCHAR(10))',
		});
		await appendLoad({
			connection: connection(),
			table: { name: 'shape' },
			items: [
				{ id: 1, a: 'x' },
				{ id: 2, b: 'y' },
			],
			staging: harness.staging('shape'),
		});
		expect(await harness.rows('SELECT id, a, b FROM shape ORDER BY id')).toEqual([
			{ id: '1', a: 'x', b: null },
			{ id: '2', a: null, b: 'y' },
		]);
		const staging = harness.staging('shape-extra');
		const error = await failureOf(
			appendLoad({
				connection: connection(),
				table: { name: 'shape' },
				items: [{ id: 3 }, { id: 4, c: 'extra' }],
				staging,
			}),
		);
		expect(error).toBeInstanceOf(ItemValueError);
		expect(error).toMatchObject({ itemIndex: 1, column: 'c' });
		expect(error.message).toMatch(/the field "c" has no column in "shape"/);
		await appendLoad({
			connection: connection(),
			table: { name: 'shape' },
			items: [{ id: 4, c: 'extra' }],
			staging,
			extraFields: 'ignore',
		});
		expect(await harness.rows('SELECT count(*) AS n FROM shape')).toEqual([{ n: '3' }]);
		expect(await harness.stagedKeys(staging)).toEqual([]);
	});

	it('quotes reserved words and folds mixed-case names as Redshift does', async () => {
		await harness.reader.query({
			text: 'CREATE TABLE "select" ("order" BIGINT, "from" VARCHAR(10), "mixed case" VARCHAR(10))',
		});
		await appendLoad({
			connection: connection(),
			table: { name: 'SELECT' },
			items: [{ Order: 1, FROM: 'f', 'Mixed Case': 'm' }],
			staging: harness.staging('reserved'),
		});
		await insertRows({
			connection: connection(),
			table: { name: 'Select' },
			items: [{ order: 2, from: 'g', 'MIXED CASE': 'n' }],
		});
		expect(
			await harness.rows('SELECT "order", "from", "mixed case" FROM "select" ORDER BY 1'),
		).toEqual([
			{ order: '1', from: 'f', 'mixed case': 'm' },
			{ order: '2', from: 'g', 'mixed case': 'n' },
		]);
		const error = await failureOf(
			appendLoad({
				connection: connection(),
				table: { name: 'select' },
				items: [{ order: 3, Order: 4 }],
				staging: harness.staging('reserved-dup'),
			}),
		);
		expect(error.message).toMatch(/are the same column "order"/);
	});

	it('treats table names that try SQL injection as names, never as SQL', async () => {
		const evil = 'x"; DROP TABLE victim; --';
		const missing = await failureOf(
			appendLoad({
				connection: connection(),
				table: { name: evil },
				items: [{ id: 1 }],
				staging: harness.staging('evil'),
			}),
		);
		expect(missing).toBeInstanceOf(LoadSetupError);
		expect(missing.message).toBe(
			'The table "x""; drop table victim; --" does not exist. Create it first, or turn on creating the table when it is missing.',
		);
		await appendLoad({
			connection: connection(),
			table: { name: evil },
			items: [{ id: 1 }],
			staging: harness.staging('evil-create'),
			createIfMissing: true,
		});
		await insertRows({
			connection: connection(),
			table: { schema: 'public', name: evil },
			items: [{ id: 2 }],
		});
		expect(await harness.rows('SELECT id FROM "x""; drop table victim; --" ORDER BY id')).toEqual([
			{ id: '1' },
			{ id: '2' },
		]);
		expect(
			await harness.rows(
				"SELECT count(*) AS n FROM information_schema.tables WHERE table_name = 'victim'",
			),
		).toEqual([{ n: '1' }]);
	});
});
