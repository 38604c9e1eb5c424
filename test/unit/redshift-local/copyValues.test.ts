import type { TargetColumn } from '../../../redshift-local/engine/copy/targetTable';
import {
	convertField,
	type ConversionOptions,
} from '../../../redshift-local/engine/copy/values/convertField';
import {
	convertDate,
	convertTimestamp,
} from '../../../redshift-local/engine/copy/values/dateTimes';
import { convertDecimal, convertInteger } from '../../../redshift-local/engine/copy/values/numbers';
import { decodeUtf8, truncateToBytes } from '../../../redshift-local/engine/copy/values/utf8Field';

const DEFAULTS: ConversionOptions = {
	emptyAsNull: false,
	blanksAsNull: false,
	truncateColumns: false,
	trimBlanks: false,
	roundDecimals: false,
	acceptAnyDate: false,
};

function column(baseType: string, extra: Partial<TargetColumn> = {}): TargetColumn {
	return { name: 'c', baseType, sqlType: baseType, notNull: false, identity: false, ...extra };
}

/** Fields arrive as byte strings: one char per byte. */
const bytes = (text: string) => Buffer.from(text, 'utf8').toString('latin1');

describe('integers and decimals', () => {
	it('accepts signed digits and reports the first bad character like Redshift', () => {
		expect(convertInteger(' -42 ', 'int4')).toEqual({ kind: 'value', text: '-42' });
		expect(convertInteger('20200407.0', 'int8')).toMatchObject({
			kind: 'error',
			code: 1207,
			reason: "Invalid digit, Value '.', Pos 8, Type: Long",
			position: 8,
		});
		expect(convertInteger('32768', 'int2')).toMatchObject({ kind: 'error', code: 1204 });
		expect(convertInteger('9223372036854775807', 'int8')).toEqual({
			kind: 'value',
			text: '9223372036854775807',
		});
	});

	it('truncates extra scale unless ROUNDEC, and rejects too many integer digits', () => {
		expect(convertDecimal('20.259', 5, 2, false)).toEqual({ kind: 'value', text: '20.25' });
		expect(convertDecimal('20.259', 5, 2, true)).toEqual({ kind: 'value', text: '20.26' });
		expect(convertDecimal('-0.5', 3, 0, false)).toEqual({ kind: 'value', text: '0' });
		expect(convertDecimal('1234', 5, 2, false)).toMatchObject({ kind: 'error', code: 1204 });
		expect(convertDecimal('12a', 5, 2, false)).toMatchObject({
			kind: 'error',
			code: 1207,
			position: 2,
		});
		expect(convertDecimal('12345678901234567890.123456789', undefined, undefined, false)).toEqual({
			kind: 'value',
			text: '12345678901234567890.123456789',
		});
	});
});

describe('dates and timestamps', () => {
	it('uses the default formats and explicit patterns', () => {
		expect(convertDate('2026-02-28')).toEqual({ kind: 'value', text: '2026-02-28' });
		expect(convertDate('2026-02-30')).toMatchObject({ kind: 'error', code: 1205 });
		expect(convertDate('Jan-08-1995', 'MON-DD-YYYY')).toEqual({
			kind: 'value',
			text: '1995-01-08',
		});
		expect(convertDate('08/01/95', 'DD/MM/YY')).toEqual({ kind: 'value', text: '1995-01-08' });
		expect(convertTimestamp('2026-01-02 03:04:05.123', undefined, false)).toEqual({
			kind: 'value',
			text: '2026-01-02 03:04:05.123000',
		});
		expect(convertTimestamp('2026-01-02 03:04:05-08', undefined, true)).toEqual({
			kind: 'value',
			text: '2026-01-02 03:04:05-08:00',
		});
		expect(convertTimestamp('2026-01-02 03:04:05', undefined, true)).toEqual({
			kind: 'value',
			text: '2026-01-02 03:04:05+00',
		});
		expect(convertTimestamp('01/02/2026 11:04:05 PM', 'MM/DD/YYYY HH12:MI:SS AM', false)).toEqual({
			kind: 'value',
			text: '2026-01-02 23:04:05',
		});
		expect(convertTimestamp('2026-01-02T03:04:05', undefined, false)).toMatchObject({
			kind: 'error',
			code: 1206,
			reason: 'Invalid timestamp format or value [YYYY-MM-DD HH:MI:SS]',
		});
	});

	it('reads epochs and leaves auto to PostgreSQL', () => {
		expect(convertTimestamp('1700000000', 'epochsecs', false)).toEqual({
			kind: 'value',
			text: '2023-11-14 22:13:20.000',
		});
		expect(convertTimestamp('1700000000123', 'epochmillisecs', true)).toEqual({
			kind: 'value',
			text: '2023-11-14 22:13:20.123+00',
		});
		expect(convertTimestamp('2019-02-11T05:09:12.195Z', 'auto', true)).toMatchObject({
			kind: 'cast',
			castType: 'timestamptz',
		});
	});
});

describe('character fields', () => {
	it('counts VARCHAR lengths in bytes, as Redshift does', () => {
		const varchar3 = column('varchar', { maxLength: 3 });
		expect(convertField({ bytes: bytes('abc') }, varchar3, DEFAULTS)).toEqual({
			kind: 'value',
			text: 'abc',
		});
		expect(convertField({ bytes: bytes('€') }, varchar3, DEFAULTS)).toEqual({
			kind: 'value',
			text: '€',
		});
		expect(convertField({ bytes: bytes('a€') }, varchar3, DEFAULTS)).toMatchObject({
			kind: 'error',
			code: 1204,
			reason: 'String length exceeds DDL length',
		});
		expect(
			convertField({ bytes: bytes('a€') }, varchar3, { ...DEFAULTS, truncateColumns: true }),
		).toEqual({ kind: 'value', text: 'a' });
		expect(convertField({ bytes: bytes('ab   ') }, varchar3, DEFAULTS)).toEqual({
			kind: 'value',
			text: 'ab ',
		});
	});

	it('rejects invalid UTF-8 and NUL unless ACCEPTINVCHARS replaces bad bytes', () => {
		const text = column('varchar', { maxLength: 10 });
		expect(convertField({ bytes: 'a\xffb' }, text, DEFAULTS)).toMatchObject({
			kind: 'error',
			code: 1220,
			position: 1,
		});
		expect(convertField({ bytes: 'a\xffb' }, text, { ...DEFAULTS, acceptInvChars: '?' })).toEqual({
			kind: 'value',
			text: 'a?b',
		});
		expect(convertField({ bytes: 'a\x00b' }, text, DEFAULTS)).toMatchObject({
			kind: 'error',
			code: 1214,
		});
		expect(decodeUtf8('\xed\xa0\x80')).toMatchObject({ ok: false });
		expect(truncateToBytes('a€b', 3)).toBe('a');
	});

	it('applies EMPTYASNULL and BLANKSASNULL to character columns only', () => {
		const text = column('varchar', { maxLength: 10 });
		expect(convertField({ bytes: '' }, text, DEFAULTS)).toEqual({ kind: 'value', text: '' });
		expect(convertField({ bytes: '' }, text, { ...DEFAULTS, emptyAsNull: true })).toEqual({
			kind: 'value',
			text: null,
		});
		expect(convertField({ bytes: '  ' }, text, { ...DEFAULTS, blanksAsNull: true })).toEqual({
			kind: 'value',
			text: null,
		});
		expect(convertField({ bytes: ' ' }, column('int4'), DEFAULTS)).toEqual({
			kind: 'value',
			text: null,
		});
		expect(
			convertField({ bytes: null }, column('int4', { notNull: true }), DEFAULTS),
		).toMatchObject({ kind: 'error', code: 1213 });
	});

	it('refuses multibyte characters in CHAR', () => {
		expect(
			convertField({ bytes: bytes('é') }, column('bpchar', { maxLength: 4 }), DEFAULTS),
		).toMatchObject({ kind: 'error', code: 1220 });
	});
});

describe('other types', () => {
	it('reads VARBYTE as hexadecimal and SUPER as JSON text', () => {
		expect(convertField({ bytes: 'cafe01' }, column('bytea'), DEFAULTS)).toEqual({
			kind: 'value',
			text: '\\xcafe01',
		});
		expect(convertField({ bytes: 'cafe0' }, column('bytea'), DEFAULTS)).toMatchObject({
			kind: 'error',
			code: 1207,
		});
		expect(convertField({ bytes: '{"a":[1]}' }, column('jsonb'), DEFAULTS)).toEqual({
			kind: 'value',
			text: '{"a":[1]}',
		});
		expect(convertField({ bytes: '{a' }, column('jsonb'), DEFAULTS)).toMatchObject({
			kind: 'error',
			code: 1224,
		});
		expect(convertField({ bytes: 'x', json: '"x"' }, column('jsonb'), DEFAULTS)).toEqual({
			kind: 'value',
			text: '"x"',
		});
		expect(
			convertField(
				{ bytes: '12:30' },
				column('time', { sqlType: 'time without time zone' }),
				DEFAULTS,
			),
		).toMatchObject({
			kind: 'cast',
			castType: 'time without time zone',
		});
	});
});

describe('infinity under DATEFORMAT/TIMEFORMAT auto (Redshift has none: DG r_Datetime_types)', () => {
	it.each(['infinity', '-infinity', '+Infinity', ' INFINITY '])(
		'%s is a load error, not a PostgreSQL cast',
		(text) => {
			expect(convertDate(text, 'auto')).toMatchObject({ kind: 'error', code: 1205 });
			expect(convertTimestamp(text, 'auto', false)).toMatchObject({ kind: 'error', code: 1206 });
			expect(convertTimestamp(text, 'auto', true)).toMatchObject({ kind: 'error', code: 1206 });
		},
	);

	it('leaves other values to the PostgreSQL cast', () => {
		expect(convertDate('2024-02-29', 'auto')).toMatchObject({ kind: 'cast', castType: 'date' });
		expect(convertTimestamp('294276-12-31 23:59:59', 'auto', true)).toMatchObject({ kind: 'cast' });
	});
});
