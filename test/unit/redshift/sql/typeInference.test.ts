import { inferColumns, varcharLength } from '../../../../nodes/shared/redshift/sql';
import { formatColumnType } from '../../../../nodes/shared/staging/columnTypes';

const typesOf = (items: Record<string, unknown>[], options = {}) =>
	Object.fromEntries(
		inferColumns(items, options).map((column) => [column.name, formatColumnType(column.type)]),
	);

describe('type inference', () => {
	it('infers each basic type from values', () => {
		expect(
			typesOf([
				{
					id: 1,
					price: 1.5,
					flag: true,
					name: 'abc',
					born: '2024-02-29',
					seen: '2024-01-01T10:00:00.123',
					at: '2024-01-01T10:00:00Z',
					when: new Date('2024-01-01T00:00:00Z'),
					tags: ['a'],
					meta: { a: 1 },
				},
			]),
		).toEqual({
			id: 'BIGINT',
			price: 'DOUBLE PRECISION',
			flag: 'BOOLEAN',
			name: 'VARCHAR(256)',
			born: 'DATE',
			seen: 'TIMESTAMP',
			at: 'TIMESTAMPTZ',
			when: 'TIMESTAMPTZ',
			tags: 'SUPER',
			meta: 'SUPER',
		});
	});

	it('sizes VARCHAR in UTF-8 bytes, rounded up to a power of two, capped at 65535', () => {
		expect(varcharLength(0)).toBe(256);
		expect(varcharLength(256)).toBe(256);
		expect(varcharLength(257)).toBe(512);
		expect(varcharLength(40000)).toBe(65535);
		expect(varcharLength(100000)).toBe(65535);
		// 200 emoji are 200 characters of 4 bytes each = 800 bytes.
		expect(typesOf([{ s: '😀'.repeat(200) }])).toEqual({ s: 'VARCHAR(1024)' });
	});

	it('keeps exact decimals as NUMERIC and whole numbers beyond 64 bits as NUMERIC(38,0)', () => {
		expect(
			typesOf([
				{
					big: '12345678901234567890123',
					dec: '123456789012345678.123456789',
					i8: '9223372036854775807',
					n: 10n,
				},
				{ big: '-1', dec: '0.5', i8: '-9223372036854775808', n: -5n },
			]),
		).toEqual({ big: 'NUMERIC(38,0)', dec: 'NUMERIC(38,9)', i8: 'BIGINT', n: 'BIGINT' });
	});

	it('keeps text that only looks like numbers (leading zeros) and mixed values as VARCHAR', () => {
		expect(
			typesOf([
				{ zip: '01234', mix: 1, both: 1.5 },
				{ zip: '12345', mix: 'x', both: '12345678901234567890' },
			]),
		).toEqual({
			zip: 'VARCHAR(256)',
			mix: 'VARCHAR(256)',
			both: 'VARCHAR(256)',
		});
	});

	it('mixes whole numbers and fractions as DOUBLE PRECISION, and NaN/Infinity too', () => {
		expect(typesOf([{ x: 1 }, { x: 2.5 }, { x: Number.NaN }, { x: Infinity }])).toEqual({
			x: 'DOUBLE PRECISION',
		});
	});

	it('uses INTEGER only when asked and every value fits 32 bits', () => {
		expect(typesOf([{ a: 5, b: 2 ** 40 }], { narrowIntegers: true })).toEqual({
			a: 'INTEGER',
			b: 'BIGINT',
		});
	});

	it('treats infinity as compatible with dates, and naive+zoned timestamps as text', () => {
		expect(
			typesOf([
				{ d: 'infinity', t: '2024-01-01 10:00:00', m: '2024-01-01T10:00:00' },
				{ d: '2024-01-01', t: '-infinity', m: '2024-01-01T10:00:00+02:00' },
			]),
		).toEqual({ d: 'DATE', t: 'TIMESTAMP', m: 'VARCHAR(256)' });
		expect(typesOf([{ d: '2023-02-29' }])).toEqual({ d: 'VARCHAR(256)' });
	});

	it('reports nullability and missing fields, and folds names keeping the source key', () => {
		const columns = inferColumns([{ Id: 1 }, { Id: 2, Note: null }, { Id: 3, Note: 'x' }], {
			notNullFromData: true,
		});
		expect(columns).toEqual([
			{ name: 'id', sourceKey: 'Id', type: { name: 'BIGINT' }, nullable: false, nullCount: 0 },
			{
				name: 'note',
				sourceKey: 'Note',
				type: { name: 'VARCHAR', length: 256 },
				nullable: true,
				nullCount: 2,
			},
		]);
		expect(inferColumns([{ a: null }])[0]).toMatchObject({
			type: { name: 'VARCHAR', length: 256 },
			nullable: true,
		});
	});

	it('lets a given schema override the data, and checks it', () => {
		expect(
			typesOf([{ Id: 1, note: 'x' }], { schema: { id: 'varchar(10)', Note: 'super' } }),
		).toEqual({
			id: 'VARCHAR(10)',
			note: 'SUPER',
		});
		expect(() => typesOf([{ a: 1 }], { schema: { a: 'int; drop table x' } })).toThrow(
			/not a Redshift column type/,
		);
		expect(() => typesOf([{ a: 1 }], { schema: { b: 'int' } })).toThrow(/no item has that field/);
	});

	it('refuses fields that are one column in Redshift', () => {
		expect(() => typesOf([{ Name: 'a', name: 'b' }])).toThrow(/same column/);
	});
});
