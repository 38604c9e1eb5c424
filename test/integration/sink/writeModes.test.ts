import { locator } from '../../support/n8n/fakeExecuteFunctions';
import { asItems, startSinkHarness, TRANSPORTS, type SinkHarness } from './sinkHarness';

describe.each(TRANSPORTS)('Redshift Sink write modes and table actions over %s', (transport) => {
	let h: SinkHarness;
	beforeAll(async () => {
		h = await startSinkHarness(`sink_modes_${transport.toLowerCase()}`);
	});
	afterAll(async () => await h.stop());

	const people = [
		{ id: 1, name: 'Ada', score: '10.50' },
		{ id: 2, name: 'Grace', score: '20.25' },
		{ id: 3, name: 'Linus', score: null },
	];

	it('appends with batched INSERT (auto-mapped fields) and reports one summary item paired with every input item', async () => {
		await h.exec('CREATE TABLE ins_append (id BIGINT, name VARCHAR(20), score NUMERIC(10,2))');
		const { output } = await h.run(
			transport,
			{ table: locator('ins_append'), writeMode: 'insert', options: { batchSize: 2 } },
			asItems(people),
		);
		expect(output).toHaveLength(1);
		expect(output[0].json).toMatchObject({
			table: 'public.ins_append',
			operation: 'append',
			writeMode: 'insert',
			transport,
			rowsLoaded: 3,
			itemsRead: 3,
			files: 0,
			bytes: 0,
			tableCreated: false,
		});
		expect(output[0].pairedItem).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		if (transport === 'dataApi')
			expect((output[0].json.statementIds as string[]).length).toBeGreaterThan(0);
		expect(await h.rows('SELECT id, name, score FROM ins_append ORDER BY id')).toEqual([
			{ id: '1', name: 'Ada', score: '10.50' },
			{ id: '2', name: 'Grace', score: '20.25' },
			{ id: '3', name: 'Linus', score: null },
		]);
	});

	it('appends by COPY with values mapped per item in the column mapper, and removes the staged files', async () => {
		await h.exec('CREATE TABLE copy_append (id BIGINT, label VARCHAR(60), created TIMESTAMP)');
		const prefix = `sink-copy-append-${transport}`;
		const { output } = await h.run(
			transport,
			{
				table: locator('copy_append', 'list'),
				copyOptions: { prefix },
				columns: {
					mappingMode: 'defineBelow',
					value: (index: number, item?: { json: Record<string, unknown> }) => ({
						id: item?.json.key,
						label: `row ${index}: ${String(item?.json.text)}`,
						created: '2026-11-21 10:00:00',
					}),
					matchingColumns: [],
				},
			},
			asItems([
				{ key: 7, text: 'with, comma' },
				{ key: 8, text: 'with "quote"\nand newline' },
			]),
		);
		expect(output[0].json).toMatchObject({
			writeMode: 'copy',
			rowsLoaded: 2,
			files: 1,
			stagedFilesKept: false,
		});
		expect(output[0].json.bytes).toBeGreaterThan(0);
		expect((output[0].json.queryIds as string[]).length).toBe(1);
		expect(await h.rows('SELECT id, label, created FROM copy_append ORDER BY id')).toEqual([
			{ id: '7', label: 'row 0: with, comma', created: '2026-11-21 10:00:00' },
			{ id: '8', label: 'row 1: with "quote"\nand newline', created: '2026-11-21 10:00:00' },
		]);
		expect(await h.stagedKeys(`${prefix}/`)).toEqual([]);
	});

	it('creates a missing table with the column types, encodings, dist key, sort key and comments asked for', async () => {
		const { output } = await h.run(
			transport,
			{
				table: locator('created_table'),
				createTable: true,
				createColumnsFrom: 'infer',
				tableColumns: {
					column: [
						{ name: 'name', type: 'VARCHAR(64)', encoding: 'ZSTD', comment: 'who' },
						{ name: 'id', encoding: 'AZ64' },
					],
				},
				tableDesign: {
					distStyle: 'KEY',
					distKey: 'id',
					sortKeyStyle: 'COMPOUND',
					sortKeyColumns: 'id',
					comment: 'made by the sink',
				},
				copyOptions: { keepStagedFiles: true },
			},
			asItems(people),
		);
		expect(output[0].json).toMatchObject({
			tableCreated: true,
			rowsLoaded: 3,
			stagedFilesKept: true,
		});
		const manifest = String(output[0].json.manifestUrl);
		expect(manifest).toMatch(/^s3:\/\//);
		const runPrefix = manifest.replace(`s3://${h.bucket}/`, '').replace(/[^/]+$/, '');
		expect((await h.stagedKeys(runPrefix)).length).toBeGreaterThanOrEqual(2);
		expect(
			await h.rows(
				`SELECT "column", type, encoding, distkey, sortkey FROM pg_table_def WHERE tablename = 'created_table' ORDER BY "column"`,
			),
		).toEqual([
			{ column: 'id', type: 'bigint', encoding: 'az64', distkey: true, sortkey: 1 },
			{
				column: 'name',
				type: 'character varying(64)',
				encoding: 'zstd',
				distkey: false,
				sortkey: 0,
			},
			{
				column: 'score',
				type: expect.stringMatching(/^numeric/),
				encoding: expect.any(String),
				distkey: false,
				sortkey: 0,
			},
		]);
		expect(
			await h.rows(
				`SELECT col_description('created_table'::regclass, 2) AS name_comment, obj_description('created_table'::regclass) AS table_comment`,
			),
		).toEqual([{ name_comment: 'who', table_comment: 'made by the sink' }]);
	});

	it('creates exactly the listed columns when asked to, NOT NULL included', async () => {
		await h.run(
			transport,
			{
				table: locator('listed_table'),
				writeMode: 'insert',
				createTable: true,
				createColumnsFrom: 'listed',
				tableColumns: {
					column: [
						{ name: 'id', type: 'INTEGER', nullable: false },
						{ name: 'name', type: 'VARCHAR(10)', nullable: true },
						{ name: 'score', type: 'NUMERIC(6,2)' },
					],
				},
			},
			asItems(people),
		);
		expect(
			await h.rows(
				`SELECT "column", type, "notnull" FROM pg_table_def WHERE tablename = 'listed_table' ORDER BY "column"`,
			),
		).toEqual([
			{ column: 'id', type: 'integer', notnull: true },
			{ column: 'name', type: 'character varying(10)', notnull: false },
			{ column: 'score', type: 'numeric(6,2)', notnull: false },
		]);
		expect(await h.rows('SELECT count(*)::int AS n FROM listed_table')).toEqual([{ n: 3 }]);
	});

	it.each(['delete', 'swap', 'truncate'])('overwrites by COPY (%s)', async (method) => {
		const table = `ow_copy_${method}`;
		await h.exec(`CREATE TABLE ${table} (id BIGINT, name VARCHAR(20), score NUMERIC(10,2))`);
		await h.exec(`INSERT INTO ${table} VALUES (99, 'old', 1)`);
		const { output } = await h.run(
			transport,
			{ operation: 'overwrite', overwriteMethod: method, table: locator(table) },
			asItems(people.slice(0, 2)),
		);
		expect(output[0].json).toMatchObject({
			operation: 'overwrite',
			overwriteMethod: method,
			rowsLoaded: 2,
		});
		expect(await h.rows(`SELECT id FROM ${table} ORDER BY id`)).toEqual([{ id: '1' }, { id: '2' }]);
	});

	it.each(['delete', 'truncate'])('overwrites by INSERT (%s)', async (method) => {
		const table = `ow_insert_${method}`;
		await h.exec(`CREATE TABLE ${table} (id BIGINT, name VARCHAR(20), score NUMERIC(10,2))`);
		await h.exec(`INSERT INTO ${table} VALUES (99, 'old', 1)`);
		const { output } = await h.run(
			transport,
			{
				operation: 'overwrite',
				overwriteMethod: method,
				writeMode: 'insert',
				table: locator(table),
			},
			asItems(people),
		);
		expect(output[0].json).toMatchObject({
			operation: 'overwrite',
			overwriteMethod: method,
			writeMode: 'insert',
			rowsLoaded: 3,
		});
		expect(output[0].json).not.toHaveProperty('method');
		expect(await h.rows(`SELECT id FROM ${table} ORDER BY id`)).toEqual([
			{ id: '1' },
			{ id: '2' },
			{ id: '3' },
		]);
	});

	it.each(['deleteInsert', 'merge'])(
		"upserts by the mapper's match columns (%s); the last item of a key wins",
		async (strategy) => {
			const table = `upsert_${strategy.toLowerCase()}`;
			await h.exec(`CREATE TABLE ${table} (id BIGINT, name VARCHAR(20), score NUMERIC(10,2))`);
			await h.exec(`INSERT INTO ${table} VALUES (1, 'old one', 1), (5, 'untouched', 5)`);
			const { output } = await h.run(
				transport,
				{
					operation: 'upsert',
					upsertStrategy: strategy,
					table: locator(table),
					columns: { mappingMode: 'autoMapInputData', value: null, matchingColumns: ['id'] },
				},
				asItems([
					{ id: 1, name: 'new one', score: '1.5' },
					{ id: 2, name: 'two', score: '2' },
					{ id: 2, name: 'two again', score: '2.5' },
				]),
			);
			expect(output[0].json).toMatchObject({ operation: 'upsert', writeMode: 'copy' });
			expect(await h.rows(`SELECT id, name, score FROM ${table} ORDER BY id`)).toEqual([
				{ id: '1', name: 'new one', score: '1.50' },
				{ id: '2', name: 'two again', score: '2.50' },
				{ id: '5', name: 'untouched', score: '5.00' },
			]);
		},
	);

	it.each(['insert', 'copy'])(
		'runs the SQL before and after the load in its transaction (%s)',
		async (writeMode) => {
			const table = `hooks_${writeMode}`;
			await h.exec(`CREATE TABLE ${table} (id BIGINT, name VARCHAR(20), score NUMERIC(10,2))`);
			await h.exec(`CREATE TABLE ${table}_audit (note VARCHAR(60))`);
			const { output } = await h.run(
				transport,
				{
					writeMode,
					table: locator(table),
					options: {
						sqlBefore: `INSERT INTO ${table}_audit VALUES ('before; with semicolon');\nDELETE FROM ${table} WHERE id = 1`,
						sqlAfter: `UPDATE ${table} SET name = upper(name) WHERE id = 2`,
					},
				},
				asItems(people),
			);
			expect(output[0].json.rowsLoaded).toBe(3);
			expect(await h.rows(`SELECT id, name FROM ${table} ORDER BY id`)).toEqual([
				{ id: '1', name: 'Ada' },
				{ id: '2', name: 'GRACE' },
				{ id: '3', name: 'Linus' },
			]);
			expect(await h.rows(`SELECT note FROM ${table}_audit`)).toEqual([
				{ note: 'before; with semicolon' },
			]);

			// A failing statement after the load rolls back the load and the statements before it.
			await expect(
				h.run(
					transport,
					{
						writeMode,
						table: locator(table),
						options: {
							sqlBefore: `INSERT INTO ${table}_audit VALUES ('second')`,
							sqlAfter: 'SELECT 1/0',
						},
					},
					asItems(people),
				),
			).rejects.toThrow(/division by zero/);
			expect(await h.rows(`SELECT count(*)::int AS n FROM ${table}`)).toEqual([{ n: 3 }]);
			expect(await h.rows(`SELECT count(*)::int AS n FROM ${table}_audit`)).toEqual([{ n: 1 }]);
		},
	);

	it.each([
		['jsonl', 'zstd'],
		['csv', 'none'],
		['parquet', 'gzip'],
	])('stages %s files (%s) and rolls files at the target size', async (fileFormat, compression) => {
		const table = `fmt_${fileFormat}`;
		await h.exec(`CREATE TABLE ${table} (id BIGINT, name VARCHAR(20), score NUMERIC(10,2))`);
		const rows = Array.from({ length: 200 }, (_, index) => ({
			id: index,
			name: `name ${index}`,
			score: `${index}.25`,
		}));
		const { output } = await h.run(
			transport,
			{ table: locator(table), copyOptions: { fileFormat, compression, targetFileSizeMb: 1 } },
			asItems(rows),
		);
		expect(output[0].json).toMatchObject({ rowsLoaded: 200, files: 1 });
		expect(
			await h.rows(`SELECT count(*)::int AS n, sum(score)::text AS total FROM ${table}`),
		).toEqual([
			{ n: 200, total: String(rows.reduce((sum, row) => sum + Number(row.score), 0).toFixed(2)) },
		]);
	});

	it('passes the extra COPY options: TIMEFORMAT, EMPTYASNULL, TRUNCATECOLUMNS, MAXERROR', async () => {
		await h.exec(
			'CREATE TABLE copy_opts (id BIGINT, code VARCHAR(3), note VARCHAR(10), at TIMESTAMP)',
		);
		const { output } = await h.run(
			transport,
			{
				table: locator('copy_opts'),
				copyOptions: {
					timeFormat: 'DD/MM/YYYY HH:MI:SS',
					emptyAsNull: true,
					truncateColumns: true,
					maxError: 1,
				},
			},
			asItems([
				{ id: 1, code: 'ABCDEF', note: '', at: '21/11/2026 08:30:00' },
				{ id: 2, code: 'XY', note: 'kept', at: 'not a time' },
				{ id: 3, code: 'Z', note: 'ok', at: '01/01/2026 00:00:00' },
			]),
		);
		expect(output[0].json.rowsLoaded).toBe(2);
		expect(await h.rows('SELECT id, code, note, at FROM copy_opts ORDER BY id')).toEqual([
			{ id: '1', code: 'ABC', note: null, at: '2026-11-21 08:30:00' },
			{ id: '3', code: 'Z', note: 'ok', at: '2026-01-01 00:00:00' },
		]);
	});

	it('lets COPY read with an IAM role, and never logs or outputs a key', async () => {
		await h.exec('CREATE TABLE by_role (id BIGINT, name VARCHAR(20), score NUMERIC(10,2))');
		const role = 'arn:aws:iam::123456789012:role/RedshiftCopy';
		const { output } = await h.run(
			transport,
			{ table: locator('by_role'), copyAuthorization: 'iamRole', iamRole: role },
			asItems(people),
		);
		expect(output[0].json.rowsLoaded).toBe(3);
		const keyed = await h.run(
			transport,
			{ table: locator('by_role'), copyAuthorization: 'stagingCredentials' },
			asItems(people),
		);
		const secrets = [
			String(h.s3Credential.secretAccessKey),
			String(h.credentials.dataApi.secretAccessKey),
			String(h.credentials.wire.password),
		];
		const logged = keyed.execution.logs.map((line) => line.message).join('\n');
		expect(logged).toMatch(/COPY "public"\."by_role"/);
		for (const secret of secrets) {
			expect(logged).not.toContain(secret);
			expect(JSON.stringify(keyed.output)).not.toContain(secret);
		}
	});

	it('refuses, before anything runs, an insert too large for one Data API transaction with SQL hooks', async () => {
		await h.exec('CREATE TABLE big_hooks (id BIGINT)');
		const rows = Array.from({ length: 50 }, (_, id) => ({ id }));
		const run = h.run(
			transport,
			{
				writeMode: 'insert',
				table: locator('big_hooks'),
				options: { batchSize: 1, sqlAfter: 'SELECT 1' },
			},
			asItems(rows),
		);
		if (transport === 'dataApi') {
			// One check in the core, one message: why, how many fit, and the three ways out.
			await expect(run).rejects.toThrow(
				/must be one transaction \(the SQL before\/after the load shares its transaction\).*These 50 items need 50 INSERT statement\(s\) of up to 1 rows plus 1 other statement\(s\) \(1 of them the SQL before\/after the load\), so at most 39 items fit\. Nothing was sent\. To load it, use write mode Copy \(stage in S3\), set a larger Batch Size \(up to 6000 rows fit one INSERT here\), or use a direct connection/,
			);
			expect(await h.rows('SELECT count(*)::int AS n FROM big_hooks')).toEqual([{ n: 0 }]);
		} else {
			expect((await run).output[0].json.rowsLoaded).toBe(50);
		}
	});

	it('upserts into a table it creates, with the key columns given as an override', async () => {
		const run = async (rows: Record<string, unknown>[]) =>
			await h.run(
				transport,
				{
					operation: 'upsert',
					table: locator('upsert_created'),
					createTable: true,
					options: { keyColumns: 'id' },
					columns: { mappingMode: 'autoMapInputData', value: null, matchingColumns: [] },
				},
				asItems(rows),
			);
		expect((await run([{ id: 1, name: 'first' }])).output[0].json).toMatchObject({
			tableCreated: true,
		});
		await run([
			{ id: 1, name: 'second' },
			{ id: 2, name: 'other' },
		]);
		expect(await h.rows('SELECT id, name FROM upsert_created ORDER BY id')).toEqual([
			{ id: '1', name: 'second' },
			{ id: '2', name: 'other' },
		]);
	});
});
