import { fieldValue, rowsOf } from '../../../../nodes/shared/redshift/connection/dataApi/fields';
import { sslOptions } from '../../../../nodes/shared/net/sslMode';
import {
	parseWireValue,
	typeNameOf,
} from '../../../../nodes/shared/redshift/connection/wire/typeParsers';

describe('wire values', () => {
	it('keeps int8, numeric and timestamps as text and parses small scalars', () => {
		expect(parseWireValue(20)('9223372036854775807')).toBe('9223372036854775807');
		expect(parseWireValue(1700)('12345678901234567890.5')).toBe('12345678901234567890.5');
		expect(parseWireValue(1184)('2026-01-02 03:04:05.123456+00')).toBe(
			'2026-01-02 03:04:05.123456+00',
		);
		expect(parseWireValue(23)('-17')).toBe(-17);
		expect(parseWireValue(16)('t')).toBe(true);
		expect(parseWireValue(701)('1.5')).toBe(1.5);
		expect(parseWireValue(701)('NaN')).toBe('NaN');
		expect(parseWireValue(3802)('{"a":[1,2]}')).toEqual({ a: [1, 2] });
		expect(typeNameOf(1043)).toBe('varchar');
		expect(typeNameOf(99999)).toBe('oid:99999');
	});

	it('maps SSL modes to TLS options', () => {
		expect(sslOptions('disable')).toBe(false);
		expect(sslOptions('require')).toEqual({ rejectUnauthorized: false });
		expect(sslOptions('verify-full', 'PEM')).toEqual({ rejectUnauthorized: true, ca: 'PEM' });
	});
});

describe('Data API fields', () => {
	it('maps typed fields to the same shapes as the wire', () => {
		const columns = [
			{ name: 'id', typeName: 'int8' },
			{ name: 'n', typeName: 'int4' },
			{ name: 'name', typeName: 'varchar' },
			{ name: 'ok', typeName: 'bool' },
			{ name: 'x', typeName: 'float8' },
			{ name: 'gone', typeName: 'varchar' },
		];
		const rows = rowsOf(
			[
				[
					{ longValue: 12 },
					{ longValue: 3 },
					{ stringValue: 'a' },
					{ booleanValue: false },
					{ doubleValue: 0.5 },
					{ isNull: true },
				],
			],
			columns,
		);
		expect(rows).toEqual([{ id: '12', n: 3, name: 'a', ok: false, x: 0.5, gone: null }]);
		expect(fieldValue({ blobValue: Buffer.from('hi') }, { name: 'b', typeName: 'varbyte' })).toBe(
			'aGk=',
		);
	});
});
