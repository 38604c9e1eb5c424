import { parse } from 'csv-parse/sync';
import { parquetReadObjects } from 'hyparquet';
import { gunzipSync } from 'node:zlib';
import { Client } from 'pg';

import {
	buildCloseCursor,
	buildCopy,
	buildCreateStagingTable,
	buildCreateTable,
	buildCreateTableLike,
	buildDeclareCursor,
	buildDeduplicateStaging,
	buildFetchForward,
	buildLastCopyIdQuery,
	buildStlLoadErrorsQuery,
	buildSysLoadErrorsQuery,
	buildSwapOverwrite,
	buildUpsertDeleteInsert,
	buildUnload,
	buildUpsertMerge,
	inferColumns,
	ORDINAL_COLUMN,
	quoteIdentifier,
	type TableRef,
} from '../../../nodes/shared/redshift/sql';
import { deletePrefix, parseS3Url } from '../../../nodes/shared/s3';
import { CSV_NULL_MARKER, stageRows, type StagingResult } from '../../../nodes/shared/staging';
import { startLocalRedshift, type LocalRedshiftForTests } from '../../support/localRedshift';
import { s3Client, testServers, uniquePrefix } from '../../support/testServers';
import { objectBytes } from '../../support/s3Objects';

const authorization = { iamRole: 'arn:aws:iam::123456789012:role/RedshiftLoader' };
const { bucket } = testServers().s3;

/**
 * The builders' SQL and the staged files, run for real through the local Redshift's wire front:
 * COPY reads the files back exactly, and the upsert / changelog / swap / cursor statements work.
 */
describe('staged files loaded by the built COPY into the local Redshift', () => {
	let redshift: LocalRedshiftForTests;
	let client: Client;
	const s3 = s3Client();
	const runs: StagingResult[] = [];

	const query = async (text: string, values: unknown[] = []) =>
		(await client.query({ text, values, rowMode: 'array' })).rows as unknown[][];
	const stage = async (
		items: Record<string, unknown>[],
		columns: string[],
		extra: Partial<Parameters<typeof stageRows>[1]> = {},
	) => {
		const result = await stageRows(items, {
			s3,
			bucket,
			prefix: uniquePrefix('staging-copy'),
			columns: columns.map((name) => ({ name })),
			...extra,
		});
		runs.push(result);
		return result;
	};
	const copy = async (table: TableRef, result: StagingResult) =>
		await query(
			buildCopy({
				table,
				columns: result.columns,
				from: result.manifestUrl,
				authorization,
				...result.copyOptions,
			}),
		);

	beforeAll(async () => {
		redshift = await startLocalRedshift('staging_copy', { dataApi: false });
		// Every value in its text form, so the comparison is exact.
		client = new Client({
			...redshift.pgConfig,
			types: { getTypeParser: () => (value: string) => value },
		});
		await client.connect();
		// The local Redshift passes quoted names to PostgreSQL unfolded; the builders fold them already.
		await query(`CREATE SCHEMA ${quoteIdentifier('Sales')}`);
	});

	afterAll(async () => {
		for (const run of runs) await run.cleanup();
		await client?.end();
		await redshift?.stop();
		s3.destroy();
	});

	it('creates a table from inferred types and loads tricky CSV and JSON values exactly', async () => {
		const items = [
			{
				Id: 1,
				Text: 'comma, "quote", back\\slash',
				Note: '',
				Big: '12345678901234567890123',
				Amount: '1.50',
				Doc: { a: [1, 'b'] },
				Day: '2024-02-29',
			},
			{
				Id: 2,
				Text: 'multi\nline\r\nvalue',
				Note: null,
				Big: '-1',
				Amount: '-0.25',
				Doc: [1, 2],
				Day: null,
			},
			{ Id: 3, Text: 'emoji 😀 ä', Big: '0', Amount: '100', Doc: null, Day: '1999-12-31' },
		];
		const columns = inferColumns(items);
		const table = { schema: 'Sales', name: 'Tricky Values' };
		const [create] = buildCreateTable({
			table,
			columns: columns.map((column) => ({
				name: column.name,
				type: column.type,
				encoding: column.type.name === 'SUPER' ? undefined : 'ZSTD',
			})),
			distKey: 'Id',
			sortKey: { style: 'COMPOUND', columns: ['Id'] },
		});
		await query(create);
		const expected = [
			[
				'1',
				'comma, "quote", back\\slash',
				'',
				'12345678901234567890123',
				'1.50',
				'{"a": [1, "b"]}',
				'2024-02-29',
			],
			['2', 'multi\nline\r\nvalue', null, '-1', '-0.25', '[1, 2]', null],
			['3', 'emoji 😀 ä', null, '0', '100.00', null, '1999-12-31'],
		];
		const names = columns.map((column) => column.sourceKey);
		const selectAll = `SELECT "id", "text", "note", "big", "amount", "doc", "day" FROM "sales"."tricky values" ORDER BY "id"`;

		const csv = await stage(items, [], {
			columns: columns.map(({ name, sourceKey, type }) => ({ name, sourceKey, type })),
		});
		await copy(table, csv);
		expect(await query(selectAll)).toEqual(expected);
		expect(names).toEqual(['Id', 'Text', 'Note', 'Big', 'Amount', 'Doc', 'Day']);

		await query('DELETE FROM "sales"."tricky values"');
		const json = await stage(items, [], {
			columns: columns.map(({ name, sourceKey, type }) => ({ name, sourceKey, type })),
			format: 'jsonl',
			compression: 'zstd',
		});
		await copy(table, json);
		expect(await query(selectAll)).toEqual(expected);
	});

	it('unloads with the built UNLOAD: a verbose manifest, CSV with a NULL marker, and Parquet', async () => {
		const base = uniquePrefix('staging-unload');
		// Quotes inside the query travel inside the UNLOAD ('…') literal.
		const select = `SELECT "id", "text", "note" FROM "sales"."tricky values" WHERE "text" <> 'it''s' ORDER BY "id"`;
		await query(
			buildUnload({
				query: select,
				to: `s3://${bucket}/${base}csv/`,
				authorization,
				format: 'CSV',
				nullAs: CSV_NULL_MARKER,
				compression: 'GZIP',
				parallel: false,
				overwrite: 'CLEANPATH',
			}),
		);
		const manifest = JSON.parse(
			(await objectBytes(s3, bucket, `${base}csv/manifest`)).toString(),
		) as {
			entries: { url: string; meta: { content_length: number; record_count: number } }[];
		};
		expect(manifest.entries.reduce((sum, entry) => sum + entry.meta.record_count, 0)).toBe(3);
		const csvRows: unknown[] = [];
		for (const entry of manifest.entries) {
			const { key } = parseS3Url(entry.url);
			const text = gunzipSync(await objectBytes(s3, bucket, key)).toString();
			csvRows.push(
				...(parse(text, {
					cast: (value: string, context: { quoting: boolean }) =>
						!context.quoting && value === CSV_NULL_MARKER ? null : value,
				}) as unknown[]),
			);
		}
		expect(csvRows).toEqual([
			['1', 'comma, "quote", back\\slash', ''],
			['2', 'multi\nline\r\nvalue', null],
			['3', 'emoji 😀 ä', null],
		]);

		await query(
			buildUnload({
				query: select,
				to: `s3://${bucket}/${base}parquet/`,
				authorization,
				maxFileSizeMb: 5,
			}),
		);
		const parquetManifest = JSON.parse(
			(await objectBytes(s3, bucket, `${base}parquet/manifest`)).toString(),
		) as {
			entries: { url: string }[];
		};
		const parquetRows: unknown[] = [];
		for (const entry of parquetManifest.entries) {
			const bytes = await objectBytes(s3, bucket, parseS3Url(entry.url).key);
			parquetRows.push(...(await parquetReadObjects({ file: new Uint8Array(bytes).buffer })));
		}
		expect(parquetRows.map((row) => (row as { text: string }).text).sort()).toEqual(
			['comma, "quote", back\\slash', 'multi\nline\r\nvalue', 'emoji 😀 ä'].sort(),
		);
		await deletePrefix(s3, bucket, base);
	});

	it('upserts by delete-insert and by MERGE, keeping the last staged row per key', async () => {
		const target = { schema: 'Sales', name: 'Customers' };
		await query(
			buildCreateTable({
				table: target,
				columns: [
					{ name: 'id', type: 'bigint' },
					{ name: 'name', type: 'varchar(100)' },
				],
			})[0],
		);
		await query(`INSERT INTO "sales"."customers" VALUES (1, 'old one'), (2, 'old two')`);

		for (const method of ['delete-insert', 'merge'] as const) {
			const stageName = `stage_${method.replace('-', '_')}`;
			await query('BEGIN');
			await query(
				buildCreateStagingTable({
					stage: stageName,
					like: target,
					extraColumns: [{ name: ORDINAL_COLUMN, type: 'bigint' }],
				}),
			);
			const staged = await stage(
				[
					{ id: 2, name: `first ${method}` },
					{ id: 3, name: `new ${method}` },
					{ id: 2, name: `last ${method}` },
				],
				['id', 'name'],
				{ ordinalColumn: ORDINAL_COLUMN },
			);
			await copy({ name: stageName }, staged);
			await query(buildDeduplicateStaging({ stage: stageName, keys: ['id'] }));
			const upsert = { target, stage: stageName, keys: ['id'], columns: ['id', 'name'] };
			const statements =
				method === 'merge' ? [buildUpsertMerge(upsert)] : buildUpsertDeleteInsert(upsert);
			for (const statement of statements) await query(statement);
			await query('COMMIT');
			expect(await query('SELECT "id", "name" FROM "sales"."customers" ORDER BY "id"')).toEqual([
				['1', 'old one'],
				['2', `last ${method}`],
				['3', `new ${method}`],
			]);
		}
	});

	it('overwrites atomically by swapping a loaded replacement in', async () => {
		const target = { schema: 'Sales', name: 'Prices' };
		await query(
			buildCreateTable({ table: target, columns: [{ name: 'sku', type: 'varchar(10)' }] })[0],
		);
		await query(`INSERT INTO "sales"."prices" VALUES ('old')`);
		await query('BEGIN');
		await query(
			buildCreateTableLike({ table: { schema: 'Sales', name: 'prices_new' }, like: target }),
		);
		await copy(
			{ schema: 'Sales', name: 'prices_new' },
			await stage([{ sku: 'a' }, { sku: 'b' }], ['sku']),
		);
		for (const statement of buildSwapOverwrite({
			target,
			replacement: 'prices_new',
			retiredName: 'prices_old',
		}))
			await query(statement);
		await query('COMMIT');
		expect(await query('SELECT "sku" FROM "sales"."prices" ORDER BY 1')).toEqual([['a'], ['b']]);
		expect(
			await query(
				`SELECT COUNT(*) FROM pg_tables WHERE schemaname = 'sales' AND tablename IN ('prices_new', 'prices_old')`,
			),
		).toEqual([['0']]);
	});

	it('reads in pages with a cursor, and reports load errors of a failed COPY by query id', async () => {
		await query('BEGIN');
		const declare = buildDeclareCursor('n8n_read', {
			text: 'SELECT "id" FROM "sales"."customers" WHERE "id" >= $1 ORDER BY "id"',
			values: [2],
		});
		await query(declare.text, declare.values);
		expect(await query(buildFetchForward('n8n_read', 1))).toEqual([['2']]);
		expect(await query(buildFetchForward('n8n_read', 10))).toEqual([['3']]);
		await query(buildCloseCursor('n8n_read'));
		await query('COMMIT');

		const target = { schema: 'Sales', name: 'Short' };
		await query(
			buildCreateTable({ table: target, columns: [{ name: 'code', type: 'varchar(3)' }] })[0],
		);
		const staged = await stage([{ code: 'abc' }, { code: 'too long' }], ['code']);
		await expect(copy(target, staged)).rejects.toThrow(/stl_load_errors|Load into table/);
		const [[copyId]] = await query(buildLastCopyIdQuery());
		const errors = buildStlLoadErrorsQuery(String(copyId));
		const {
			rows: [error],
		} = await client.query({ text: errors.text, values: errors.values });
		expect(error).toMatchObject({
			line_number: '2',
			column_name: 'code',
			raw_field_value: 'too long',
		});
		expect(String((error as { error_message: string }).error_message)).toMatch(
			/String length exceeds DDL length/,
		);
		// Serverless: the same error by the same query id, without the raw value.
		const sys = buildSysLoadErrorsQuery(String(copyId));
		const {
			rows: [sysError],
		} = await client.query({ text: sys.text, values: sys.values });
		expect(sysError).toMatchObject({
			line_number: '2',
			column_name: 'code',
			raw_field_value: null,
		});
	});
});
