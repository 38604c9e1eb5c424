import { jsonRowEncoder, type StagingColumn } from '../../../nodes/shared/staging';

const encode = (columns: StagingColumn[], items: Record<string, unknown>[]) => {
	const encoder = jsonRowEncoder(columns, { nulBytes: 'error' });
	return items.map((item, index) => encoder(item, index)).join('');
};

describe('JSON lines rows', () => {
	it('keeps NULL, empty strings and tricky text apart, one object per line', () => {
		const text = encode(
			[{ name: 'a' }, { name: 'b' }],
			[
				{ a: null, b: '' },
				{ a: 'line\n"q",\\', b: '😀' },
			],
		);
		expect(text).toBe('{"a":null,"b":""}\n{"a":"line\\n\\"q\\",\\\\","b":"😀"}\n');
		expect(
			text
				.split('\n')
				.filter(Boolean)
				.map((line) => JSON.parse(line) as unknown),
		).toEqual([
			{ a: null, b: '' },
			{ a: 'line\n"q",\\', b: '😀' },
		]);
	});

	it('writes bigints as exact digits, keeps decimal strings as strings, dates as ISO text', () => {
		expect(
			encode(
				[{ name: 'big' }, { name: 'dec' }, { name: 'd' }, { name: 'nan' }],
				[{ big: 2n ** 64n, dec: '0.1000000000000000000001', d: new Date(0), nan: Number.NaN }],
			),
		).toBe(
			'{"big":18446744073709551616,"dec":"0.1000000000000000000001","d":"1970-01-01T00:00:00.000Z","nan":"NaN"}\n',
		);
	});

	it('nests objects for SUPER or untyped columns, and gives typed text columns JSON text', () => {
		expect(
			encode(
				[
					{ name: 'sup', type: { name: 'SUPER' } },
					{ name: 'free' },
					{ name: 'txt', type: { name: 'VARCHAR', length: 100 } },
				],
				[{ sup: { a: 1 }, free: [1, 2], txt: { a: 1 } }],
			),
		).toBe('{"sup":{"a":1},"free":[1,2],"txt":"{\\"a\\":1}"}\n');
	});

	it('fails on NUL and lone surrogates naming item and column', () => {
		expect(() => encode([{ name: 'x' }], [{ x: 'ok' }, { x: 'a\u0000' }])).toThrow(
			/Item 1, column "x": .*NUL/,
		);
		expect(() => encode([{ name: 'x' }], [{ x: '\udfff' }])).toThrow(/Item 0, column "x": .*UTF-8/);
	});
});
