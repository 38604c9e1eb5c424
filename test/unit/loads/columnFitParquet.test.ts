import { parquetReadObjects } from 'hyparquet';

import { parquetFormat, type StagingColumn } from '../../../nodes/shared/staging';

/** The raw Parquet values (days, microseconds, booleans) of one column, as staged. */
async function staged(type: StagingColumn['type'], values: unknown[]): Promise<unknown[]> {
	const format = parquetFormat([{ name: 'v', type }], { nulBytes: 'error' });
	const chunks: Uint8Array[] = [];
	const file = format.openFile(async (data) => {
		chunks.push(typeof data === 'string' ? Buffer.from(data) : data);
	});
	const batch = format.newBatch(0);
	values.forEach((value, index) => batch.add({ v: value }, index));
	await file.write(batch);
	await file.end();
	const bytes = Buffer.concat(chunks);
	const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length);
	const rows = await parquetReadObjects({
		file: buffer,
		parsers: {
			dateFromDays: (days: number) => days,
			timestampFromMicroseconds: (micros: bigint) => micros,
		} as never,
	});
	return rows.map((row) => (row as { v: unknown }).v);
}

/** Values as PostgreSQL prints them (the CDC Trigger's text mode) stage exactly in Parquet. */
describe('Parquet staging of PostgreSQL text values', () => {
	it("takes PostgreSQL's t/f booleans", async () => {
		expect(await staged({ name: 'BOOLEAN' }, ['t', 'f', 'true', 'false', true])).toEqual([
			true,
			false,
			true,
			false,
			true,
		]);
	});

	it('writes dates of years beyond 9999 and BC dates as their exact day number', async () => {
		expect(
			await staged({ name: 'DATE' }, [
				'1970-01-01',
				'2000-03-01',
				'1969-12-31',
				'10000-01-01',
				'294276-12-31',
				'0001-01-01',
				'0001-12-31 BC',
				'4713-01-01 BC',
			]),
		).toEqual([0, 11017, -1, 2932897, 106762939, -719162, -719163, -2440550]);
		await expect(staged({ name: 'DATE' }, ['0000-01-01 BC'])).rejects.toThrow(/not a valid date/);
		await expect(staged({ name: 'DATE' }, ['2023-02-29'])).rejects.toThrow(/not a valid date/);
	});

	it('writes timestamps beyond JavaScript dates, BC ones and offsets with seconds, to the microsecond', async () => {
		expect(
			await staged({ name: 'TIMESTAMPTZ' }, [
				'1970-01-01 00:00:00+00',
				'280000-01-01 00:00:00.999999+00',
				'0001-01-01 00:00:00+00 BC',
				'1900-01-01 00:00:00+00:53:28',
				'2024-06-01T12:00:00.5Z',
			]),
		).toEqual([
			0n,
			8773779340800999999n,
			-62167219200000000n,
			-2208988800000000n - 3208000000n,
			1717243200500000n,
		]);
		// Microseconds since 1970 overflow Parquet's INT64 after 294247 AD: refused, not wrapped.
		await expect(
			staged({ name: 'TIMESTAMPTZ' }, ['294276-12-31 23:59:59.999999+00']),
		).rejects.toThrow(/beyond what a Parquet timestamp holds/);
	});
});
