import {
	convertTextValue,
	convertTupleValue,
	decodeByteaText,
	parseArrayLiteral,
	TYPE_OID,
} from '../../../nodes/shared/cdc/values';
import { isUnchangedToast, UNCHANGED_TOAST } from '../../../nodes/shared/cdc/changeEvent';

const ARRAY = {
	int4: 1007,
	int8: 1016,
	text: 1009,
	bool: 1000,
	float8: 1022,
	numeric: 1231,
	jsonb: 3807,
};
const ARRAY_OF = {
	bytea: 1001,
	timestamptz: 1185,
	box: 1020,
	uuid: 2951,
};
const ENUM_OID = 16385;

const native = (text: string | null, typeOid: number) => convertTextValue(text, typeOid, 'native');

describe('convertTextValue in text mode (the default)', () => {
	it('returns the Postgres text form unchanged for every type, NULL as null', () => {
		expect(convertTextValue('9223372036854775807', TYPE_OID.int8, 'text')).toBe(
			'9223372036854775807',
		);
		expect(convertTextValue('12.50', TYPE_OID.numeric, 'text')).toBe('12.50');
		expect(convertTextValue('t', TYPE_OID.bool, 'text')).toBe('t');
		expect(convertTextValue('{"a": 1}', TYPE_OID.jsonb, 'text')).toBe('{"a": 1}');
		expect(convertTextValue('{1,2}', ARRAY.int4, 'text')).toBe('{1,2}');
		expect(convertTextValue(null, TYPE_OID.int4, 'text')).toBeNull();
	});
});

describe('convertTextValue in native mode', () => {
	it('converts small integers and oids to numbers', () => {
		expect(native('-32768', TYPE_OID.int2)).toBe(-32768);
		expect(native('2147483647', TYPE_OID.int4)).toBe(2147483647);
		expect(native('4294967295', TYPE_OID.oid)).toBe(4294967295);
	});

	it('converts int8 to a number only when it is a safe integer', () => {
		expect(native('9007199254740991', TYPE_OID.int8)).toBe(9007199254740991);
		expect(native('-9007199254740991', TYPE_OID.int8)).toBe(-9007199254740991);
		expect(native('9007199254740993', TYPE_OID.int8)).toBe('9007199254740993');
		expect(native('-9223372036854775808', TYPE_OID.int8)).toBe('-9223372036854775808');
	});

	it('keeps numeric and money as strings', () => {
		expect(native('12.50', TYPE_OID.numeric)).toBe('12.50');
		expect(native('123456789012345678901234567890.123', TYPE_OID.numeric)).toBe(
			'123456789012345678901234567890.123',
		);
		expect(native('NaN', TYPE_OID.numeric)).toBe('NaN');
		expect(native('$1.00', TYPE_OID.money)).toBe('$1.00');
	});

	it('converts floats, keeping NaN and infinities as strings', () => {
		expect(native('1.5', TYPE_OID.float8)).toBe(1.5);
		expect(native('-1.25e-10', TYPE_OID.float4)).toBe(-1.25e-10);
		expect(native('NaN', TYPE_OID.float8)).toBe('NaN');
		expect(native('Infinity', TYPE_OID.float4)).toBe('Infinity');
		expect(native('-Infinity', TYPE_OID.float8)).toBe('-Infinity');
	});

	it('converts booleans, keeping anything but t/f as printed', () => {
		expect(native('t', TYPE_OID.bool)).toBe(true);
		expect(native('f', TYPE_OID.bool)).toBe(false);
		expect(native('yes', TYPE_OID.bool)).toBe('yes');
	});

	it('keeps json and jsonb as their JSON text', () => {
		expect(native('{"a": [1, "x", null], "b": {"c": true}}', TYPE_OID.jsonb)).toBe(
			'{"a": [1, "x", null], "b": {"c": true}}',
		);
		expect(native('"just a string"', TYPE_OID.json)).toBe('"just a string"');
		expect(native('null', TYPE_OID.json)).toBe('null');
	});

	it('turns bytea hex text into base64', () => {
		expect(native('\\x00ff10', TYPE_OID.bytea)).toBe(Buffer.from([0, 255, 16]).toString('base64'));
		expect(native('\\x', TYPE_OID.bytea)).toBe('');
	});

	it('turns timestamptz into UTC ISO 8601 with microseconds', () => {
		expect(native('2024-01-02 03:04:05.123456+00', TYPE_OID.timestamptz)).toBe(
			'2024-01-02T03:04:05.123456Z',
		);
		expect(native('2024-01-02 03:04:05+05:30', TYPE_OID.timestamptz)).toBe('2024-01-01T21:34:05Z');
		expect(native('2024-01-01 23:00:00.5-02', TYPE_OID.timestamptz)).toBe('2024-01-02T01:00:00.5Z');
		expect(native('1883-11-18 12:00:00-04:56:02', TYPE_OID.timestamptz)).toBe(
			'1883-11-18T16:56:02Z',
		);
		expect(native('0099-06-01 00:00:00+00', TYPE_OID.timestamptz)).toBe('0099-06-01T00:00:00Z');
	});

	it('keeps infinity, BC and non-ISO DateStyle output as printed', () => {
		expect(native('infinity', TYPE_OID.timestamptz)).toBe('infinity');
		expect(native('-infinity', TYPE_OID.timestamp)).toBe('-infinity');
		expect(native('0044-03-15 12:00:00+00 BC', TYPE_OID.timestamptz)).toBe(
			'0044-03-15 12:00:00+00 BC',
		);
		expect(native('Tue Jan 02 03:04:05 2024 PST', TYPE_OID.timestamptz)).toBe(
			'Tue Jan 02 03:04:05 2024 PST',
		);
		expect(native('infinity', TYPE_OID.date)).toBe('infinity');
	});

	it('turns timestamp into ISO without a zone and keeps date as is', () => {
		expect(native('2024-01-02 03:04:05.000001', TYPE_OID.timestamp)).toBe(
			'2024-01-02T03:04:05.000001',
		);
		expect(native('2024-01-02', TYPE_OID.date)).toBe('2024-01-02');
	});

	it('keeps uuid, text, enums, time, interval and unknown types as text', () => {
		expect(native('a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', TYPE_OID.uuid)).toBe(
			'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11',
		);
		expect(native('héllo', TYPE_OID.text)).toBe('héllo');
		expect(native('open', ENUM_OID)).toBe('open');
		expect(native('1 day 02:03:04', TYPE_OID.interval)).toBe('1 day 02:03:04');
		expect(native('12:34:56', TYPE_OID.time)).toBe('12:34:56');
	});

	it('converts arrays element by element', () => {
		expect(native('{1,2,NULL,-4}', ARRAY.int4)).toEqual([1, 2, null, -4]);
		expect(native('{9007199254740993,1}', ARRAY.int8)).toEqual(['9007199254740993', 1]);
		expect(native('{t,f}', ARRAY.bool)).toEqual([true, false]);
		expect(native('{1.5,NaN}', ARRAY.float8)).toEqual([1.5, 'NaN']);
		expect(native('{1.10,2}', ARRAY.numeric)).toEqual(['1.10', '2']);
		expect(native('{"{\\"a\\": 1}","[2]"}', ARRAY.jsonb)).toEqual(['{"a": 1}', '[2]']);
		expect(native('{"\\\\x0001"}', ARRAY_OF.bytea)).toEqual([
			Buffer.from([0, 1]).toString('base64'),
		]);
		expect(native('{"2024-01-02 03:04:05+00"}', ARRAY_OF.timestamptz)).toEqual([
			'2024-01-02T03:04:05Z',
		]);
		expect(native('{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}', ARRAY_OF.uuid)).toEqual([
			'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11',
		]);
		expect(native('{{1,2},{3,4}}', ARRAY.int4)).toEqual([
			[1, 2],
			[3, 4],
		]);
		expect(native('{}', ARRAY.text)).toEqual([]);
		expect(native('{(1,1),(0,0);(2,2),(1,1)}', ARRAY_OF.box)).toEqual([
			'(1,1),(0,0)',
			'(2,2),(1,1)',
		]);
	});
});

describe('parseArrayLiteral', () => {
	it('handles quoting, escapes, NULL and "NULL", spaces and empty strings', () => {
		expect(parseArrayLiteral('{"a,b","c\\"d","e\\\\f",NULL,"NULL",null,"",  g h  }')).toEqual([
			'a,b',
			'c"d',
			'e\\f',
			null,
			'NULL',
			null,
			'',
			'g h',
		]);
	});

	it('handles braces inside quotes, nesting, and empty nested arrays', () => {
		expect(parseArrayLiteral('{"{x}",{"}",y}}')).toEqual(['{x}', ['}', 'y']]);
		expect(parseArrayLiteral('{{{1}},{{2}}}')).toEqual([[['1']], [['2']]]);
	});

	it('drops a dimension decoration', () => {
		expect(parseArrayLiteral('[0:2]={1,2,3}')).toEqual(['1', '2', '3']);
		expect(parseArrayLiteral('[1:1][3:4]={{a,b}}')).toEqual([['a', 'b']]);
	});

	it('keeps an escaped unquoted NULL as text', () => {
		expect(parseArrayLiteral('{\\NULL}')).toEqual(['NULL']);
	});

	it('rejects malformed literals with the position', () => {
		expect(() => parseArrayLiteral('1,2')).toThrow(
			"Invalid array literal at character 1: expected '{'",
		);
		expect(() => parseArrayLiteral('{1,2')).toThrow("expected ',' or '}'");
		expect(() => parseArrayLiteral('{"abc}')).toThrow('unterminated quoted element');
		expect(() => parseArrayLiteral('{1,,2}')).toThrow('empty unquoted element');
		expect(() => parseArrayLiteral('{1} x')).toThrow('unexpected characters after the array');
	});
});

describe('decodeByteaText', () => {
	it('decodes hex and escape formats', () => {
		expect(decodeByteaText('\\xdeadBEEF')).toEqual(Buffer.from('deadbeef', 'hex'));
		expect(decodeByteaText('ab\\\\c\\000\\377')).toEqual(
			Buffer.from([0x61, 0x62, 0x5c, 0x63, 0, 255]),
		);
	});

	it('rejects invalid text', () => {
		expect(() => decodeByteaText('\\x0')).toThrow('Invalid bytea hex text');
		expect(() => decodeByteaText('\\9')).toThrow('Invalid bytea escape text at character 1');
	});
});

describe('convertTupleValue', () => {
	it('maps null, unchanged TOAST, text and binary columns', () => {
		expect(convertTupleValue({ kind: 'null' }, TYPE_OID.int4, 'native')).toBeNull();
		expect(convertTupleValue({ kind: 'unchangedToast' }, TYPE_OID.text, 'text')).toBe(
			UNCHANGED_TOAST,
		);
		expect(
			isUnchangedToast(convertTupleValue({ kind: 'unchangedToast' }, TYPE_OID.jsonb, 'native')),
		).toBe(true);
		expect(convertTupleValue({ kind: 'text', value: '42' }, TYPE_OID.int4, 'native')).toBe(42);
		expect(
			convertTupleValue({ kind: 'binary', value: Buffer.from([1, 2]) }, TYPE_OID.bytea, 'text'),
		).toBe('AQI=');
	});

	it('uses a placeholder no ordinary value is mistaken for', () => {
		expect(UNCHANGED_TOAST).toBe('__n8n_unchanged_toast__');
		expect(isUnchangedToast(null)).toBe(false);
		expect(isUnchangedToast('')).toBe(false);
	});
});
