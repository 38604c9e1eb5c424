import { parquetMetadata, parquetReadObjects } from 'hyparquet';

import {
	parquetFormat,
	StagingError,
	toUnscaledDecimal,
	type StagingColumn,
} from '../../../nodes/shared/staging';

/** Writes items as one Parquet file in memory, one row group per `groupRows` items, and reads it back. */
async function roundTrip(
	columns: StagingColumn[],
	items: Record<string, unknown>[],
	groupRows = items.length,
) {
	const format = parquetFormat(columns, { nulBytes: 'error' });
	const chunks: Uint8Array[] = [];
	const file = format.openFile(async (data) => {
		chunks.push(typeof data === 'string' ? Buffer.from(data) : data);
	});
	for (let start = 0; start < items.length; start += groupRows) {
		const batch = format.newBatch(0);
		items
			.slice(start, start + groupRows)
			.forEach((item, offset) => batch.add(item, start + offset));
		await file.write(batch);
	}
	await file.end();
	const bytes = Buffer.concat(chunks);
	const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length);
	return {
		rows: await parquetReadObjects({ file: buffer }),
		metadata: parquetMetadata(buffer),
		bytes,
	};
}

const t = (name: string, type: StagingColumn['type']): StagingColumn => ({ name, type });

describe('Parquet staging format', () => {
	it('writes typed columns that read back with their types, nulls included, across row groups', async () => {
		const columns: StagingColumn[] = [
			t('id', { name: 'BIGINT' }),
			t('small', { name: 'INTEGER' }),
			t('price', { name: 'DOUBLE PRECISION' }),
			t('ok', { name: 'BOOLEAN' }),
			t('name', { name: 'VARCHAR', length: 256 }),
			t('amount', { name: 'NUMERIC', precision: 38, scale: 4 }),
			t('small_amount', { name: 'NUMERIC', precision: 10, scale: 2 }),
			t('day', { name: 'DATE' }),
			t('at', { name: 'TIMESTAMP' }),
			t('at_tz', { name: 'TIMESTAMPTZ' }),
			{ name: '_n8n_ordinal', type: { name: 'BIGINT' }, isOrdinal: true },
		];
		const items = [
			{
				id: '9223372036854775807',
				small: 7,
				price: 0.1,
				ok: true,
				name: 'comma, "quote"\nnewline 😀',
				amount: '1234567890123456789012345678901234.5678',
				small_amount: 12.5,
				day: '2024-02-29',
				at: '2024-01-01T10:00:00.123456',
				at_tz: '2024-01-01T10:00:00+02:00',
			},
			{
				id: -5n,
				small: null,
				price: 'NaN',
				ok: 'false',
				name: '',
				amount: '-0.0001',
				small_amount: '0',
				day: new Date(0),
				at: new Date('2024-05-05T05:05:05.005Z'),
				at_tz: null,
			},
			{ id: 3, name: null, amount: null },
		];
		const { rows, metadata, bytes } = await roundTrip(columns, items, 2);
		expect(bytes.subarray(0, 4).toString()).toBe('PAR1');
		expect(metadata.row_groups).toHaveLength(2);
		expect(rows).toEqual([
			{
				id: 9223372036854775807n,
				small: 7,
				price: 0.1,
				ok: true,
				name: 'comma, "quote"\nnewline 😀',
				// hyparquet reads DECIMAL as a double; the exact digits are checked below.
				amount: expect.closeTo(Number('1234567890123456789012345678901234.5678'), -18) as unknown,
				small_amount: 12.5,
				day: new Date('2024-02-29T00:00:00.000Z'),
				at: new Date('2024-01-01T10:00:00.123Z'),
				at_tz: new Date('2024-01-01T08:00:00.000Z'),
				_n8n_ordinal: 0n,
			},
			{
				id: -5n,
				small: null,
				price: Number.NaN,
				ok: false,
				name: '',
				amount: expect.closeTo(-0.0001, 12) as unknown,
				small_amount: 0,
				day: new Date(0),
				at: new Date('2024-05-05T05:05:05.005Z'),
				at_tz: null,
				_n8n_ordinal: 1n,
			},
			{
				id: 3n,
				small: null,
				price: null,
				ok: null,
				name: null,
				amount: null,
				small_amount: null,
				day: null,
				at: null,
				at_tz: null,
				_n8n_ordinal: 2n,
			},
		]);
		const schema = Object.fromEntries(
			metadata.schema.slice(1).map((element) => [element.name, element]),
		);
		expect(schema.amount).toMatchObject({
			type: 'FIXED_LEN_BYTE_ARRAY',
			type_length: 16,
			converted_type: 'DECIMAL',
			precision: 38,
			scale: 4,
		});
		expect(schema.small_amount).toMatchObject({
			type: 'INT64',
			converted_type: 'DECIMAL',
			precision: 10,
			scale: 2,
		});
		expect(schema.at.logical_type).toEqual({
			type: 'TIMESTAMP',
			isAdjustedToUTC: false,
			unit: 'MICROS',
		});
		expect(schema.at_tz.logical_type).toEqual({
			type: 'TIMESTAMP',
			isAdjustedToUTC: true,
			unit: 'MICROS',
		});
	});

	it('turns decimal text into the exact unscaled integer, never rounding', () => {
		const context = { itemIndex: 0, column: 'amount' };
		expect(toUnscaledDecimal('1234567890123456789012345678901234.5678', context, 38, 4)).toBe(
			12345678901234567890123456789012345678n,
		);
		expect(toUnscaledDecimal('-0.0001', context, 38, 4)).toBe(-1n);
		expect(toUnscaledDecimal('007.50', context, 5, 1)).toBe(75n);
		expect(toUnscaledDecimal(0.1, context, 10, 2)).toBe(10n);
		expect(toUnscaledDecimal(1e-7, context, 10, 8)).toBe(10n);
		expect(toUnscaledDecimal(12n, context, 10, 2)).toBe(1200n);
		expect(() => toUnscaledDecimal('1e5', context, 10, 2)).toThrow(/not a decimal number/);
	});

	it('keeps microseconds exactly in the raw timestamp values', async () => {
		const { bytes } = await roundTrip(
			[t('at', { name: 'TIMESTAMP' })],
			[{ at: '2024-01-01 10:00:00.123456' }],
		);
		const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length);
		const raw = await parquetReadObjects({
			file: buffer,
			utf8: true,
			parsers: { timestampFromMicroseconds: (micros: bigint) => micros } as never,
		});
		expect(raw).toEqual([{ at: 1704103200123456n }]);
	});

	it('refuses values that would lose precision or have no Parquet form, naming item and column', async () => {
		const fails = async (type: StagingColumn['type'], value: unknown) =>
			await roundTrip([t('v', type)], [{ v: null }, { v: value }]).then(
				() => undefined,
				(error: unknown) => error,
			);
		const cases: [StagingColumn['type'], unknown, RegExp][] = [
			[{ name: 'NUMERIC', precision: 10, scale: 2 }, '1.234', /more than 2 decimal places/],
			[{ name: 'NUMERIC', precision: 5, scale: 2 }, '12345.6', /more than 5 digits/],
			[{ name: 'INTEGER' }, 2 ** 31, /out of range/],
			[{ name: 'BIGINT' }, 1.5, /not a whole number/],
			[{ name: 'BIGINT' }, '9223372036854775808', /out of range/],
			[{ name: 'TIMESTAMP' }, 'infinity', /no infinity timestamp/],
			[{ name: 'DATE' }, '2023-02-29', /not a valid date/],
			[{ name: 'BOOLEAN' }, 'yes', /not a boolean/],
			[{ name: 'VARCHAR', length: 10 }, 'a\u0000', /NUL/],
			[{ name: 'VARCHAR', length: 10 }, '\ud800', /UTF-8/],
		];
		for (const [type, value, message] of cases) {
			const error = await fails(type, value);
			expect(error).toBeInstanceOf(StagingError);
			expect(error).toMatchObject({
				itemIndex: 1,
				column: 'v',
				message: expect.stringMatching(message),
			});
		}
	});

	it('refuses columns without a type and SUPER columns up front', () => {
		expect(() => parquetFormat([{ name: 'x' }], { nulBytes: 'error' })).toThrow(
			/needs the type of every column/,
		);
		expect(() => parquetFormat([t('doc', { name: 'SUPER' })], { nulBytes: 'error' })).toThrow(
			/cannot write SUPER column "doc"/,
		);
	});
});
