import { formatColumnType, parseColumnType } from '../../../nodes/shared/staging/columnTypes';

describe('column types', () => {
	it.each([
		['varchar(100)', 'VARCHAR(100)'],
		['VARCHAR(MAX)', 'VARCHAR(65535)'],
		['text', 'VARCHAR(256)'],
		['character varying ( 20 )', 'VARCHAR(20)'],
		['numeric(18, 2)', 'NUMERIC(18,2)'],
		['decimal', 'NUMERIC(18,0)'],
		['int8', 'BIGINT'],
		['int', 'INTEGER'],
		['float', 'DOUBLE PRECISION'],
		['double precision', 'DOUBLE PRECISION'],
		['bool', 'BOOLEAN'],
		['timestamp with time zone', 'TIMESTAMPTZ'],
		['timestamptz', 'TIMESTAMPTZ'],
		['super', 'SUPER'],
		['char(2)', 'CHAR(2)'],
		['date', 'DATE'],
	])('parses %s as %s', (text, expected) => {
		expect(formatColumnType(parseColumnType(text))).toBe(expected);
	});

	it.each([
		'varchar(100); drop table x',
		'varchar(70000)',
		'numeric(39,2)',
		'numeric(5,6)',
		'geometry',
		'int(4)',
		'varchar(0)',
		'"varchar"',
	])('refuses %s', (text) => {
		expect(() => parseColumnType(text)).toThrow();
	});

	it('checks ColumnType objects too', () => {
		expect(() => formatColumnType({ name: 'VARCHAR', length: 65536 })).toThrow(/1 to 65535 bytes/);
		expect(() => formatColumnType({ name: 'BIGINT; DROP' } as never)).toThrow(
			/not a Redshift column type/,
		);
	});
});
