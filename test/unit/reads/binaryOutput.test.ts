import { rowsToBinaryFile } from '../../../nodes/RedshiftSource/helpers/binaryOutput';
import {
	unloadedFileFromJson,
	unloadedFileJson,
} from '../../../nodes/RedshiftSource/helpers/unloadedFileItem';
import type { RowPage } from '../../../nodes/shared/reads/readDirect';
import { readColumn } from '../../../nodes/shared/reads/values';

const columns = [
	readColumn('id', 'bigint'),
	readColumn('amount', 'numeric', '(38,2)'),
	readColumn('note', 'varchar'),
	readColumn('ok', 'boolean'),
	readColumn('day', 'date'),
	readColumn('at', 'timestamptz'),
	readColumn('doc', 'super'),
	readColumn('r', 'real'),
];
const rows = [
	{
		id: '9223372036854775807',
		amount: '123456789012345678901234567890123456.78',
		note: 'a, "b"\nc',
		ok: true,
		day: '2024-02-29',
		at: '2024-01-02T03:04:05.123456+00:00',
		doc: { a: [1, 'x'] },
		r: 1.5,
	},
	{ id: '-1', amount: null, note: '', ok: false, day: null, at: null, doc: null, r: null },
];

async function* pages(...list: RowPage[]): AsyncIterable<RowPage> {
	yield* list;
}

describe('Binary File output', () => {
	it('CSV: a header, RFC 4180 quoting, NULL empty and the empty string quoted', async () => {
		const file = await rowsToBinaryFile(
			pages({ columns, rows: [rows[0]] }, { columns, rows: [rows[1]] }),
			'csv',
			'my table',
		);
		expect(file).toMatchObject({
			fileName: 'my_table.csv',
			mimeType: 'text/csv',
			fileExtension: 'csv',
			rowCount: 2,
		});
		expect(file.data.toString()).toBe(
			'id,amount,note,ok,day,at,doc,r\n' +
				'9223372036854775807,123456789012345678901234567890123456.78,"a, ""b""\nc",true,2024-02-29,2024-01-02T03:04:05.123456+00:00,"{""a"":[1,""x""]}",1.5\n' +
				'-1,,"",false,,,,\n',
		);
	});

	it('Parquet: typed columns that read back exactly (DECIMAL, INT64, microseconds)', async () => {
		const file = await rowsToBinaryFile(pages({ columns, rows }), 'parquet', 'query');
		expect(file).toMatchObject({ fileName: 'query.parquet', rowCount: 2 });
		const { parquetReadObjects, parquetMetadata } =
			// eslint-disable-next-line @typescript-eslint/no-require-imports
			require('hyparquet') as typeof import('hyparquet');
		const buffer = file.data.buffer.slice(
			file.data.byteOffset,
			file.data.byteOffset + file.data.byteLength,
		) as ArrayBuffer;
		const schema = parquetMetadata(buffer).schema;
		expect(schema.find((element) => element.name === 'amount')).toMatchObject({
			type: 'FIXED_LEN_BYTE_ARRAY',
			precision: 38,
			scale: 2,
		});
		const read = await parquetReadObjects({
			file: buffer,
			parsers: { timestampFromMicroseconds: (micros: bigint) => micros },
		});
		expect(read[0]).toMatchObject({
			id: 9223372036854775807n,
			note: 'a, "b"\nc',
			ok: true,
			at: 1704164645123456n,
			doc: { a: [1, 'x'] },
			r: 1.5,
		});
		expect(read[1]).toMatchObject({ id: -1n, note: '', amount: null, doc: null });
	});

	it('Parquet DECIMAL takes native numbers too, however JavaScript prints them', async () => {
		const amount = [readColumn('amount', 'numeric', '(20,9)')];
		const file = await rowsToBinaryFile(
			pages({ columns: amount, rows: [{ amount: 1e-7 }, { amount: -12.5 }] }),
			'parquet',
			'q',
		);
		const { parquetReadObjects } =
			// eslint-disable-next-line @typescript-eslint/no-require-imports
			require('hyparquet') as typeof import('hyparquet');
		const buffer = file.data.buffer.slice(
			file.data.byteOffset,
			file.data.byteOffset + file.data.byteLength,
		) as ArrayBuffer;
		// hyparquet scales DECIMAL through a float: close is what it can show.
		const read = await parquetReadObjects({ file: buffer });
		expect(read[0].amount).toBeCloseTo(1e-7, 15);
		expect(read[1].amount).toBe(-12.5);
	});

	it('an empty result is a file with no rows', async () => {
		expect((await rowsToBinaryFile(pages(), 'csv', 'q')).data.length).toBe(0);
		expect((await rowsToBinaryFile(pages(), 'parquet', 'q')).rowCount).toBe(0);
	});
});

describe('Unloaded Files items', () => {
	const file = {
		url: 's3://bucket/run/0000_part_00.gz',
		size: 10,
		rowCount: 3,
		format: 'csv' as const,
		columns: [readColumn('id', 'bigint'), readColumn('amount', 'numeric', '(38,2)')],
	};

	it('carry what Read Unloaded File needs, and come back the same', () => {
		const json = unloadedFileJson(file, 0, 2);
		expect(json).toEqual({
			url: file.url,
			size: 10,
			rowCount: 3,
			format: 'csv',
			columns: [
				{ name: 'id', type: 'bigint' },
				{ name: 'amount', type: 'numeric(38,2)' },
			],
			fileIndex: 0,
			fileCount: 2,
		});
		expect(unloadedFileFromJson(json, file.url)).toEqual(file);
	});

	it('say what is missing for a URL alone', () => {
		expect(() => unloadedFileFromJson({}, 'https://x')).toThrow(/not an s3:\/\/ URL/);
		expect(() => unloadedFileFromJson({}, 's3://b/k')).toThrow(/Parquet or CSV/);
		expect(() => unloadedFileFromJson({}, 's3://b/k.gz')).toThrow(/column types/);
		expect(unloadedFileFromJson({}, 's3://b/k.parquet')).toMatchObject({
			format: 'parquet',
			columns: [],
		});
	});
});
