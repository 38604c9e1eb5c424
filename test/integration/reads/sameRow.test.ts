import { appendLoad, insertRows } from '../../../nodes/shared/loads';
import {
	readDirect,
	readUnloadedFiles,
	runUnload,
	type RowPage,
	type UnloadFormat,
} from '../../../nodes/shared/reads';
import type { RedshiftConnection } from '../../../nodes/shared/redshift/connection/types';
import { listKeys } from '../../../nodes/shared/s3';
import { startLoadHarness, type LoadHarness } from '../loads/loadHarness';
import { testServers, uniquePrefix } from '../../support/testServers';

/** Every Redshift type the Sink writes, one column each (VARBYTE: the Sink writes none). */
const TABLE_DDL = `(
	id INTEGER, s SMALLINT, i INTEGER, b BIGINT, b_max BIGINT, d38 DECIMAL(38,9), d2 DECIMAL(10,2),
	r REAL, f DOUBLE PRECISION, f_big DOUBLE PRECISION, ok BOOLEAN, no BOOLEAN, c CHAR(4),
	v VARCHAR(200), v_empty VARCHAR(10), v_null VARCHAR(10), dt DATE, ts TIMESTAMP, tstz TIMESTAMPTZ,
	t TIME, ttz TIMETZ, sup_obj SUPER, sup_arr SUPER, sup_str SUPER, sup_num SUPER, sup_null SUPER)`;

/** What the Sink is given: what n8n items carry. */
const ITEM = {
	id: 1,
	s: -32768,
	i: 2147483647,
	b: '9007199254740991',
	b_max: '9223372036854775807',
	d38: '12345678901234567890123456789.123456789',
	d2: '-1234.50',
	r: 1.1,
	f: 0.1,
	f_big: 1.7976931348623157e308,
	ok: true,
	no: false,
	c: 'ab',
	v: 'Grüße, "wörld" ✓ 😀\nnext line; with, comma',
	v_empty: '',
	v_null: null,
	dt: '2024-02-29',
	ts: '2024-01-02 03:04:05.123456',
	tstz: '2024-01-02 05:04:05.123456+02',
	t: '03:04:05.5',
	ttz: '03:04:05+02',
	sup_obj: { a: 1, b: [1, 'x', null], c: { d: true } },
	sup_arr: [1, 2, 'three'],
	sup_str: 'plain text',
	sup_num: 42,
	sup_null: null,
};

/** The one form every read path must give back. */
const EXPECTED = {
	id: 1,
	s: -32768,
	i: 2147483647,
	b: '9007199254740991',
	b_max: '9223372036854775807',
	d38: '12345678901234567890123456789.123456789',
	d2: '-1234.50',
	r: 1.1,
	f: 0.1,
	f_big: 1.7976931348623157e308,
	ok: true,
	no: false,
	c: 'ab  ',
	v: 'Grüße, "wörld" ✓ 😀\nnext line; with, comma',
	v_empty: '',
	v_null: null,
	dt: '2024-02-29',
	ts: '2024-01-02T03:04:05.123456',
	tstz: '2024-01-02T03:04:05.123456+00:00',
	t: '03:04:05.5',
	ttz: '03:04:05+02:00',
	sup_obj: { a: 1, b: [1, 'x', null], c: { d: true } },
	sup_arr: [1, 2, 'three'],
	sup_str: 'plain text',
	sup_num: 42,
	sup_null: null,
};

async function rowsOf(pages: AsyncIterable<RowPage>) {
	const rows: Array<Record<string, unknown>> = [];
	for await (const page of pages) rows.push(...page.rows);
	return rows.sort((a, b) => Number(a.id) - Number(b.id));
}

describe('the same row through every read path', () => {
	let harness: LoadHarness;
	const { s3: s3Server } = testServers();
	const authorization = {
		accessKeyId: s3Server.accessKeyId,
		secretAccessKey: s3Server.secretAccessKey,
	};

	beforeAll(async () => {
		harness = await startLoadHarness('reads_same_row');
		for (const table of ['by_insert', 'by_copy'])
			await harness.reader.query({ text: `CREATE TABLE ${table} ${TABLE_DDL}` });
		// Sink → Source: the core loads write the items, by INSERT and by CSV staging + COPY.
		await insertRows({
			connection: harness.connections.wire,
			table: { name: 'by_insert' },
			items: [ITEM, { id: 2 }],
		});
		await appendLoad({
			connection: harness.connections.dataApi,
			table: { name: 'by_copy' },
			items: [ITEM, { id: 2 }],
			staging: harness.staging('same-row'),
		});
	});
	afterAll(async () => await harness.stop());

	const NULL_ROW = Object.fromEntries(
		Object.keys(EXPECTED).map((key) => [key, key === 'id' ? 2 : null]),
	);

	async function direct(connection: RedshiftConnection, table: string) {
		return await rowsOf(
			readDirect(
				connection,
				{ text: `SELECT * FROM ${table} WHERE id >= $1`, values: [1] },
				{ pageSize: 1 },
			),
		);
	}

	async function unload(connection: RedshiftConnection, table: string, format: UnloadFormat) {
		const prefix = uniquePrefix(`same-row-${format}`);
		const result = await runUnload({
			connection,
			s3: harness.s3,
			statement: { text: `SELECT * FROM ${table} WHERE id >= $1`, values: [1] },
			prefixUrl: `s3://${harness.bucket}/${prefix}`,
			authorization,
			format,
		});
		expect(result.rowCount).toBe(2);
		expect(result.files.every((file) => file.format === format)).toBe(true);
		const rows = await rowsOf(
			readUnloadedFiles(harness.s3, result.files, { pageSize: 1, concurrency: 2 }),
		);
		await result.deleteFiles();
		const left: string[] = [];
		for await (const key of listKeys(harness.s3, harness.bucket, prefix)) left.push(key);
		expect(left).toEqual([]);
		return rows;
	}

	describe.each(['by_insert', 'by_copy'])('written %s', (table) => {
		it('Direct over the wire', async () => {
			expect(await direct(harness.connections.wire, table)).toEqual([EXPECTED, NULL_ROW]);
		});

		it('Direct over the Data API (int8 beyond 2^53 exact: the JSON numbers are read as text)', async () => {
			expect(await direct(harness.connections.dataApi, table)).toEqual([EXPECTED, NULL_ROW]);
		});

		it('Unload Parquet', async () => {
			expect(await unload(harness.connections.wire, table, 'parquet')).toEqual([
				EXPECTED,
				NULL_ROW,
			]);
		});

		it('Unload CSV gzip', async () => {
			expect(await unload(harness.connections.dataApi, table, 'csv')).toEqual([EXPECTED, NULL_ROW]);
		});
	});

	it('VARBYTE (not written by the Sink) is lowercase hex through wire, Data API and Unload CSV; Parquet refuses it', async () => {
		await harness.reader.query({ text: 'CREATE TABLE bytes_table (id INT, bytes VARBYTE(10))' });
		await harness.reader.query({
			text: "INSERT INTO bytes_table VALUES (1, '\\x0aFF00'::bytea), (2, NULL)",
		});
		const expected = [
			{ id: 1, bytes: '0aff00' },
			{ id: 2, bytes: null },
		];
		expect(await direct(harness.connections.wire, 'bytes_table')).toEqual(expected);
		expect(await direct(harness.connections.dataApi, 'bytes_table')).toEqual(expected);
		expect(await unload(harness.connections.wire, 'bytes_table', 'csv')).toEqual(expected);
		await expect(unload(harness.connections.wire, 'bytes_table', 'parquet')).rejects.toThrow(
			/"bytes" of type VARBYTE/,
		);
	});

	it('native numbers where exact: safe int8 and round-tripping numerics become numbers', async () => {
		const [row] = await rowsOf(
			readDirect(
				harness.connections.wire,
				{ text: 'SELECT b, b_max, d38, d2 FROM by_insert WHERE id = 1' },
				{ pageSize: 10, numbers: 'native' },
			),
		);
		expect(row).toEqual({
			b: 9007199254740991,
			b_max: '9223372036854775807',
			d38: '12345678901234567890123456789.123456789',
			d2: -1234.5,
		});
	});
});
