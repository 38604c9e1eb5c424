import {
	convertTextValue,
	convertTupleValue,
	KEPT_AS_TEXT,
	TYPE_OID,
	type CdcValue,
	type KeptAsTextReason,
} from '../../../nodes/shared/cdc/values';

/*
 * Native value mode on values PostgreSQL accepts but a naive conversion breaks or blurs (issue 14):
 * nothing throws, nothing changes silently, distinct values stay distinct once serialised.
 */

const ARRAY = {
	int4: 1007,
	text: 1009,
	float4: 1021,
	float8: 1022,
	numeric: 1231,
	json: 199,
	jsonb: 3807,
	timestamptz: 1185,
	timestamp: 1115,
	date: 1182,
};

const native = (text: string | null, typeOid: number) => convertTextValue(text, typeOid, 'native');
/** What a value becomes in n8n's execution data (items are stored as JSON). */
const serialised = (value: CdcValue) => JSON.stringify(value);

describe('native mode: timestamps beyond what JS Date and ISO 8601 hold', () => {
	it('keeps timestamptz after 275760-09-13 (JS Date’s end) as printed instead of throwing', () => {
		for (const text of [
			'294276-12-31 23:59:59.999999+00',
			'275760-09-13 00:00:00.000001+00',
			'294276-12-31 20:59:59.999999-03',
		]) {
			expect(native(text, TYPE_OID.timestamptz)).toBe(text);
		}
	});

	it('keeps years ≥ 10000 as printed (JS would write +010000-…, which PostgreSQL rejects)', () => {
		expect(native('10000-01-01 00:00:00+00', TYPE_OID.timestamptz)).toBe('10000-01-01 00:00:00+00');
		expect(native('10000-01-01 00:00:00', TYPE_OID.timestamp)).toBe('10000-01-01 00:00:00');
		expect(native('294276-12-31 23:59:59.999999', TYPE_OID.timestamp)).toBe(
			'294276-12-31 23:59:59.999999',
		);
		expect(native('5874897-12-31', TYPE_OID.date)).toBe('5874897-12-31');
	});

	it('keeps a value as printed when its offset carries it out of years 0001–9999 in UTC', () => {
		expect(native('9999-12-31 23:00:00-02', TYPE_OID.timestamptz)).toBe('9999-12-31 23:00:00-02');
		expect(native('0001-01-01 00:30:00+01', TYPE_OID.timestamptz)).toBe('0001-01-01 00:30:00+01');
	});

	it('still converts the edges of years 0001–9999', () => {
		expect(native('9999-12-31 23:59:59.999999+00', TYPE_OID.timestamptz)).toBe(
			'9999-12-31T23:59:59.999999Z',
		);
		expect(native('9999-12-31 21:59:59-02', TYPE_OID.timestamptz)).toBe('9999-12-31T23:59:59Z');
		expect(native('0001-01-01 00:00:00+00', TYPE_OID.timestamptz)).toBe('0001-01-01T00:00:00Z');
		expect(native('0001-01-01 00:00:00-03:06:28', TYPE_OID.timestamptz)).toBe(
			'0001-01-01T03:06:28Z',
		);
		expect(native('9999-12-31 23:59:59.999999', TYPE_OID.timestamp)).toBe(
			'9999-12-31T23:59:59.999999',
		);
	});

	it('keeps BC values as printed', () => {
		expect(native('4714-11-24 00:00:00+00 BC', TYPE_OID.timestamptz)).toBe(
			'4714-11-24 00:00:00+00 BC',
		);
		expect(native('0001-12-31 23:59:59 BC', TYPE_OID.timestamp)).toBe('0001-12-31 23:59:59 BC');
		expect(native('4714-11-24 BC', TYPE_OID.date)).toBe('4714-11-24 BC');
	});

	it('converts arrays of such values element by element, without throwing', () => {
		expect(
			native(
				'{"294276-12-31 23:59:59.999999+00","2024-01-02 03:04:05+00",NULL,infinity}',
				ARRAY.timestamptz,
			),
		).toEqual(['294276-12-31 23:59:59.999999+00', '2024-01-02T03:04:05Z', null, 'infinity']);
		expect(native('{"10000-01-01 00:00:00","0044-03-15 12:00:00 BC"}', ARRAY.timestamp)).toEqual([
			'10000-01-01 00:00:00',
			'0044-03-15 12:00:00 BC',
		]);
	});
});

describe('native mode: json and jsonb', () => {
	it('keeps integers beyond 2^53 exact', () => {
		const text = '{"id": 12345678901234567891, "n": [9007199254740993]}';
		expect(native(text, TYPE_OID.jsonb)).toBe(text);
		expect(serialised(native(text, TYPE_OID.json))).toContain('12345678901234567891');
	});

	it('keeps -0, huge exponents and json’s duplicate keys exactly as stored', () => {
		expect(native('-0', TYPE_OID.json)).toBe('-0');
		expect(native('{"x": 1e400}', TYPE_OID.json)).toBe('{"x": 1e400}');
		expect(native('{"a": 1, "a": 2}', TYPE_OID.json)).toBe('{"a": 1, "a": 2}');
	});

	it('keeps a JSON null distinct from SQL NULL, and from the JSON string "null"', () => {
		expect(native(null, TYPE_OID.jsonb)).toBeNull();
		expect(native('null', TYPE_OID.jsonb)).toBe('null');
		expect(native('"null"', TYPE_OID.jsonb)).toBe('"null"');
		expect(native('[null]', TYPE_OID.jsonb)).toBe('[null]');
	});

	it('keeps a two-dimensional jsonb[] distinct from a jsonb[] of JSON arrays', () => {
		const grid = native('{{1,2},{3,4}}', ARRAY.jsonb);
		const ofArrays = native('{"[1, 2]","[3, 4]"}', ARRAY.jsonb);
		expect(grid).toEqual([
			['1', '2'],
			['3', '4'],
		]);
		expect(ofArrays).toEqual(['[1, 2]', '[3, 4]']);
		expect(serialised(grid)).not.toBe(serialised(ofArrays));
	});

	it('keeps a JSON null element distinct from a NULL element in jsonb[] and json[]', () => {
		expect(native('{"null",NULL}', ARRAY.jsonb)).toEqual(['null', null]);
		expect(native('{"{\\"big\\": 12345678901234567891}"}', ARRAY.json)).toEqual([
			'{"big": 12345678901234567891}',
		]);
	});
});

describe('native mode: arrays with explicit bounds', () => {
	it('keeps an array whose lower bound is not 1 as printed, so its bounds are not lost', () => {
		expect(native('[0:1]={7,8}', ARRAY.int4)).toBe('[0:1]={7,8}');
		expect(native('[1:1][3:4]={{a,b}}', ARRAY.text)).toBe('[1:1][3:4]={{a,b}}');
		expect(native('[-2:-1]={"2024-01-02 03:04:05+00",NULL}', ARRAY.timestamptz)).toBe(
			'[-2:-1]={"2024-01-02 03:04:05+00",NULL}',
		);
	});

	it('still converts arrays with the default bounds', () => {
		expect(native('{7,8}', ARRAY.int4)).toEqual([7, 8]);
	});
});

describe('native mode: -0, NaN and infinities', () => {
	it('keeps float -0 as the string "-0", which survives serialisation', () => {
		expect(native('-0', TYPE_OID.float8)).toBe('-0');
		expect(native('-0', TYPE_OID.float4)).toBe('-0');
		expect(serialised(native('-0', TYPE_OID.float8))).toBe('"-0"');
		expect(native('0', TYPE_OID.float8)).toBe(0);
		expect(native('{-0,0,NULL}', ARRAY.float8)).toEqual(['-0', 0, null]);
		expect(native('{-0}', ARRAY.float4)).toEqual(['-0']);
	});

	it('keeps NaN and infinities of float and numeric as the strings PostgreSQL printed', () => {
		for (const oid of [TYPE_OID.float4, TYPE_OID.float8, TYPE_OID.numeric]) {
			for (const text of ['NaN', 'Infinity', '-Infinity']) {
				expect(serialised(native(text, oid))).toBe(JSON.stringify(text));
			}
		}
		expect(native('{NaN,Infinity,-Infinity,1.5}', ARRAY.float8)).toEqual([
			'NaN',
			'Infinity',
			'-Infinity',
			1.5,
		]);
		expect(native('{NaN,Infinity,-Infinity,1.50}', ARRAY.numeric)).toEqual([
			'NaN',
			'Infinity',
			'-Infinity',
			'1.50',
		]);
	});
});

describe('native mode never throws on text it cannot parse', () => {
	it('keeps such text as printed', () => {
		expect(native('{1,2', ARRAY.int4)).toBe('{1,2');
		expect(native('maybe', TYPE_OID.bool)).toBe('maybe');
		expect(native('\\xZZ', TYPE_OID.bytea)).toBe('\\xZZ');
	});
});

describe('native mode says why it kept a value as text, without the value', () => {
	const reasonsFor = (text: string, typeOid: number) => {
		const reasons: KeptAsTextReason[] = [];
		convertTextValue(text, typeOid, 'native', (reason) => reasons.push(reason));
		return reasons;
	};

	it('notes timestamps outside years 0001–9999, explicit bounds and unparsed text', () => {
		expect(reasonsFor('294276-12-31 23:59:59.999999+00', TYPE_OID.timestamptz)).toEqual([
			KEPT_AS_TEXT.timestamp,
		]);
		expect(reasonsFor('0044-03-15 12:00:00 BC', TYPE_OID.timestamp)).toEqual([
			KEPT_AS_TEXT.timestamp,
		]);
		expect(reasonsFor('{"10000-01-01 00:00:00+00",NULL}', ARRAY.timestamptz)).toEqual([
			KEPT_AS_TEXT.timestamp,
		]);
		expect(reasonsFor('[0:1]={7,8}', ARRAY.int4)).toEqual([KEPT_AS_TEXT.bounds]);
		expect(reasonsFor('{1,2', ARRAY.int4)).toEqual([KEPT_AS_TEXT.unparsed]);
		for (const reason of Object.values(KEPT_AS_TEXT)) expect(reason).not.toMatch(/294276|7,8/);
	});

	it('notes nothing for converted values, infinities, JSON, or the strings it always uses', () => {
		for (const [text, oid] of [
			['2024-01-02 03:04:05+00', TYPE_OID.timestamptz],
			['infinity', TYPE_OID.timestamptz],
			['-infinity', TYPE_OID.timestamp],
			['{"id": 12345678901234567891}', TYPE_OID.jsonb],
			['-0', TYPE_OID.float8],
			['NaN', TYPE_OID.numeric],
			['9223372036854775807', TYPE_OID.int8],
			['{7,8}', ARRAY.int4],
		] as Array<[string, number]>) {
			expect(reasonsFor(text, oid)).toEqual([]);
		}
	});

	it('passes the listener through convertTupleValue, and says nothing in text mode', () => {
		const reasons: KeptAsTextReason[] = [];
		convertTupleValue({ kind: 'text', value: '[0:0]={1}' }, ARRAY.int4, 'native', (reason) =>
			reasons.push(reason),
		);
		convertTextValue('[0:0]={1}', ARRAY.int4, 'text', (reason) => reasons.push(reason));
		expect(reasons).toEqual([KEPT_AS_TEXT.bounds]);
	});
});

describe('text mode (the default) is unchanged by all this', () => {
	it('returns every one of these values exactly as printed', () => {
		const cases: Array<[string, number]> = [
			['294276-12-31 23:59:59.999999+00', TYPE_OID.timestamptz],
			['2024-01-02 03:04:05+00', TYPE_OID.timestamptz],
			['{"id": 12345678901234567891}', TYPE_OID.jsonb],
			['null', TYPE_OID.jsonb],
			['{{1,2},{3,4}}', ARRAY.jsonb],
			['[0:1]={7,8}', ARRAY.int4],
			['-0', TYPE_OID.float8],
			['NaN', TYPE_OID.numeric],
		];
		for (const [text, oid] of cases) expect(convertTextValue(text, oid, 'text')).toBe(text);
	});
});
