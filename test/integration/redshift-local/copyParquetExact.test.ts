import type { SchemaElement } from 'hyparquet';
import { parquetWriteBuffer } from 'hyparquet-writer';

import { handleCopy } from '../../../redshift-local/engine/copy/handleCopy';
import { CopyHarness, ROLE } from './copyHarness';

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
const micros = (name: string, utc: boolean): SchemaElement => ({
	name,
	...optional,
	type: 'INT64',
	logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: utc, unit: 'MICROS' },
});

/** '-12.345' written with every digit of its scale → -12345n. */
const unscaled = (text: string | null) => (text === null ? null : BigInt(text.replace('.', '')));

/**
 * Redshift's COPY reads Parquet DECIMAL, DATE and TIMESTAMP as the typed values they are; the local
 * Redshift must not round them through JavaScript numbers or Dates. PostgreSQL is the oracle for
 * day and microsecond numbers, and reads the loaded values back as text.
 */
describe('COPY FORMAT AS PARQUET keeps values exact', () => {
	let harness: CopyHarness;
	beforeAll(async () => {
		harness = await CopyHarness.start('copy_parquet_exact', [handleCopy]);
	});
	afterAll(async () => await harness.close());

	/** Days since 1970-01-01 and microseconds since 1970-01-01 00:00 UTC, as PostgreSQL counts them. */
	async function epochOf(dates: string[], stamps: Array<string | null>) {
		const days = await harness.committedRows(
			"SELECT d::date - DATE '1970-01-01' FROM unnest($1::text[]) WITH ORDINALITY AS v(d, n) ORDER BY n",
			[dates],
		);
		const instants = await harness.committedRows(
			// Whole days and the time of day apart: extract(epoch) itself rounds near INT64's end.
			`SELECT ((u::date - DATE '1970-01-01')::numeric * 86400000000 + extract(epoch FROM u::time) * 1000000)::numeric(30,0)::text
			FROM unnest($1::text[]) WITH ORDINALITY AS v(s, n), LATERAL (SELECT s::timestamptz AT TIME ZONE 'UTC') AS t(u) ORDER BY n`,
			[stamps],
		);
		return {
			days: days.map(([day]) => Number(day)),
			micros: instants.map(([value]) => (value === null ? null : BigInt(value))),
		};
	}

	it('loads NUMERIC(38,0), NUMERIC(12,5) and other DECIMALs digit for digit', async () => {
		await harness.run(
			'CREATE TABLE exact_decimals (n38 numeric(38,0), n38s numeric(38,10), n12 numeric(12,5), n9 numeric(9,2), nb numeric(20,3))',
		);
		const values = {
			n38: [
				'99999999999999999999999999999999999999',
				'-99999999999999999999999999999999999999',
				'417000000000000000001',
			],
			n38s: ['-1234567890123456789012345678.0123456789', '0.0000000001', null],
			n12: ['1.23456', '-0.00001', '9999999.99999'],
			n9: ['-1234567.89', '0.01', null],
			nb: ['12345678901234567.891', '-0.001', null],
		};
		const schema: SchemaElement[] = [
			{ name: 'root', num_children: 5 },
			decimal('n38', 38, 0, { type: 'FIXED_LEN_BYTE_ARRAY', type_length: 16 }),
			decimal('n38s', 38, 10, { type: 'FIXED_LEN_BYTE_ARRAY', type_length: 16 }),
			decimal('n12', 12, 5, { type: 'INT64' }),
			decimal('n9', 9, 2, { type: 'INT32' }),
			decimal('nb', 20, 3, { type: 'BYTE_ARRAY' }),
		];
		const file = parquetWriteBuffer({
			schema,
			columnData: Object.entries(values).map(([name, texts]) => ({
				name,
				data: texts.map(unscaled),
			})),
		});
		const url = await harness.put('decimals.parquet', new Uint8Array(file));
		await harness.run(`COPY exact_decimals FROM '${url}' ${ROLE} FORMAT AS PARQUET`);
		const rows = await harness.rows(
			'SELECT n38::text, n38s::text, n12::text, n9::text, nb::text FROM exact_decimals',
		);
		const expected = [0, 1, 2].map((row) => Object.values(values).map((texts) => texts[row]));
		expect(rows.sort()).toEqual(expected.sort());
	});

	it('loads DATE and TIMESTAMP(TZ) of years past 9999 and BC, and float zeros with their sign', async () => {
		await harness.run(
			'CREATE TABLE exact_times (d date, ts timestamp, tstz timestamptz, f float8, r float4)',
		);
		const dates = ['20000-01-01', '0044-03-15 BC', '294276-12-31', '4713-01-01 BC'];
		const stamps = [
			'20000-01-01 12:34:56.789012',
			'0044-03-15 10:00:00.000001 BC',
			'1969-12-31 23:59:59.999999',
			'4713-11-24 00:00:00 BC',
		];
		const zoned = [
			'20000-01-01 00:00:00',
			'4713-11-24 00:00:00 BC',
			'294247-01-10 04:00:54.775807',
			'1970-01-01 00:00:00',
		];
		const plain = await epochOf(
			dates,
			stamps.map((stamp) => `${stamp.replace(/ BC$/, '')}+00${stamp.endsWith(' BC') ? ' BC' : ''}`),
		);
		const utc = await epochOf(
			[],
			zoned.map((stamp) => `${stamp.replace(/ BC$/, '')}+00${stamp.endsWith(' BC') ? ' BC' : ''}`),
		);
		const file = parquetWriteBuffer({
			schema: [
				{ name: 'root', num_children: 5 },
				{ name: 'd', ...optional, type: 'INT32', converted_type: 'DATE' },
				micros('ts', false),
				micros('tstz', true),
				{ name: 'f', ...optional, type: 'DOUBLE' },
				{ name: 'r', ...optional, type: 'FLOAT' },
			],
			columnData: [
				{ name: 'd', data: plain.days },
				{ name: 'ts', data: plain.micros },
				{ name: 'tstz', data: utc.micros },
				{ name: 'f', data: [-0, 5e-324, 1.7976931348623157e308, 0] },
				{ name: 'r', data: [-0, 3.4028234663852886e38, 1.5, 0] },
			],
		});
		const url = await harness.put('times.parquet', new Uint8Array(file));
		await harness.run(`COPY exact_times FROM '${url}' ${ROLE} FORMAT AS PARQUET`);
		const rows = await harness.rows(
			"SELECT d::text, ts::text, (tstz AT TIME ZONE 'UTC')::text, f::text, r::text FROM exact_times ORDER BY exact_times.ts",
		);
		expect(rows).toEqual([
			['4713-01-01 BC', '4713-11-24 00:00:00 BC', '1970-01-01 00:00:00', '0', '0'],
			[
				'0044-03-15 BC',
				'0044-03-15 10:00:00.000001 BC',
				'4713-11-24 00:00:00 BC',
				'5e-324',
				'3.4028235e+38',
			],
			[
				'294276-12-31',
				'1969-12-31 23:59:59.999999',
				'294247-01-10 04:00:54.775807',
				'1.7976931348623157e+308',
				'1.5',
			],
			['20000-01-01', '20000-01-01 12:34:56.789012', '20000-01-01 00:00:00', '-0', '-0'],
		]);
	});
});
