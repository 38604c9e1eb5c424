import type { SchemaElement } from 'hyparquet';
import { parquetWriteBuffer } from 'hyparquet-writer';

import { parquetRecords } from '../../../redshift-local/engine/copy/records/parquetRecords';
import { readParquetRows } from '../../../redshift-local/engine/copy/records/parquetRows';

/** The text each Parquet value becomes for COPY's conversion (one row of fields per Parquet row). */
async function fieldTexts(
	schema: SchemaElement[],
	columnData: Array<{ name: string; data: unknown[] }>,
) {
	const file = parquetWriteBuffer({ schema, columnData: columnData as never });
	const rows = await readParquetRows(Buffer.from(file));
	return parquetRecords(rows, columnData.length, false).map((record) =>
		record.kind === 'record' ? record.fields.map((field) => field.bytes) : record,
	);
}

const optional = { repetition_type: 'OPTIONAL' as const };
const decimal = (
	name: string,
	precision: number,
	scale: number,
	physical: Partial<SchemaElement>,
): SchemaElement => ({
	name,
	...optional,
	...physical,
	converted_type: 'DECIMAL',
	precision,
	scale,
});

describe('local Redshift COPY reads Parquet values exactly', () => {
	it('reads DECIMAL from INT32, INT64, FIXED_LEN_BYTE_ARRAY and BYTE_ARRAY by its unscaled integer, never a JS number', async () => {
		const schema: SchemaElement[] = [
			{ name: 'root', num_children: 5 },
			decimal('n9', 9, 2, { type: 'INT32' }),
			decimal('n12', 12, 5, { type: 'INT64' }),
			decimal('n38', 38, 0, { type: 'FIXED_LEN_BYTE_ARRAY', type_length: 16 }),
			decimal('n38s', 38, 10, { type: 'FIXED_LEN_BYTE_ARRAY', type_length: 16 }),
			decimal('nb', 20, 3, { type: 'BYTE_ARRAY' }),
		];
		const texts = await fieldTexts(schema, [
			{ name: 'n9', data: [-123456789n, 1n, null] },
			{ name: 'n12', data: [123456n, -1n, 999999999999n] },
			{ name: 'n38', data: [10n ** 38n - 1n, -(10n ** 38n - 1n), 2n ** 53n + 1n] },
			{ name: 'n38s', data: [-12345678901234567890123456780123456789n, 1n, 0n] },
			{ name: 'nb', data: [12345678901234567891n, -1n, null] },
		]);
		expect(texts).toEqual([
			[
				'-1234567.89',
				'1.23456',
				'99999999999999999999999999999999999999',
				'-1234567890123456789012345678.0123456789',
				'12345678901234567.891',
			],
			['0.01', '-0.00001', '-99999999999999999999999999999999999999', '0.0000000001', '-0.001'],
			[null, '9999999.99999', '9007199254740993', '0.0000000000', null],
		]);
	});

	it('prints DATE and TIMESTAMP of any year and BC as PostgreSQL reads them, a timestamp with its UTC offset', async () => {
		const schema: SchemaElement[] = [
			{ name: 'root', num_children: 2 },
			{ name: 'd', ...optional, type: 'INT32', converted_type: 'DATE' },
			{
				name: 'ts',
				...optional,
				type: 'INT64',
				logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: false, unit: 'MICROS' },
			},
		];
		const dayMicros = 86_400_000_000n;
		const texts = await fieldTexts(schema, [
			// 9999-12-31 is day 2932896, 0001-01-01 day -719162 (Python's proleptic calendar); year 0 is 1 BC.
			// INT64's extremes are Spark's documented range, astronomical -290308 being 290309 BC.
			{ name: 'd', data: [2932897, -719162, -719163, -719528, -719529, 0] },
			{
				name: 'ts',
				data: [
					2932897n * dayMicros + 45_296_789_012n,
					-719528n * dayMicros + 1n,
					-1n,
					2n ** 63n - 1n,
					-(2n ** 63n),
					0n,
				],
			},
		]);
		expect(texts).toEqual([
			['10000-01-01', '10000-01-01 12:34:56.789012+00'],
			['0001-01-01', '0001-01-01 00:00:00.000001+00 BC'],
			['0001-12-31 BC', '1969-12-31 23:59:59.999999+00'],
			['0001-01-01 BC', '294247-01-10 04:00:54.775807+00'],
			['0002-12-31 BC', '290309-12-21 19:59:05.224192+00 BC'],
			['1970-01-01', '1970-01-01 00:00:00+00'],
		]);
	});

	it('keeps the sign of a float zero', async () => {
		const schema: SchemaElement[] = [
			{ name: 'root', num_children: 2 },
			{ name: 'f', ...optional, type: 'DOUBLE' },
			{ name: 'r', ...optional, type: 'FLOAT' },
		];
		expect(
			await fieldTexts(schema, [
				{ name: 'f', data: [-0, 0, 5e-324] },
				{ name: 'r', data: [-0, 0, 1.5] },
			]),
		).toEqual([
			['-0', '-0'],
			['0', '0'],
			['5e-324', '1.5'],
		]);
	});
});
