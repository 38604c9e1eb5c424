import { NodeOperationError, type IDataObject } from 'n8n-workflow';

import { locator } from '../../support/n8n/fakeExecuteFunctions';
import {
	jsonOf,
	startSourceHarness,
	TRANSPORTS,
	unloadPrefix,
	type SourceHarness,
} from './sourceHarness';

const FORMATS = ['parquet', 'csvGzip'] as const;

const byId = (rows: IDataObject[]) => [...rows].sort((a, b) => Number(a.id) - Number(b.id));

describe.each(TRANSPORTS)('Redshift Source: Read Mode Unload over %s', (transport) => {
	let h: SourceHarness;
	beforeAll(async () => {
		h = await startSourceHarness(`source_unload_${transport.toLowerCase()}`);
		await h.exec(
			'CREATE TABLE items (id INTEGER, name VARCHAR(20), price NUMERIC(12,4), big BIGINT, seen TIMESTAMP, seen_tz TIMESTAMPTZ, day DATE, ok BOOLEAN)',
		);
		await h.exec(`INSERT INTO items VALUES
			(1, 'one', 1.5, 9007199254740991, '2024-01-02 03:04:05.5', '2024-01-02 03:04:05+02', '2024-01-02', true),
			(2, '', NULL, -1, '1999-12-31 23:59:59', '1999-12-31 23:59:59+00', '1999-12-31', false),
			(3, NULL, 0, 0, NULL, NULL, NULL, NULL),
			(4, 'four', 1234.5678, 4, '2024-06-01 00:00:00', '2024-06-01 00:00:00-05', '2024-06-01', true)`);
		await h.exec('CREATE TABLE nothing (id INTEGER)');
	});
	afterAll(async () => await h?.stop());

	const readItems = (parameters: Record<string, unknown> = {}) => ({
		operation: 'readTable',
		schema: locator('public'),
		table: locator('items'),
		...parameters,
	});

	it.each(FORMATS)(
		'Rows as Items gives the same rows as Direct (%s), and the files are removed',
		async (format) => {
			const direct = jsonOf((await h.run(transport, readItems())).output);
			const prefix = unloadPrefix(`rows-${format}`);
			const { output } = await h.run(
				transport,
				readItems({ readMode: 'unload', unloadOptions: { format, prefix } }),
			);
			expect(byId(jsonOf(output))).toEqual(byId(direct));
			expect(direct).toHaveLength(4);
			expect(await h.keys(prefix)).toEqual([]);
		},
	);

	it('Keep Files leaves the unloaded files in S3', async () => {
		const prefix = unloadPrefix('keep');
		await h.run(
			transport,
			readItems({ readMode: 'unload', unloadOptions: { prefix, keepFiles: true } }),
		);
		expect((await h.keys(prefix)).some((key) => key.endsWith('manifest'))).toBe(true);
	});

	it.each(FORMATS)(
		'Unloaded Files lists the files, and Read Unloaded File reads each one (%s)',
		async (format) => {
			const prefix = unloadPrefix(`files-${format}`);
			const listed = await h.run(
				transport,
				readItems({
					readMode: 'unload',
					output: 'unloadedFiles',
					unloadOptions: { format, prefix },
				}),
			);
			const files = jsonOf(listed.output);
			expect(files.length).toBeGreaterThan(0);
			for (const file of files) {
				expect(file).toMatchObject({
					format: format === 'csvGzip' ? 'csv' : 'parquet',
					fileCount: files.length,
				});
				expect(String(file.url)).toMatch(new RegExp(`^s3://${h.bucket}/${prefix}/`));
			}
			expect(files.reduce((sum, file) => sum + Number(file.rowCount), 0)).toBe(4);
			expect((files[0].columns as IDataObject[]).map((column) => column.name)).toEqual([
				'id',
				'name',
				'price',
				'big',
				'seen',
				'seen_tz',
				'day',
				'ok',
			]);
			// The fake evaluates no expressions: the default {{ $json.url }} is a function of the item here.
			const read = await h.run(
				transport,
				{
					operation: 'readUnloadedFile',
					fileUrl: (_: number, item?: { json: IDataObject }) => item?.json.url,
				},
				{ items: listed.output },
			);
			expect(read.output.some((item) => (item.pairedItem as { item: number }).item === 0)).toBe(
				true,
			);
			const direct = jsonOf((await h.run(transport, readItems())).output);
			expect(byId(jsonOf(read.output))).toEqual(byId(direct));
		},
	);

	it('Execute Query unloads with its parameters', async () => {
		const { output } = await h.run(transport, {
			operation: 'executeQuery',
			query: 'SELECT id, name FROM items WHERE name = $1 OR id = $2',
			queryParameters: 'one, 4',
			readMode: 'unload',
			unloadOptions: { prefix: unloadPrefix('query') },
		});
		expect(byId(jsonOf(output))).toEqual([
			{ id: 1, name: 'one' },
			{ id: 4, name: 'four' },
		]);
	});

	it('an empty result gives no items and no files', async () => {
		const rows = await h.run(
			transport,
			readItems({
				table: locator('nothing'),
				readMode: 'unload',
				unloadOptions: { prefix: unloadPrefix('empty') },
			}),
		);
		expect(rows.output).toEqual([]);
		const files = await h.run(
			transport,
			readItems({
				table: locator('nothing'),
				readMode: 'unload',
				output: 'unloadedFiles',
				unloadOptions: { prefix: unloadPrefix('empty-files') },
			}),
		);
		expect(files.output).toEqual([]);
	});

	it('Max Rows fails from the manifest count, before reading a file, and says to use Unloaded Files', async () => {
		const prefix = unloadPrefix('guard');
		const error = await h
			.run(
				transport,
				readItems({ readMode: 'unload', unloadOptions: { prefix }, options: { maxRows: 2 } }),
			)
			.catch((caught: unknown) => caught as NodeOperationError);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect((error as NodeOperationError).message).toBe(
			'The result has 4 rows, more than Max Rows (2); nothing was returned.',
		);
		expect((error as NodeOperationError).description).toMatch(/\*Output\* to Unloaded Files/);
		expect(await h.keys(prefix)).toEqual([]);
	});

	it('Binary File holds the whole result as CSV (Direct) or Parquet (Unload)', async () => {
		const csv = await h.run(
			transport,
			readItems({ output: 'binaryFile', sort: { values: [{ column: 'id' }] } }),
		);
		expect(csv.output).toHaveLength(1);
		expect(csv.output[0].json).toMatchObject({ format: 'csv', rowCount: 4, fileName: 'items.csv' });
		const text = csv.files[0].bytes.toString('utf8');
		expect(text.split(/\r?\n/)[0]).toBe('id,name,price,big,seen,seen_tz,day,ok');
		expect(csv.output[0].binary?.data.mimeType).toBe('text/csv');

		const parquet = await h.run(
			transport,
			readItems({
				readMode: 'unload',
				output: 'binaryFile',
				binaryFormat: 'parquet',
				binaryPropertyName: 'table',
				unloadOptions: { prefix: unloadPrefix('binary') },
				options: { fileName: 'export.parquet' },
			}),
		);
		expect(parquet.output[0].json).toMatchObject({
			format: 'parquet',
			rowCount: 4,
			fileName: 'export.parquet',
		});
		expect(parquet.files[0].bytes.subarray(0, 4).toString()).toBe('PAR1');
		expect(parquet.output[0].binary?.table.fileName).toBe('export.parquet');
	});

	it('incremental reads refuse Unload, naming the fix', async () => {
		const error = await h
			.run(transport, readItems({ readMode: 'unload', options: { cursorColumn: 'id' } }))
			.catch((caught: unknown) => caught as NodeOperationError);
		expect((error as NodeOperationError).description).toBe(
			'Set *Read Mode* to Direct, or clear *Options > Incremental: Cursor Column*.',
		);
	});
});
