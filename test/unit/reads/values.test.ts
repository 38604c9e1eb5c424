import {
	columnKind,
	normalizeRow,
	normalizeValue,
	readColumn,
} from '../../../nodes/shared/reads/values';
import {
	canonicalDecimal,
	exactNumber,
	scaledDecimal,
} from '../../../nodes/shared/reads/numberText';
import { civilFromDays, daysFromCivil } from '../../../nodes/shared/reads/dateTimeText';

describe('column kinds', () => {
	it.each([
		['int8', 'bigint'],
		['bigint', 'bigint'],
		['numeric', 'numeric'],
		['character varying', 'varchar'],
		['bpchar', 'char'],
		['timestamptz', 'timestamptz'],
		['timestamp with time zone', 'timestamptz'],
		['time without time zone', 'time'],
		['timetz', 'timetz'],
		['jsonb', 'super'],
		['SUPER', 'super'],
		['bytea', 'varbyte'],
		['float4', 'real'],
		['double precision', 'double'],
		['geometry', 'other'],
	])('%s is %s', (name, kind) => expect(columnKind(name)).toBe(kind));

	it('shows the Redshift name with its dimensions', () => {
		expect(readColumn('a', 'numeric', '(38,10)')).toEqual({
			name: 'a',
			kind: 'numeric',
			type: 'numeric(38,10)',
		});
		expect(readColumn('b', 'int8').type).toBe('bigint');
	});
});

describe('normalizeValue: one output whatever the path handed over', () => {
	it('keeps NULL and the empty string apart', () => {
		expect(normalizeValue(null, 'varchar')).toBeNull();
		expect(normalizeValue(undefined, 'varchar')).toBeNull();
		expect(normalizeValue('', 'varchar')).toBe('');
	});

	it('int8: exact strings by default, numbers only where safe', () => {
		expect(normalizeValue('9223372036854775807', 'bigint')).toBe('9223372036854775807');
		expect(normalizeValue(9223372036854775807n, 'bigint')).toBe('9223372036854775807');
		expect(normalizeValue(42, 'bigint')).toBe('42');
		expect(normalizeValue('42', 'bigint', 'native')).toBe(42);
		expect(normalizeValue(-42n, 'bigint', 'native')).toBe(-42);
		expect(normalizeValue('9007199254740993', 'bigint', 'native')).toBe('9007199254740993');
	});

	it('numeric: exact strings; native numbers only when they read back the same', () => {
		expect(normalizeValue('1.50', 'numeric')).toBe('1.50');
		expect(normalizeValue('1.50', 'numeric', 'native')).toBe(1.5);
		expect(normalizeValue('0.1', 'numeric', 'native')).toBe(0.1);
		const wide = '12345678901234567890123456.123456789012';
		expect(normalizeValue(wide, 'numeric', 'native')).toBe(wide);
	});

	it('real keeps its float32 digits whichever way it arrives', () => {
		expect(normalizeValue(Math.fround(1.1), 'real')).toBe(1.1);
		expect(normalizeValue('1.1', 'real')).toBe(1.1);
		expect(normalizeValue(3.4028234663852886e38, 'real')).toBe(3.4028235e38);
		expect(normalizeValue(NaN, 'real')).toBe('NaN');
		expect(normalizeValue('-Infinity', 'double')).toBe('-Infinity');
		expect(normalizeValue('0.1', 'double')).toBe(0.1);
	});

	it('booleans from text or values', () => {
		expect(normalizeValue('t', 'boolean')).toBe(true);
		expect(normalizeValue('f', 'boolean')).toBe(false);
		expect(normalizeValue('false', 'boolean')).toBe(false);
		expect(normalizeValue(true, 'boolean')).toBe(true);
	});

	it('dates from text and from Parquet days', () => {
		expect(normalizeValue('2024-02-29', 'date')).toBe('2024-02-29');
		expect(normalizeValue(19782, 'date')).toBe('2024-02-29');
		expect(normalizeValue(-1, 'date')).toBe('1969-12-31');
		expect(normalizeValue('0044-03-15 BC', 'date')).toBe('-0043-03-15');
	});

	it('TIMESTAMP: ISO 8601 without zone, microseconds kept, trailing zeros dropped', () => {
		expect(normalizeValue('2024-01-02 03:04:05.123456', 'timestamp')).toBe(
			'2024-01-02T03:04:05.123456',
		);
		expect(normalizeValue('2024-01-02 03:04:05.0', 'timestamp')).toBe('2024-01-02T03:04:05');
		expect(normalizeValue('2024-01-02 03:04:05.120', 'timestamp')).toBe('2024-01-02T03:04:05.12');
		expect(normalizeValue(1704164645123456n, 'timestamp')).toBe('2024-01-02T03:04:05.123456');
		expect(normalizeValue(-1n, 'timestamp')).toBe('1969-12-31T23:59:59.999999');
		// Beyond 2^53 microseconds (about 285 years from 1970) BigInt arithmetic takes over.
		expect(normalizeValue(32503680000000001n, 'timestamp')).toBe('3000-01-01T00:00:00.000001');
		expect(normalizeValue(-62135596800000000n, 'timestamp')).toBe('0001-01-01T00:00:00');
		expect(normalizeValue('0044-03-15 12:00:00 BC', 'timestamp')).toBe('-0043-03-15T12:00:00');
		expect(normalizeValue('12345-01-01 00:00:00', 'timestamp')).toBe('+12345-01-01T00:00:00');
	});

	it('TIMESTAMPTZ: ISO 8601 in UTC with +00:00', () => {
		expect(normalizeValue('2024-01-02 03:04:05.123456+00', 'timestamptz')).toBe(
			'2024-01-02T03:04:05.123456+00:00',
		);
		expect(normalizeValue('2024-01-02 05:34:05+05:30', 'timestamptz')).toBe(
			'2024-01-02T00:04:05+00:00',
		);
		expect(normalizeValue('2024-01-01 23:00:00-02', 'timestamptz')).toBe(
			'2024-01-02T01:00:00+00:00',
		);
		expect(normalizeValue(1704164645123456n, 'timestamptz')).toBe(
			'2024-01-02T03:04:05.123456+00:00',
		);
	});

	it('TIME and TIMETZ as text, offsets as +HH:MM', () => {
		expect(normalizeValue('03:04:05.500', 'time')).toBe('03:04:05.5');
		expect(normalizeValue('03:04:05+00', 'timetz')).toBe('03:04:05+00:00');
		expect(normalizeValue('03:04:05.25-0930', 'timetz')).toBe('03:04:05.25-09:30');
		expect(normalizeValue(3_723_000_001n, 'time')).toBe('01:02:03.000001');
	});

	it('SUPER: JSON text is parsed, decoded values kept', () => {
		expect(normalizeValue('{"a":[1,"x",null]}', 'super')).toEqual({ a: [1, 'x', null] });
		expect(normalizeValue('"123"', 'super')).toBe('123');
		expect(normalizeValue({ a: 1 }, 'super')).toEqual({ a: 1 });
	});

	it('VARBYTE as lowercase hex', () => {
		expect(normalizeValue('\\x0aFF', 'varbyte')).toBe('0aff');
		expect(normalizeValue('0AFF', 'varbyte')).toBe('0aff');
		expect(normalizeValue(Uint8Array.from([10, 255]), 'varbyte')).toBe('0aff');
	});

	it('normalizeRow converts by column', () => {
		const columns = [
			readColumn('id', 'int8'),
			readColumn('at', 'timestamp'),
			readColumn('s', 'varchar'),
		];
		expect(normalizeRow({ id: 1n, at: '2024-01-02 00:00:00', s: '' }, columns)).toEqual({
			id: '1',
			at: '2024-01-02T00:00:00',
			s: '',
		});
	});
});

describe('number and calendar helpers', () => {
	it('canonical decimals', () => {
		expect(canonicalDecimal('-001.2300')).toBe('-1.23');
		expect(canonicalDecimal('-0.000')).toBe('0');
		expect(canonicalDecimal('1.5e-7')).toBe('0.00000015');
		expect(canonicalDecimal('1e+21')).toBe('1000000000000000000000');
		expect(canonicalDecimal('abc')).toBeUndefined();
		expect(exactNumber('1e+21')).toBe(1e21);
	});

	it('scaled decimals print exactly their scale', () => {
		expect(scaledDecimal(-1230n, 2)).toBe('-12.30');
		expect(scaledDecimal(5n, 3)).toBe('0.005');
		expect(scaledDecimal(10n ** 37n, 0)).toBe('1' + '0'.repeat(37));
	});

	it('days and civil dates agree across eras', () => {
		for (const days of [-800_000, -719_468, -1, 0, 59, 19_782, 2_932_896]) {
			const { year, month, day } = civilFromDays(days);
			expect(daysFromCivil(year, month, day)).toBe(days);
		}
	});
});
