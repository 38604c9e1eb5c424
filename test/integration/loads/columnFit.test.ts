import {
	appendLoad,
	changelogLoad,
	insertRows,
	ItemValueError,
	overwriteLoad,
	upsertLoad,
	type ColumnFitPolicy,
	type LoadItem,
	type StagedLoadOptions,
} from '../../../nodes/shared/loads';
import { widenColumns } from '../../../nodes/shared/loads/columnFitWiden';
import { change, startLoadHarness, type LoadHarness, type TransportName } from './loadHarness';

type Fill = 'csv' | 'parquet' | 'insert';
const FILLS: Fill[] = ['csv', 'parquet', 'insert'];

/** Values that do not fit their column, in every load, against the local Redshift. */
describe('column fit', () => {
	let harness: LoadHarness;
	beforeAll(async () => {
		harness = await startLoadHarness('loads_fit');
	});
	afterAll(async () => await harness.stop());

	let tableCount = 0;
	async function freshTable(columns = 'id BIGINT, name VARCHAR(10)'): Promise<string> {
		const table = `fit_${++tableCount}`;
		await harness.reader.query({ text: `CREATE TABLE ${table} (${columns})` });
		return table;
	}
	function fillOf(fill: Fill, name: string): Pick<StagedLoadOptions, 'writeMode' | 'staging'> {
		if (fill === 'insert') return { writeMode: 'insert' };
		return {
			writeMode: 'copy',
			staging: harness.staging(name, fill === 'parquet' ? { format: 'parquet' } : {}),
		};
	}
	function base(table: string, transport: TransportName = 'wire', columnFit?: ColumnFitPolicy) {
		return { connection: harness.connections[transport], table: { name: table }, columnFit };
	}
	const varcharLength = async (table: string, column = 'name') =>
		(
			await harness.rows(
				`SELECT character_maximum_length AS n FROM information_schema.columns WHERE table_name = '${table}' AND column_name = '${column}'`,
			)
		)[0]?.n;
	const names = async (table: string) =>
		(await harness.rows(`SELECT name FROM ${table} ORDER BY id`)).map((row) => row.name);

	// 'ünïcödé wörds' is 13 characters, 18 bytes of UTF-8: over VARCHAR(10) in bytes and in characters.
	const LONG = 'ünïcödé wörds';

	describe.each(FILLS)('widen (the default) with fill %s', (fill) => {
		it('append widens the VARCHAR before the load and stores the value whole', async () => {
			const table = await freshTable();
			const result = await appendLoad({
				...base(table),
				...fillOf(fill, `fit-append-${fill}`),
				items: [
					{ id: 1, name: 'short' },
					{ id: 2, name: LONG },
				],
			});
			expect(await names(table)).toEqual(['short', LONG]);
			expect(await varcharLength(table)).toBe(256);
			expect(result.warnings.join('\n')).toMatch(
				/Column "name" of "fit_\d+" was widened from VARCHAR\(10\) to VARCHAR\(256\) for 1 value\(s\) of up to 18 bytes/,
			);
		});

		it('overwrite and upsert widen too', async () => {
			const table = await freshTable();
			await harness.reader.query({ text: `INSERT INTO ${table} VALUES (1, 'old')` });
			await overwriteLoad({
				...base(table),
				...fillOf(fill, `fit-over-${fill}`),
				method: 'swap',
				items: [{ id: 1, name: 'x'.repeat(300) }],
			});
			expect(await varcharLength(table)).toBe(512);
			await upsertLoad({
				...base(table),
				...fillOf(fill, `fit-up-${fill}`),
				keys: ['id'],
				items: [{ id: 2, name: 'y'.repeat(600) }],
			});
			expect(await varcharLength(table)).toBe(1024);
			expect(await names(table)).toEqual(['x'.repeat(300), 'y'.repeat(600)]);
		});

		it('Apply Changelog keeps a CDC stream flowing: a longer value widens the column', async () => {
			const table = await freshTable('id BIGINT, name VARCHAR(10)');
			const result = await changelogLoad({
				...base(table),
				...fillOf(fill, `fit-cl-${fill}`),
				events: [
					change('c', '0/100', 0, { id: 1, name: 'fits' }),
					change('c', '0/100', 1, { id: 2, name: LONG }),
				],
			});
			expect(result.changes).toBe(2);
			expect(await names(table)).toEqual(['fits', LONG]);
			expect(await varcharLength(table)).toBe(256);
		});
	});

	it('Apply Changelog over the Data API widens too (CSV staging)', async () => {
		const table = await freshTable();
		await changelogLoad({
			...base(table, 'dataApi'),
			...fillOf('csv', 'fit-cl-dataapi'),
			events: [change('c', '0/100', 0, { id: 1, name: 'x'.repeat(700) })],
		});
		expect(await varcharLength(table)).toBe(1024);
		expect(await names(table)).toEqual(['x'.repeat(700)]);
	});

	it('the Insert write mode widens too (over the Data API)', async () => {
		const table = await freshTable();
		const result = await insertRows({ ...base(table, 'dataApi'), items: [{ id: 1, name: LONG }] });
		expect(await names(table)).toEqual([LONG]);
		expect(await varcharLength(table)).toBe(256);
		expect(result.warnings).toHaveLength(1);
	});

	it('a column Redshift cannot widen (BYTEDICT) fails before loading, naming item, column and the fix', async () => {
		const table = await freshTable('id BIGINT, name VARCHAR(10) ENCODE BYTEDICT');
		const load = appendLoad({
			...base(table),
			...fillOf('csv', 'fit-bytedict'),
			items: [
				{ id: 1, name: 'fine' },
				{ id: 2, name: LONG },
			],
		});
		await expect(load).rejects.toThrow(ItemValueError);
		await expect(load).rejects.toMatchObject({ itemIndex: 1, column: 'name' });
		await expect(load).rejects.toThrow(
			/Redshift refused to widen the column to VARCHAR\(256\).*Nothing was loaded.*ENCODE ZSTD/s,
		);
		expect(await names(table)).toEqual([]);
		expect(await varcharLength(table)).toBe(10);
	});

	it('a PRIMARY KEY column Redshift cannot widen fails the same way (Insert write mode)', async () => {
		const table = await freshTable('id BIGINT, name VARCHAR(10) PRIMARY KEY');
		await expect(
			insertRows({ ...base(table), items: [{ id: 1, name: LONG }] }),
		).rejects.toMatchObject({ itemIndex: 0, column: 'name' });
		expect(await names(table)).toEqual([]);
	});

	describe.each(FILLS)('policies with fill %s', (fill) => {
		it('Fail: the item fails with bytes and limit; nothing is loaded', async () => {
			const table = await freshTable();
			const load = appendLoad({
				...base(table, 'wire', { longValues: 'fail' }),
				...fillOf(fill, `fit-fail-${fill}`),
				items: [
					{ id: 1, name: 'ok' },
					{ id: 2, name: LONG },
				],
			});
			await expect(load).rejects.toMatchObject({ itemIndex: 1, column: 'name' });
			await expect(load).rejects.toThrow(/18 bytes of UTF-8; the column holds 10/);
			expect(await names(table)).toEqual([]);
			expect(await varcharLength(table)).toBe(10);
		});

		it('Truncate: cut at a character boundary, with a warning naming column and count', async () => {
			const table = await freshTable();
			const result = await appendLoad({
				...base(table, 'wire', { longValues: 'truncate' }),
				...fillOf(fill, `fit-trunc-${fill}`),
				items: [
					{ id: 1, name: LONG },
					{ id: 2, name: 'ok' },
					{ id: 3, name: 'abcdefghijk' },
				],
			});
			// 'ünïcö' is 9 bytes; the next 'd' would make 10, then 'é' 12: cut before 'é'.
			expect(await names(table)).toEqual(['ünïcöd', 'ok', 'abcdefghij']);
			expect(result.warnings).toEqual([
				expect.stringMatching(/^2 value\(s\) of column "name" in "fit_\d+" were cut to 10 bytes/),
			]);
		});

		it('over 65,535 bytes: fails by default, is cut to 65,535 bytes under Truncate', async () => {
			const table = await freshTable('id BIGINT, name VARCHAR(65535)');
			const huge = `${'é'.repeat(32767)}xy`; // 65,536 bytes
			const load = appendLoad({
				...base(table),
				...fillOf(fill, `fit-huge-${fill}`),
				items: [{ id: 1, name: huge }],
			});
			await expect(load).rejects.toMatchObject({ itemIndex: 0, column: 'name' });
			await expect(load).rejects.toThrow(
				/65536 bytes of UTF-8; no Redshift VARCHAR holds more than 65535/,
			);
			const result = await appendLoad({
				...base(table, 'wire', { oversizeValues: 'truncate' }),
				...fillOf(fill, `fit-huge2-${fill}`),
				items: [{ id: 1, name: huge }],
			});
			expect(await names(table)).toEqual([`${'é'.repeat(32767)}x`]);
			expect(result.warnings.join('\n')).toMatch(
				/1 value\(s\) of column "name" .* cut to 65535 bytes .*Values Over 65,535 Bytes/,
			);
		});

		it('NUMERIC: more decimal places or integer digits than the column, or NaN, fail the item; never rounded', async () => {
			const table = await freshTable('id BIGINT, amount NUMERIC(6,2)');
			const attempt = (amount: unknown) =>
				appendLoad({
					...base(table),
					...fillOf(fill, `fit-num-${fill}`),
					items: [
						{ id: 1, amount: '1.50' },
						{ id: 2, amount },
					],
				});
			await expect(attempt('1.234')).rejects.toThrow(
				/Item 1, column "amount" .*NUMERIC\(6,2\)\): 1.234 has 3 decimal place\(s\).*COPY would round it silently/,
			);
			await expect(attempt('12345.6')).rejects.toThrow(/5 digit\(s\) before the point.*holds 4/);
			await expect(attempt('NaN')).rejects.toMatchObject({ itemIndex: 1, column: 'amount' });
			await expect(attempt(0.1 + 0.2)).rejects.toThrow(/17 decimal place/);
			expect(await harness.rows(`SELECT count(*) AS n FROM ${table}`)).toEqual([{ n: '0' }]);
			await attempt('-9999.990');
			expect(await harness.rows(`SELECT amount FROM ${table} ORDER BY id`)).toEqual([
				{ amount: '1.50' },
				{ amount: '-9999.99' },
			]);
		});

		it('DATE and TIMESTAMPTZ: infinity and years after 294276 AD fail the item naming the column', async () => {
			const table = await freshTable('id BIGINT, day DATE, at TIMESTAMPTZ');
			const load = (item: LoadItem) =>
				appendLoad({
					...base(table),
					...fillOf(fill, `fit-inf-${fill}`),
					items: [{ id: 1, day: '2024-01-01' }, item],
				});
			await expect(load({ id: 2, day: 'infinity' })).rejects.toMatchObject({
				itemIndex: 1,
				column: 'day',
			});
			await expect(load({ id: 2, at: '-infinity' })).rejects.toThrow(
				/column "at" .*Redshift's TIMESTAMPTZ has no infinity/,
			);
			await expect(load({ id: 2, day: '5874897-12-31' })).rejects.toThrow(
				/Item 1, column "day" .*ends with the year 294276 AD/,
			);
			expect(await harness.rows(`SELECT count(*) AS n FROM ${table}`)).toEqual([{ n: '0' }]);
		});
	});

	it('a widened column stays widened when the load then fails', async () => {
		const table = await freshTable();
		const load = appendLoad({
			...base(table),
			...fillOf('csv', 'fit-then-fail'),
			items: [
				{ id: 1, name: LONG },
				{ id: 'two', name: 'ok' },
			],
		});
		await expect(load).rejects.toMatchObject({ itemIndex: 1, column: 'id' });
		expect(await names(table)).toEqual([]);
		expect(await varcharLength(table)).toBe(256);
	});

	it('never narrows a column a concurrent load widened further, and reads it again before altering', async () => {
		const table = await freshTable();
		await harness.reader.query({
			text: `ALTER TABLE ${table} ALTER COLUMN name TYPE VARCHAR(1000)`,
		});
		const notices = await widenColumns(
			{ connection: harness.connections.wire, table: { name: table } },
			[{ column: 'name', length: 10, newLength: 256, longestBytes: 18, firstItem: 0, values: 1 }],
			{ tableKey: table, quotedTable: table, log: () => undefined },
		);
		expect(notices).toEqual([]);
		expect(await varcharLength(table)).toBe(1000);
	});

	// Years after 9999 and BC dates are staged as their exact day number too (unit test), but the
	// local Redshift's Parquet reader turns them into JavaScript dates and cannot print them.
	it("Parquet staging takes PostgreSQL's text: t/f booleans, zone offsets with seconds", async () => {
		const table = await freshTable('id BIGINT, ok BOOLEAN, day DATE, at TIMESTAMPTZ');
		await changelogLoad({
			...base(table),
			...fillOf('parquet', 'fit-parquet-text'),
			events: [
				change('c', '0/100', 0, {
					id: 1,
					ok: 't',
					day: '2024-02-29',
					at: '1900-01-01 00:00:00+00:53:28',
				}),
				change('c', '0/100', 1, {
					id: 2,
					ok: 'f',
					day: '1969-12-31',
					at: '2024-06-01 12:00:00.123456-07',
				}),
			],
		});
		expect(
			await harness.rows(
				`SELECT id, CAST(ok AS VARCHAR(5)) AS ok, CAST(day AS VARCHAR(20)) AS day, EXTRACT(EPOCH FROM at) AS epoch FROM ${table} ORDER BY id`,
			),
		).toEqual([
			{
				id: '1',
				ok: 'true',
				day: '2024-02-29',
				epoch: `${(Date.UTC(1900, 0, 1) - 3208000) / 1000}.000000`,
			},
			{ id: '2', ok: 'false', day: '1969-12-31', epoch: '1717268400.123456' },
		]);
	});

	it("COPY's Truncate Columns still means Truncate when the long-value policy is not set", async () => {
		const table = await freshTable();
		const result = await appendLoad({
			...base(table),
			...fillOf('csv', 'fit-truncatecolumns'),
			copy: { truncateColumns: true },
			items: [{ id: 1, name: LONG }],
		});
		expect(await names(table)).toEqual(['ünïcöd']);
		expect(await varcharLength(table)).toBe(10);
		expect(result.warnings).toHaveLength(1);
	});

	it('the Insert write mode checks NUMERIC digits and infinity the same way', async () => {
		const table = await freshTable('id BIGINT, amount NUMERIC(6,2), day DATE');
		await expect(
			insertRows({ ...base(table), items: [{ id: 1, amount: '0.001' }] }),
		).rejects.toThrow(/3 decimal place\(s\).*COPY would round it silently/);
		await expect(
			insertRows({ ...base(table), items: [{ id: 1, day: 'Infinity' }] }),
		).rejects.toMatchObject({ itemIndex: 0, column: 'day' });
	});

	it('changelog with policy Fail: the item names the event index and column', async () => {
		const table = await freshTable();
		const load = changelogLoad({
			...base(table, 'wire', { longValues: 'fail' }),
			...fillOf('csv', 'fit-cl-fail'),
			events: [
				change('c', '0/100', 0, { id: 1, name: 'ok' }),
				change('c', '0/100', 1, { id: 2, name: LONG }),
			],
		});
		await expect(load).rejects.toMatchObject({ itemIndex: 1, column: 'name' });
	});
});
