import { parse } from 'csv-parse/sync';

import {
	CSV_NULL_MARKER,
	csvRowEncoder,
	StagingError,
	type StagingColumn,
} from '../../../nodes/shared/staging';

/** Reads lines back the way COPY … CSV NULL AS '<marker>' does: an unquoted marker is NULL. */
function readBack(text: string): (string | null)[][] {
	return parse(text, {
		cast: (value: string, context: { quoting: boolean }) =>
			!context.quoting && value === CSV_NULL_MARKER ? null : value,
	}) as (string | null)[][];
}

const encode = (
	columns: StagingColumn[],
	items: Record<string, unknown>[],
	nulBytes: 'error' | 'strip' = 'error',
) => {
	const encoder = csvRowEncoder(columns, { nulBytes });
	return items.map((item, index) => encoder(item, index)).join('');
};

describe('CSV rows', () => {
	it('round-trips delimiters, quotes, newlines, backslashes and emoji exactly', () => {
		const values = [
			'a,b',
			'say "hi"',
			'line1\nline2\r\nline3',
			'C:\\path\\',
			'\\N',
			'emoji 😀 ä',
			' padded ',
			'"',
			',',
			'plain',
		];
		const text = encode(
			[{ name: 'v' }],
			values.map((v) => ({ v })),
		);
		expect(readBack(text).map(([value]) => value)).toEqual(values);
	});

	it('keeps NULL and empty string apart', () => {
		const text = encode(
			[{ name: 'a' }, { name: 'b' }, { name: 'c' }],
			[{ a: null, b: '', c: undefined }, { b: 'x' }],
		);
		expect(text).toBe(
			`${CSV_NULL_MARKER},"",${CSV_NULL_MARKER}\n${CSV_NULL_MARKER},x,${CSV_NULL_MARKER}\n`,
		);
		expect(readBack(text)).toEqual([
			[null, '', null],
			[null, 'x', null],
		]);
	});

	it('writes exact numbers, booleans, dates and infinity as Redshift parses them', () => {
		const text = encode(
			[
				{ name: 'n' },
				{ name: 'big' },
				{ name: 'dec' },
				{ name: 'b' },
				{ name: 'd' },
				{ name: 'inf' },
				{ name: 'f' },
			],
			[
				{
					n: 42,
					big: 12345678901234567890123n,
					dec: '123456789012345678901234.5678901234',
					b: false,
					d: new Date('2024-02-29T23:59:59.123Z'),
					inf: 'infinity',
					f: 0.1,
				},
			],
		);
		expect(text).toBe(
			'42,12345678901234567890123,123456789012345678901234.5678901234,false,2024-02-29T23:59:59.123Z,infinity,0.1\n',
		);
	});

	it('writes objects and arrays as JSON text, and every SUPER value as JSON', () => {
		const columns: StagingColumn[] = [
			{ name: 'obj' },
			{ name: 's', type: { name: 'SUPER' } },
			{ name: 'n', type: { name: 'SUPER' } },
		];
		const text = encode(columns, [{ obj: { a: [1, 'x,"y"'], big: 2n ** 70n }, s: 'text', n: 5 }]);
		expect(readBack(text)).toEqual([
			['{"a":[1,"x,\\"y\\""],"big":1180591620717411303424}', '"text"', '5'],
		]);
	});

	it('fails on NUL with the item and column, or strips it when asked', () => {
		const columns = [{ name: 'id' }, { name: 'note' }];
		const items = [
			{ id: 1, note: 'ok' },
			{ id: 2, note: 'a\u0000b' },
		];
		expect(() => encode(columns, items)).toThrow(
			expect.objectContaining({
				name: 'StagingError',
				itemIndex: 1,
				column: 'note',
				message: expect.stringMatching(/Item 1, column "note": .*NUL/),
			}),
		);
		expect(readBack(encode(columns, items, 'strip'))[1]).toEqual(['2', 'ab']);
		expect(() => encode(columns, [{ id: 1, note: { deep: ['\u0000'] } }])).toThrow(/NUL/);
	});

	it('fails on invalid UTF-8 (a lone surrogate) naming item and column, also inside objects and keys', () => {
		expect(() =>
			encode(
				[{ name: 'id' }, { name: 'Title' }],
				[
					{ id: 1, Title: 'x' },
					{ id: 2, Title: 'half \ud83d' },
				],
			),
		).toThrow(/Item 1, column "Title": the text is not valid UTF-8/);
		expect(() => encode([{ name: 'o' }], [{ o: { '\udc00': 1 } }])).toThrow(StagingError);
	});

	it('refuses a value equal to the NULL marker, binary data, NaN inside JSON and cycles', () => {
		expect(() => encode([{ name: 'v' }], [{ v: CSV_NULL_MARKER }])).toThrow(
			/equals the NULL marker/,
		);
		expect(() => encode([{ name: 'v' }], [{ v: Buffer.from('x') }])).toThrow(
			/binary data cannot be staged/,
		);
		expect(() => encode([{ name: 'v' }], [{ v: { x: Number.NaN } }])).toThrow(/no JSON form/);
		const cycle: Record<string, unknown> = {};
		cycle.self = cycle;
		expect(() => encode([{ name: 'v' }], [{ v: cycle }])).toThrow(/nested too deeply/);
		expect(() => encode([{ name: 'v' }], [{ v: new Date('x') }])).toThrow(/date is invalid/);
	});

	it('reads each column from its source key and writes the ordinal', () => {
		const text = encode(
			[
				{ name: 'id', sourceKey: 'ID' },
				{ name: '_n8n_ordinal', isOrdinal: true },
			],
			[{ ID: 'a' }, { ID: 'b' }],
		);
		expect(text).toBe('a,0\nb,1\n');
	});
});
