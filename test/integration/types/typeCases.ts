/**
 * The type round-trip matrix as data: the source table's columns (one per PostgreSQL type the
 * issue-14 type map names) and the values each column goes through. Every case becomes rows of its
 * own (snapshot, streamed insert, streamed update) with only its column set.
 *
 * What each case expects back from the local Redshift, read over the wire as text:
 * - SAME: exactly PostgreSQL's text output of the source value (read from the source).
 * - a string: that text exactly (a conversion the type map says, e.g. a time zone shown as UTC).
 * - { json }: SUPER holds this JSON (compared without insignificant whitespace, digits kept).
 * - { fails }: the load refuses the value with an error that names the column; nothing is written.
 */

export const SAME = Symbol('identical to PostgreSQL text output');

/** SUPER holds the JSON value PostgreSQL prints (compared without insignificant whitespace). */
export const JSON_SAME = Symbol('the JSON value PostgreSQL prints');

export type Expected =
	| typeof SAME
	| typeof JSON_SAME
	| string
	| null
	| { json: string }
	| { fails: RegExp };

export interface SourceColumn {
	name: string;
	/** The column's type in the source CREATE TABLE. */
	type: string;
	/** The column Apply Changelog creates for it (the contract's type map), as the catalog describes it. */
	redshift: string;
}

export interface TypeCase {
	column: string;
	/** PostgreSQL text input for the value (a query parameter); null is SQL NULL. */
	input: string | null;
	expected: Expected;
	/** What the case is about, shown in failures. */
	note?: string;
}

export const ENUM_DDL = "CREATE TYPE matrix_mood AS ENUM ('happy', 'très bien', 'with \"quote\"')";

export const COLUMNS: readonly SourceColumn[] = [
	{ name: 'c_int2', type: 'smallint', redshift: 'smallint' },
	{ name: 'c_int4', type: 'integer', redshift: 'integer' },
	{ name: 'c_int8', type: 'bigint', redshift: 'bigint' },
	{ name: 'c_num_12_5', type: 'numeric(12,5)', redshift: 'numeric(12,5)' },
	{ name: 'c_num_38_0', type: 'numeric(38,0)', redshift: 'numeric(38,0)' },
	{ name: 'c_num_38_38', type: 'numeric(38,38)', redshift: 'numeric(38,38)' },
	{ name: 'c_num_free', type: 'numeric', redshift: 'character varying(65535)' },
	{ name: 'c_num_40_2', type: 'numeric(40,2)', redshift: 'character varying(65535)' },
	{ name: 'c_real', type: 'real', redshift: 'real' },
	{ name: 'c_float8', type: 'double precision', redshift: 'double precision' },
	{ name: 'c_bool', type: 'boolean', redshift: 'boolean' },
	{ name: 'c_char5', type: 'character(5)', redshift: 'character varying(20)' },
	{ name: 'c_varchar4', type: 'character varying(4)', redshift: 'character varying(16)' },
	{ name: 'c_varchar_free', type: 'character varying', redshift: 'character varying(65535)' },
	{ name: 'c_text', type: 'text', redshift: 'character varying(65535)' },
	{ name: 'c_name', type: 'name', redshift: 'character varying(65535)' },
	{ name: 'c_bytea', type: 'bytea', redshift: 'character varying(65535)' },
	{ name: 'c_date', type: 'date', redshift: 'date' },
	{ name: 'c_ts', type: 'timestamp without time zone', redshift: 'timestamp without time zone' },
	{
		name: 'c_ts3',
		type: 'timestamp(3) without time zone',
		redshift: 'timestamp without time zone',
	},
	{ name: 'c_tstz', type: 'timestamp with time zone', redshift: 'timestamp with time zone' },
	{ name: 'c_time', type: 'time without time zone', redshift: 'time without time zone' },
	{ name: 'c_timetz', type: 'time with time zone', redshift: 'time with time zone' },
	{ name: 'c_interval', type: 'interval', redshift: 'character varying(255)' },
	{ name: 'c_uuid', type: 'uuid', redshift: 'character varying(36)' },
	{ name: 'c_json', type: 'json', redshift: 'super' },
	{ name: 'c_jsonb', type: 'jsonb', redshift: 'super' },
	{ name: 'c_int4_arr', type: 'integer[]', redshift: 'character varying(65535)' },
	{ name: 'c_text_arr', type: 'text[]', redshift: 'character varying(65535)' },
	{ name: 'c_jsonb_arr', type: 'jsonb[]', redshift: 'character varying(65535)' },
	{ name: 'c_enum', type: 'matrix_mood', redshift: 'character varying(64)' },
	{ name: 'c_inet', type: 'inet', redshift: 'character varying(64)' },
	{ name: 'c_cidr', type: 'cidr', redshift: 'character varying(64)' },
	{ name: 'c_macaddr', type: 'macaddr', redshift: 'character varying(64)' },
	{ name: 'c_macaddr8', type: 'macaddr8', redshift: 'character varying(64)' },
	{ name: 'c_money', type: 'money', redshift: 'character varying(64)' },
	{ name: 'c_bit4', type: 'bit(4)', redshift: 'character varying(4)' },
	{ name: 'c_varbit', type: 'bit varying(8)', redshift: 'character varying(8)' },
	{ name: 'c_range', type: 'int4range', redshift: 'character varying(65535)' },
	{ name: 'c_point', type: 'point', redshift: 'character varying(65535)' },
	{ name: 'c_tsvector', type: 'tsvector', redshift: 'character varying(65535)' },
	{ name: 'c_oid', type: 'oid', redshift: 'character varying(65535)' },
];

/** The load must refuse the value, naming the column (Redshift cannot hold it). */
const refused = (column: string): { fails: RegExp } => ({ fails: new RegExp(`\\b${column}\\b`) });

/** 65,535 bytes of two-byte characters plus one ASCII byte: exactly VARCHAR(65535)'s byte limit. */
const TEXT_AT_BYTE_LIMIT = `${'é'.repeat(32767)}a`;
/** 63 bytes: the longest name (NAMEDATALEN - 1), in two-byte characters plus one byte. */
const NAME_AT_BYTE_LIMIT = `${'ü'.repeat(31)}z`;

const same = (column: string, inputs: readonly string[], note?: string): TypeCase[] =>
	inputs.map((input) => ({ column, input, expected: SAME, note }));

export const CASES: readonly TypeCase[] = [
	// NULL for every column (each its own row, so a column that turns NULL into something shows).
	...COLUMNS.map((column) => ({
		column: column.name,
		input: null,
		expected: null,
		note: 'SQL NULL',
	})),

	...same('c_int2', ['-32768', '32767', '0']),
	...same('c_int4', ['-2147483648', '2147483647']),
	...same('c_int8', ['-9223372036854775808', '9223372036854775807']),

	...same('c_num_12_5', ['1.23456', '1.20000', '-9999999.99999', '0.00000']),
	{
		column: 'c_num_12_5',
		input: 'NaN',
		expected: refused('c_num_12_5'),
		note: 'NaN in NUMERIC(p,s)',
	},
	...same('c_num_38_0', [
		'99999999999999999999999999999999999999',
		'-99999999999999999999999999999999999999',
	]),
	...same('c_num_38_38', [
		'0.99999999999999999999999999999999999999',
		'-0.00000000000000000000000000000000000001',
	]),
	// Unconstrained and over-wide numeric keep their exact text in a VARCHAR.
	...same('c_num_free', [
		'NaN',
		'1234567890123456789012345678901234567890.0123456789',
		'0.000000000000000000000000000000000000000000000001',
		'-0.0',
		'Infinity',
		'-Infinity',
	]), // PostgreSQL 14+ has numeric infinity, in unconstrained numeric only
	{
		column: 'c_num_free',
		input: `1${'0'.repeat(65535)}`,
		expected: refused('c_num_free'),
		note: 'numeric text over 65,535 bytes: the default oversize policy fails',
	},
	...same('c_num_40_2', ['12345678901234567890123456789012345678.99']),

	...same(
		'c_real',
		['3.4028235e+38', '-3.4028235e+38', '1e-45', '1.17549435e-38', '-0', '0.1'],
		'REAL extremes',
	),
	...same('c_real', ['NaN', 'Infinity', '-Infinity'], 'unverified on Redshift'),
	...same(
		'c_float8',
		[
			'1.7976931348623157e+308',
			'-1.7976931348623157e+308',
			'5e-324',
			'2.2250738585072014e-308',
			'-0',
			'0.1',
		],
		'DOUBLE PRECISION extremes',
	),
	...same('c_float8', ['NaN', 'Infinity', '-Infinity'], 'unverified on Redshift'),

	...same('c_bool', ['true', 'false']),

	{ column: 'c_char5', input: 'ab', expected: 'ab   ', note: 'character(n) keeps its padding' },
	...same('c_char5', ['ééééé', '😀😀😀😀😀', '']),
	...same(
		'c_varchar4',
		['😀😀😀😀', '', ' ', 'a"b,'],
		'byte limit: 4 four-byte characters = VARCHAR(16)',
	),
	...same('c_varchar_free', ['varchar without length', '']),
	...same('c_text', [
		'',
		'NULL',
		'\\N',
		'comma, "quotes", \'apostrophe\'',
		'line\nbreak\r\nand\ttab',
		'back\\slash \\\\ and \\x00',
		'𝄞 multibyte ü 日本',
		'  leading and trailing  ',
		TEXT_AT_BYTE_LIMIT,
	]),
	{
		column: 'c_text',
		input: `${TEXT_AT_BYTE_LIMIT}b`,
		expected: refused('c_text'),
		note: '65,536 bytes: the default oversize policy fails naming the column',
	},
	...same('c_name', [NAME_AT_BYTE_LIMIT, '']),
	...same('c_bytea', ['\\x', '\\x00ff', '\\xdeadbeef0a0d22'], 'bytea as hex text'),

	...same('c_date', [
		'1969-12-31',
		'1970-01-01',
		'2038-01-20',
		'0001-01-01',
		'4713-01-01 BC',
		'9999-12-31',
	]),
	...same('c_date', ['10000-01-01', '294276-12-31'], 'years > 9999'),
	{
		column: 'c_date',
		input: '5874897-12-31',
		expected: refused('c_date'),
		note: 'beyond Redshift DATE (294276 AD)',
	},
	{ column: 'c_date', input: 'infinity', expected: refused('c_date') },
	{ column: 'c_date', input: '-infinity', expected: refused('c_date') },

	...same('c_ts', [
		'1969-07-20 20:17:40',
		'1900-01-01 00:00:00.000001',
		'2038-01-19 03:14:08',
		'9999-12-31 23:59:59.999999',
		'0044-03-15 12:00:00 BC',
		'4713-01-01 00:00:00 BC',
		'10000-01-01 00:00:00',
		'294276-12-31 23:59:59.999999',
	]),
	{ column: 'c_ts', input: 'infinity', expected: refused('c_ts') },
	{ column: 'c_ts', input: '-infinity', expected: refused('c_ts') },
	...same('c_ts3', ['2024-01-02 03:04:05.123', '1960-02-29 00:00:00.001']),
	// The source session and the local Redshift both print UTC, so the text is the same.
	...same('c_tstz', [
		'1969-12-31 23:59:59.999999+00',
		'2038-01-19 03:14:08+05:30',
		'0044-03-15 12:00:00+00 BC',
		'294276-12-31 23:59:59.999999+00',
	]),
	{ column: 'c_tstz', input: 'infinity', expected: refused('c_tstz') },
	{ column: 'c_tstz', input: '-infinity', expected: refused('c_tstz') },
	...same('c_time', ['00:00:00', '23:59:59.999999', '24:00:00']),
	...same('c_timetz', ['12:34:56.789+05:30', '00:00:00-14:59', '23:59:59.999999+00']),

	...same('c_interval', [
		'1 year 2 mons 3 days 04:05:06.789',
		'-178000000 years',
		'00:00:00',
		'1 day -00:00:01',
		'-00:00:00.000001',
	]),
	...same('c_uuid', [
		'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11',
		'00000000-0000-0000-0000-000000000000',
	]),

	// JSON: SUPER holds the JSON value; a JSON null is not SQL NULL, big integers keep every digit.
	{ column: 'c_json', input: 'null', expected: { json: 'null' }, note: 'JSON null' },
	{ column: 'c_json', input: '"text"', expected: { json: '"text"' } },
	{ column: 'c_json', input: '{}', expected: { json: '{}' } },
	{ column: 'c_json', input: '[]', expected: { json: '[]' } },
	{
		column: 'c_json',
		input: '{"a": [1, 2.50, 12345678901234567891], "s": "x\\"y\\u00e9"}',
		expected: { json: '{"a":[1,2.50,12345678901234567891],"s":"x\\"yé"}' },
		note: 'json: big integer, trailing zero, escapes',
	},
	{ column: 'c_jsonb', input: 'null', expected: { json: 'null' }, note: 'JSON null' },
	{ column: 'c_jsonb', input: '""', expected: { json: '""' } },
	{ column: 'c_jsonb', input: '-0', expected: JSON_SAME },
	{ column: 'c_jsonb', input: '[1.10, 1e2, 0.000001]', expected: JSON_SAME },
	{
		column: 'c_jsonb',
		input:
			'{"x": null, "big": 123456789012345678901234567890, "neg": -9223372036854775809, "f": 1.5e300}',
		expected: JSON_SAME,
		note: 'jsonb: big integers, JSON null inside',
	},

	...same('c_int4_arr', [
		'{}',
		'{1,2,NULL}',
		'[0:1]={7,8}',
		'{{1,2},{3,4}}',
		'{-2147483648,2147483647}',
	]),
	...same('c_text_arr', ['{"a,b","c\\"d",NULL,"NULL","","é\\\\"}', '{{a,b},{c,d}}']),
	...same('c_jsonb_arr', ['{"[1, 2]","[3, 4]"}', '{null,"null"}']),

	...same('c_enum', ['happy', 'très bien', 'with "quote"']),
	...same('c_inet', ['192.168.0.1/24', '::1', '2001:db8::ff00:42:8329/64']),
	...same('c_cidr', ['10.0.0.0/8', '2001:db8::/32']),
	...same('c_macaddr', ['08:00:2b:01:02:03']),
	...same('c_macaddr8', ['08:00:2b:01:02:03:04:05']),
	...same('c_money', ['1234.56', '-92233720368547758.08', '92233720368547758.07', '0']),
	...same('c_bit4', ['1010', '0000']),
	...same('c_varbit', ['', '1', '10101010']),
	...same('c_range', ['[1,5)', 'empty', '(,)']),
	...same('c_point', ['(1.5,-2)']),
	...same('c_tsvector', ["'a' 'fat' 'cat':3"]),
	...same('c_oid', ['0', '4294967295']),
];
