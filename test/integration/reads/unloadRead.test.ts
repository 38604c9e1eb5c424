import { GetObjectCommand } from '@aws-sdk/client-s3';
import { gunzipSync } from 'node:zlib';

import {
	readDirect,
	readUnloadedFile,
	readUnloadedFiles,
	runUnload,
	type RowPage,
	type UnloadFormat,
	type UnloadRequest,
} from '../../../nodes/shared/reads';
import { parseS3Url } from '../../../nodes/shared/s3';
import { unloadedParquetRows } from '../../../nodes/shared/reads/unloadedParquetRows';
import {
	unloadedFileFromJson,
	unloadedFileJson,
} from '../../../nodes/RedshiftSource/helpers/unloadedFileItem';
import { startLoadHarness, TRANSPORTS, type LoadHarness } from '../loads/loadHarness';
import { testServers, uniquePrefix } from '../../support/testServers';

async function rowsOf(pages: AsyncIterable<RowPage>) {
	const rows: Array<Record<string, unknown>> = [];
	for await (const page of pages) rows.push(...page.rows);
	return rows;
}

const byId = (rows: Array<Record<string, unknown>>) =>
	[...rows].sort((a, b) => Number(a.id) - Number(b.id));

describe.each(TRANSPORTS)('Unload reads over %s', (transport) => {
	let harness: LoadHarness;
	const { s3: s3Server } = testServers();
	const authorization = {
		accessKeyId: s3Server.accessKeyId,
		secretAccessKey: s3Server.secretAccessKey,
	};

	beforeAll(async () => {
		harness = await startLoadHarness(`reads_unload_${transport.toLowerCase()}`);
		await harness.reader.query({
			text: `CREATE TABLE facts (id BIGINT, note VARCHAR(40), amount DECIMAL(20,2), ok BOOLEAN, doc SUPER)`,
		});
		await harness.reader.query({
			text: `INSERT INTO facts SELECT g, 'row ' || g, g * 1.25, g % 2 = 0, NULL FROM generate_series(1, 3000) g`,
		});
		await harness.reader.query({
			text: `INSERT INTO facts VALUES (-1, 'it''s \\ a "quote"', NULL, NULL, JSON_PARSE('{"k":[1,"two"]}'))`,
		});
		await harness.reader.query({ text: `INSERT INTO facts (id, note) VALUES (-2, 'it''s')` });
	});
	afterAll(async () => await harness.stop());

	function request(
		statement: UnloadRequest['statement'],
		format: UnloadFormat,
		extra: Partial<UnloadRequest> = {},
	): UnloadRequest {
		return {
			connection: harness.connections[transport],
			s3: harness.s3,
			statement,
			prefixUrl: `s3://${harness.bucket}/${uniquePrefix(`unload-${format}`)}`,
			authorization,
			format,
			...extra,
		};
	}

	it.each(['parquet', 'csv'] as const)(
		'%s: the manifest lists files with sizes, row counts and column types; all rows read back',
		async (format) => {
			const result = await runUnload(request({ text: 'SELECT * FROM facts' }, format));
			try {
				expect(result.rowCount).toBe(3002);
				expect(result.files.length).toBeGreaterThan(1); // PARALLEL ON: one file per slice
				expect(result.columns).toEqual([
					{ name: 'id', kind: 'bigint', type: 'bigint' },
					{ name: 'note', kind: 'varchar', type: 'character varying(40)' },
					{ name: 'amount', kind: 'numeric', type: 'numeric(20,2)' },
					{ name: 'ok', kind: 'boolean', type: 'boolean' },
					{ name: 'doc', kind: 'super', type: 'super' },
				]);
				for (const file of result.files) {
					expect(file.url.startsWith(result.prefixUrl)).toBe(true);
					expect(file.size).toBeGreaterThan(0);
					expect(file.format).toBe(format);
				}
				expect(result.files.reduce((sum, file) => sum + file.rowCount, 0)).toBe(3002);
				const rows = byId(
					await rowsOf(
						readUnloadedFiles(harness.s3, result.files, { pageSize: 500, concurrency: 2 }),
					),
				);
				expect(rows).toHaveLength(3002);
				expect(rows[1]).toEqual({
					id: '-1',
					note: 'it\'s \\ a "quote"',
					amount: null,
					ok: null,
					doc: { k: [1, 'two'] },
				});
				expect(rows[3001]).toEqual({
					id: '3000',
					note: 'row 3000',
					amount: '3750.00',
					ok: true,
					doc: null,
				});
			} finally {
				await result.deleteFiles();
			}
		},
	);

	it('PARALLEL OFF writes one file; Read Unloaded File reads it from its output item', async () => {
		const result = await runUnload(
			request({ text: 'SELECT id, note FROM facts ORDER BY id' }, 'parquet', {
				parallel: false,
				maxFileSizeMb: 5,
			}),
		);
		try {
			expect(result.files).toHaveLength(1);
			expect(result.files[0].url).toBe(`${result.prefixUrl}000.parquet`);
			const item = JSON.parse(JSON.stringify(unloadedFileJson(result.files[0], 0, 1)));
			expect(item).toMatchObject({ rowCount: 3002, format: 'parquet', fileIndex: 0, fileCount: 1 });
			const file = unloadedFileFromJson(item, item.url);
			const rows = await rowsOf(readUnloadedFile(harness.s3, file, { pageSize: 1000 }));
			// One serial file keeps the ORDER BY.
			expect(rows.map((row) => row.id).slice(0, 3)).toEqual(['-2', '-1', '1']);
			expect(rows).toHaveLength(3002);
		} finally {
			await result.deleteFiles();
		}
	});

	it('query parameters are written in as literals (UNLOAD binds none); a LIMIT query is nested', async () => {
		const result = await runUnload(
			request(
				{
					text: "SELECT id, note FROM facts WHERE note = $1 OR (id > $2 AND note <> '$1') ORDER BY id LIMIT 3",
					// No backslash here: the local Redshift hands ordinary literals to PostgreSQL without
					// Redshift's backslash escapes (inlineParameters' doubling is unit-tested).
					values: ["it's", 2990],
				},
				'csv',
			),
		);
		try {
			const rows = byId(
				await rowsOf(readUnloadedFiles(harness.s3, result.files, { pageSize: 10 })),
			);
			expect(rows).toEqual([
				{ id: '-2', note: "it's" },
				{ id: '2991', note: 'row 2991' },
				{ id: '2992', note: 'row 2992' },
			]);
		} finally {
			await result.deleteFiles();
		}
	});

	it('a query ending in a -- comment reads Direct and by Unload (nested for its LIMIT)', async () => {
		const statement = { text: 'SELECT id FROM facts ORDER BY id LIMIT 2 -- the first two' };
		const direct = await rowsOf(
			readDirect(harness.connections[transport], statement, { pageSize: 10 }),
		);
		expect(direct).toEqual([{ id: '-2' }, { id: '-1' }]);
		const result = await runUnload(request(statement, 'parquet'));
		try {
			const rows = byId(
				await rowsOf(readUnloadedFiles(harness.s3, result.files, { pageSize: 10 })),
			);
			expect(rows).toEqual([{ id: '-2' }, { id: '-1' }]);
		} finally {
			await result.deleteFiles();
		}
	});

	it('Direct: of two columns with one name, the row keeps the last, converted by its own type', async () => {
		const rows = await rowsOf(
			readDirect(
				harness.connections[transport],
				{ text: "SELECT '\\x0a'::bytea AS a, note AS a FROM facts WHERE id = -2" },
				{ pageSize: 10 },
			),
		);
		expect(rows).toEqual([{ a: "it's" }]);
	});

	it('an empty result has no files and no rows', async () => {
		const result = await runUnload(
			request({ text: 'SELECT * FROM facts WHERE id = 0' }, 'parquet'),
		);
		expect(result.files).toEqual([]);
		expect(result.rowCount).toBe(0);
		await result.deleteFiles();
	});

	it('a failing UNLOAD says why', async () => {
		await expect(
			runUnload(request({ text: 'SELECT no_such_column FROM facts' }, 'parquet')),
		).rejects.toThrow(/no_such_column/);
	});
});

/** What the local Redshift writes must match what Redshift documents, since the readers rely on it. */
describe('local UNLOAD files as Redshift writes them', () => {
	let harness: LoadHarness;
	const { s3: s3Server } = testServers();
	const role = `ACCESS_KEY_ID '${s3Server.accessKeyId}' SECRET_ACCESS_KEY '${s3Server.secretAccessKey}'`;

	beforeAll(async () => {
		harness = await startLoadHarness('reads_unload_files');
		await harness.reader.query({ text: 'CREATE TABLE odd (id INT, doc SUPER, bytes VARBYTE(10))' });
		await harness.reader.query({
			text: "INSERT INTO odd VALUES (1, JSON_PARSE('{\"a\": [1, 2]}'), '\\x0aff'::bytea), (2, NULL, NULL)",
		});
	});
	afterAll(async () => await harness.stop());

	it('CSV: SUPER as compact JSON whose NULL ignores NULL AS; VARBYTE as hex', async () => {
		const prefix = uniquePrefix('unload-odd');
		await harness.reader.query({
			text: `UNLOAD ('SELECT * FROM odd ORDER BY id') TO 's3://${harness.bucket}/${prefix}' ${role} FORMAT CSV NULL AS 'NIL' PARALLEL OFF GZIP`,
		});
		const { bucket, key } = parseS3Url(`s3://${harness.bucket}/${prefix}000.gz`);
		const object = await harness.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
		const text = gunzipSync(await object.Body!.transformToByteArray()).toString();
		expect(text).toBe('1,"{""a"":[1,2]}",0aff\n2,null,NIL\n');
	});

	it('Parquet refuses VARBYTE, naming the column', async () => {
		const prefix = uniquePrefix('unload-varbyte');
		await expect(
			harness.reader.query({
				text: `UNLOAD ('SELECT * FROM odd') TO 's3://${harness.bucket}/${prefix}' ${role} FORMAT PARQUET`,
			}),
		).rejects.toThrow(/column "bytes" of type VARBYTE/);
	});
});

describe('unloaded Parquet read by byte ranges', () => {
	let harness: LoadHarness;
	const { s3: s3Server } = testServers();

	beforeAll(async () => {
		harness = await startLoadHarness('reads_unload_ranges');
		await harness.reader.query({
			text: `CREATE TABLE wide AS SELECT g::bigint AS id, md5(g::text) AS note, (g * 0.01)::numeric(38,2) AS amount
			       FROM generate_series(1, 120000) g`,
		});
	});
	afterAll(async () => await harness.stop());

	it('large files are read a row group at a time through ranged GETs, with the same rows', async () => {
		const result = await runUnload({
			connection: harness.connections.wire,
			s3: harness.s3,
			statement: { text: 'SELECT * FROM wide' },
			prefixUrl: `s3://${harness.bucket}/${uniquePrefix('unload-ranges')}`,
			authorization: {
				accessKeyId: s3Server.accessKeyId,
				secretAccessKey: s3Server.secretAccessKey,
			},
			parallel: false,
		});
		try {
			expect(result.files).toHaveLength(1);
			const [file] = result.files;
			const read = async (wholeFileBytes: number) => {
				const rows: Array<Record<string, unknown>> = [];
				const options = { columns: file.columns, size: file.size, wholeFileBytes };
				for await (const page of unloadedParquetRows(harness.s3, file.url, options, 50_000))
					rows.push(...page);
				return rows;
			};
			const ranged = await read(0);
			const whole = await read(Number.MAX_SAFE_INTEGER);
			expect(ranged).toHaveLength(120000);
			expect(ranged).toEqual(whole);
			expect(ranged[119999]).toEqual({ id: '120000', note: expect.any(String), amount: '1200.00' });
		} finally {
			await result.deleteFiles();
		}
	});
});
