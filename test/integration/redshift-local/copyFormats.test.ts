import { CopyHarness, ROLE } from './copyHarness';

describe('COPY formats and conversion options', () => {
	let harness: CopyHarness;

	beforeAll(async () => {
		harness = await CopyHarness.start('copy_formats');
	});
	afterAll(async () => await harness.close());

	it("loads Redshift's default pipe-delimited text with \\N as NULL, and ESCAPE", async () => {
		await harness.run('CREATE TABLE text_rows (id int8, note varchar(50), amount numeric(10,2))');
		await harness.put('text/plain', '1|plain\\text|12.345\n2|\\N|\n');
		await harness.put('text-escaped/data', '3|pipe\\|and\\\nnewline|1\n');
		await harness.run(`COPY text_rows FROM '${harness.url('text/')}' ${ROLE}`);
		await harness.run(`COPY text_rows FROM '${harness.url('text-escaped/')}' ${ROLE} ESCAPE`);
		expect(await harness.rows('SELECT id, note, amount FROM text_rows ORDER BY id')).toEqual([
			['1', 'plain\\text', '12.34'],
			['2', null, null],
			['3', 'pipe|and\nnewline', '1.00'],
		]);
	});

	it('loads CSV with DELIMITER, QUOTE, IGNOREHEADER and NULL AS, and a column list', async () => {
		await harness.run(
			"CREATE TABLE csv_rows (id int, name varchar(30), city varchar(30) DEFAULT 'unknown', flag boolean)",
		);
		await harness.put('csv/data.csv', "id;name;flag\n1;'Smith; John';yes\n2;NULL;0\n3;'it''s';F\n");
		const result = await harness.run(
			`COPY csv_rows (id, name, flag) FROM '${harness.url('csv/')}' ${ROLE} FORMAT AS CSV DELIMITER AS ';' QUOTE AS '''' IGNOREHEADER 1 NULL AS 'NULL'`,
		);
		expect(result.rowCount).toBe(3);
		expect(await harness.rows('SELECT id, name, city, flag FROM csv_rows ORDER BY id')).toEqual([
			['1', 'Smith; John', 'unknown', 't'],
			['2', null, 'unknown', 'f'],
			['3', "it's", 'unknown', 'f'],
		]);
	});

	it("loads JSON with 'auto', 'auto ignorecase' and a JSONPaths file, keeping BIGINT precision", async () => {
		await harness.run(
			'CREATE TABLE json_rows (id int8, name varchar(20), tags varchar(100), payload jsonb)',
		);
		await harness.put(
			'json/data.json',
			'{"id": 9007199254740993, "name": "a", "tags": ["x", "y"], "payload": {"k": 1}}\n{"ID": 2, "Name": "b"}\n',
		);
		await harness.run(`COPY json_rows FROM '${harness.url('json/')}' ${ROLE} JSON 'auto'`);
		expect(
			await harness.rows(
				'SELECT id, name, tags, payload::text FROM json_rows ORDER BY name NULLS LAST',
			),
		).toEqual([
			['9007199254740993', 'a', '["x", "y"]', '{"k": 1}'],
			[null, null, null, null],
		]);
		await harness.run('TRUNCATE json_rows');
		await harness.run(
			`COPY json_rows FROM '${harness.url('json/')}' ${ROLE} FORMAT AS JSON 'auto ignorecase'`,
		);
		expect(await harness.rows('SELECT id, name FROM json_rows ORDER BY id')).toEqual([
			['2', 'b'],
			['9007199254740993', 'a'],
		]);
		await harness.run('TRUNCATE json_rows');
		await harness.put(
			'jsonpaths/paths.json',
			JSON.stringify({
				jsonpaths: ['$.order.id', "$['order']['customer']", '$.items[1]', '$.order'],
			}),
		);
		await harness.put(
			'nested/data.json',
			'{"order": {"id": 5, "customer": "c"}, "items": ["first", "second"]}',
		);
		await harness.run(
			`COPY json_rows FROM '${harness.url('nested/')}' ${ROLE} JSON '${harness.url('jsonpaths/paths.json')}'`,
		);
		expect(await harness.rows('SELECT id, name, tags, payload::text FROM json_rows')).toEqual([
			['5', 'c', 'second', '{"id": 5, "customer": "c"}'],
		]);
	});

	it('applies EMPTYASNULL, BLANKSASNULL, ACCEPTINVCHARS and TRUNCATECOLUMNS (lengths in bytes)', async () => {
		await harness.run(
			'CREATE TABLE text_options (id int, empty varchar(10), blank varchar(10), broken varchar(10), long varchar(4))',
		);
		const bytes = Buffer.concat([
			Buffer.from('1,,"  ",a'),
			Buffer.from([0xff]),
			Buffer.from('b,d€uro\n2,"",x,ok,abcdef\n'),
		]);
		await harness.put('options/data.csv', bytes);
		await harness.run(
			`COPY text_options FROM '${harness.url('options/')}' ${ROLE} CSV EMPTYASNULL BLANKSASNULL ACCEPTINVCHARS AS '^' TRUNCATECOLUMNS`,
		);
		expect(
			await harness.rows('SELECT id, empty, blank, broken, long FROM text_options ORDER BY id'),
		).toEqual([
			['1', null, null, 'a^b', 'd€'],
			['2', null, 'x', 'ok', 'abcd'],
		]);
	});

	it('reads dates and timestamps with explicit, default, epoch and auto formats', async () => {
		await harness.run('CREATE TABLE times (d date, ts timestamp, tz timestamptz)');
		await harness.run("SET TIME ZONE 'UTC'");
		await harness.put(
			'explicit/data',
			'03/15/2026|15.03.2026 01:02:03 PM|15.03.2026 01:02:03 PM\n',
		);
		await harness.run(
			`COPY times FROM '${harness.url('explicit/')}' ${ROLE} DATEFORMAT 'MM/DD/YYYY' TIMEFORMAT 'DD.MM.YYYY HH12:MI:SS AM'`,
		);
		await harness.put('defaults/data', '2026-03-16|2026-03-16 10:11:12.5|2026-03-16 10:11:12+02\n');
		await harness.run(`COPY times FROM '${harness.url('defaults/')}' ${ROLE}`);
		await harness.put(
			'auto/data',
			'March 17, 2026|2026-03-17T10:11:12Z|17 Mar 2026 10:11:12 PST\n',
		);
		await harness.run(
			`COPY times FROM '${harness.url('auto/')}' ${ROLE} DATEFORMAT 'auto' TIMEFORMAT 'auto'`,
		);
		expect(await harness.rows('SELECT d::text, ts::text, tz::text FROM times ORDER BY d')).toEqual([
			['2026-03-15', '2026-03-15 13:02:03', '2026-03-15 13:02:03+00'],
			['2026-03-16', '2026-03-16 10:11:12.5', '2026-03-16 08:11:12+00'],
			['2026-03-17', '2026-03-17 10:11:12', '2026-03-17 18:11:12+00'],
		]);
		await harness.run('CREATE TABLE epochs (ts timestamp)');
		await harness.put('epoch/data', '1700000000\n');
		await harness.run(`COPY epochs FROM '${harness.url('epoch/')}' ${ROLE} TIMEFORMAT 'epochsecs'`);
		expect(await harness.rows('SELECT ts::text FROM epochs')).toEqual([['2023-11-14 22:13:20']]);
	});

	it('applies REMOVEQUOTES, FILLRECORD, IGNOREBLANKLINES, TRIMBLANKS, ROUNDEC and ACCEPTANYDATE', async () => {
		await harness.run(
			'CREATE TABLE less_common (name varchar(20), amount numeric(5,1), day date, note varchar(10))',
		);
		await harness.put('less-common/data', '"a|b"|1.25|2026-13-45|pad   \n\nplain|2.04\n');
		await harness.run(
			`COPY less_common FROM '${harness.url('less-common/')}' ${ROLE} REMOVEQUOTES FILLRECORD IGNOREBLANKLINES TRIMBLANKS ROUNDEC ACCEPTANYDATE`,
		);
		expect(
			await harness.rows('SELECT name, amount, day, note FROM less_common ORDER BY name'),
		).toEqual([
			['a|b', '1.3', null, 'pad'],
			['plain', '2.0', null, null],
		]);
	});

	it('leaves IDENTITY columns to their generator unless EXPLICIT_IDS', async () => {
		await harness.run(
			'CREATE TABLE with_identity (id int GENERATED BY DEFAULT AS IDENTITY, name varchar(10))',
		);
		await harness.put('identity/generated', 'first\n');
		await harness.put('identity/explicit', '42|second\n');
		await harness.run(`COPY with_identity FROM '${harness.url('identity/generated')}' ${ROLE}`);
		await harness.run(
			`COPY with_identity FROM '${harness.url('identity/explicit')}' ${ROLE} EXPLICIT_IDS`,
		);
		expect(await harness.rows('SELECT id, name FROM with_identity ORDER BY id')).toEqual([
			['1', 'first'],
			['42', 'second'],
		]);
	});
});
