import { buildAddColumn, buildWidenVarchar } from '../../../nodes/shared/redshift/sql/addColumn';
import {
	defaultForTarget,
	parseSourceDefault,
} from '../../../nodes/shared/loads/schemaEvolutionDefaults';

describe('parseSourceDefault: constants as pg_get_expr prints them', () => {
	it.each([
		['0', { kind: 'number', text: '0' }],
		['1.50', { kind: 'number', text: '1.50' }],
		['(-1)', { kind: 'number', text: '-1' }],
		['(-2.5e3)', { kind: 'number', text: '-2.5e3' }],
		["'-1'::integer", { kind: 'string', text: '-1' }],
		["'abc'::text", { kind: 'string', text: 'abc' }],
		["'it''s'::character varying", { kind: 'string', text: "it's" }],
		["'x'::character varying(10)", { kind: 'string', text: 'x' }],
		[
			"'2020-01-01 00:00:00'::timestamp without time zone",
			{ kind: 'string', text: '2020-01-01 00:00:00' },
		],
		["'{1,2}'::integer[]", { kind: 'string', text: '{1,2}' }],
		["'plain'", { kind: 'string', text: 'plain' }],
		['true', { kind: 'boolean', value: true }],
		['false', { kind: 'boolean', value: false }],
	])('%s is a constant', (text, value) => {
		expect(parseSourceDefault(text)).toEqual({ kind: 'constant', value });
	});

	it.each([null, undefined, '', 'NULL', 'NULL::text', 'NULL::character varying(5)'])(
		'%s is no default',
		(text) => {
			expect(parseSourceDefault(text)).toEqual({ kind: 'none' });
		},
	);

	it.each([
		'now()',
		'CURRENT_TIMESTAMP',
		"nextval('t_id_seq'::regclass)",
		'(1 + 2)',
		"('a'::text || 'b'::text)",
		"'x'::text || 'y'",
		'gen_random_uuid()',
		"'1'::integer); DROP TABLE t; --",
	])('%s is an expression', (text) => {
		expect(parseSourceDefault(text)).toMatchObject({ kind: 'expression' });
	});
});

describe('defaultForTarget and the ADD COLUMN … DEFAULT it renders', () => {
	const add = (text: string, type: Parameters<typeof defaultForTarget>[1]) => {
		const parsed = parseSourceDefault(text);
		if (parsed.kind !== 'constant') throw new Error('not a constant');
		const value = defaultForTarget(parsed.value, type);
		return value && buildAddColumn({ name: 't' }, 'c', type, { default: value });
	};

	it('renders numbers bare, strings through quoteLiteral, booleans as TRUE/FALSE', () => {
		expect(add("'-1'::integer", { name: 'INTEGER' })).toBe(
			'ALTER TABLE "t" ADD COLUMN "c" INTEGER DEFAULT -1',
		);
		expect(add('1.50', { name: 'NUMERIC', precision: 6, scale: 2 })).toBe(
			'ALTER TABLE "t" ADD COLUMN "c" NUMERIC(6,2) DEFAULT 1.50',
		);
		expect(add("'it''s \\ here'::text", { name: 'VARCHAR', length: 100 })).toBe(
			'ALTER TABLE "t" ADD COLUMN "c" VARCHAR(100) DEFAULT \'it\'\'s \\\\ here\'',
		);
		expect(add('true', { name: 'BOOLEAN' })).toBe(
			'ALTER TABLE "t" ADD COLUMN "c" BOOLEAN DEFAULT TRUE',
		);
		expect(add('5', { name: 'VARCHAR', length: 10 })).toBe(
			'ALTER TABLE "t" ADD COLUMN "c" VARCHAR(10) DEFAULT \'5\'',
		);
	});

	it('gives no default where the target cannot take it as the source meant it', () => {
		expect(add("'{}'::jsonb", { name: 'SUPER' })).toBeUndefined();
		expect(add("'abc'::text", { name: 'INTEGER' })).toBeUndefined();
		expect(add("'maybe'::text", { name: 'BOOLEAN' })).toBeUndefined();
		// Redshift stores no infinity nor NaN
		expect(add("'infinity'::date", { name: 'DATE' })).toBeUndefined();
		expect(add("'-infinity'::timestamp with time zone", { name: 'TIMESTAMPTZ' })).toBeUndefined();
		expect(add("'NaN'::numeric", { name: 'NUMERIC', precision: 10, scale: 2 })).toBeUndefined();
		expect(add("'Infinity'::double precision", { name: 'DOUBLE PRECISION' })).toBeUndefined();
	});

	it('refuses a number default that is not a number', () => {
		expect(() =>
			buildAddColumn(
				{ name: 't' },
				'c',
				{ name: 'INTEGER' },
				{ default: { kind: 'number', text: '1; DROP' } },
			),
		).toThrow(/must be a number/);
	});

	it('widens a VARCHAR with ALTER COLUMN … TYPE', () => {
		expect(buildWidenVarchar({ name: 't', schema: 's' }, 'Code', 200)).toBe(
			'ALTER TABLE "s"."t" ALTER COLUMN "code" TYPE VARCHAR(200)',
		);
	});
});
