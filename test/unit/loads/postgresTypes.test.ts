import { formatColumnType } from '../../../nodes/shared/staging/columnTypes';
import {
	redshiftTypeForPostgres,
	type SourceColumnType,
} from '../../../nodes/shared/loads/postgresTypes';

const ddl = (column: SourceColumnType | string) =>
	formatColumnType(redshiftTypeForPostgres(column));

describe('redshiftTypeForPostgres: the README type map, from format_type text', () => {
	it.each([
		// integers
		['smallint', 'SMALLINT'],
		['integer', 'INTEGER'],
		['bigint', 'BIGINT'],
		// numeric(p,s), p ≤ 38
		['numeric(12,5)', 'NUMERIC(12,5)'],
		['numeric(38,0)', 'NUMERIC(38,0)'],
		['numeric(1,0)', 'NUMERIC(1,0)'],
		// numeric without (p,s), numeric(p > 38)
		['numeric', 'VARCHAR(65535)'],
		['numeric(39,2)', 'VARCHAR(65535)'],
		['numeric(1000,500)', 'VARCHAR(65535)'],
		// PostgreSQL 15+: negative scale and scale above precision widen to hold every value
		['numeric(5,-2)', 'NUMERIC(7,0)'],
		['numeric(2,5)', 'NUMERIC(5,5)'],
		['numeric(37,-2)', 'VARCHAR(65535)'],
		// floats, boolean
		['real', 'REAL'],
		['double precision', 'DOUBLE PRECISION'],
		['boolean', 'BOOLEAN'],
		// character(n), character varying(n): 4 bytes per character, at most 65535
		['character varying(20)', 'VARCHAR(80)'],
		['character(3)', 'VARCHAR(12)'],
		['character varying(16383)', 'VARCHAR(65532)'],
		['character varying(16384)', 'VARCHAR(65535)'],
		['character varying(10485760)', 'VARCHAR(65535)'],
		// text, varchar, name, citext, bpchar without length
		['text', 'VARCHAR(65535)'],
		['character varying', 'VARCHAR(65535)'],
		['name', 'VARCHAR(65535)'],
		['citext', 'VARCHAR(65535)'],
		['bpchar', 'VARCHAR(65535)'],
		// bytea as hex text
		['bytea', 'VARCHAR(65535)'],
		// dates and times, any precision
		['date', 'DATE'],
		['timestamp without time zone', 'TIMESTAMP'],
		['timestamp(3) without time zone', 'TIMESTAMP'],
		['timestamp with time zone', 'TIMESTAMPTZ'],
		['timestamp(0) with time zone', 'TIMESTAMPTZ'],
		['time without time zone', 'TIME'],
		['time(2) without time zone', 'TIME'],
		['time with time zone', 'TIMETZ'],
		['time(6) with time zone', 'TIMETZ'],
		// interval, any fields or precision
		['interval', 'VARCHAR(255)'],
		['interval(3)', 'VARCHAR(255)'],
		['interval day to second(3)', 'VARCHAR(255)'],
		['interval year to month', 'VARCHAR(255)'],
		// uuid
		['uuid', 'VARCHAR(36)'],
		// json
		['json', 'SUPER'],
		['jsonb', 'SUPER'],
		// arrays of anything, as the array literal
		['integer[]', 'VARCHAR(65535)'],
		['jsonb[]', 'VARCHAR(65535)'],
		['character varying(3)[]', 'VARCHAR(65535)'],
		['numeric(10,2)[]', 'VARCHAR(65535)'],
		['mood[]', 'VARCHAR(65535)'],
		// network types, money
		['inet', 'VARCHAR(64)'],
		['cidr', 'VARCHAR(64)'],
		['macaddr', 'VARCHAR(64)'],
		['macaddr8', 'VARCHAR(64)'],
		['money', 'VARCHAR(64)'],
		// bits: one byte per bit
		['bit(1)', 'VARCHAR(1)'],
		['bit(8)', 'VARCHAR(8)'],
		['bit varying(20)', 'VARCHAR(20)'],
		['bit varying', 'VARCHAR(65535)'],
		['bit varying(100000)', 'VARCHAR(65535)'],
		// anything else as text
		['xml', 'VARCHAR(65535)'],
		['tsvector', 'VARCHAR(65535)'],
		['int4range', 'VARCHAR(65535)'],
		['point', 'VARCHAR(65535)'],
		['oid', 'VARCHAR(65535)'],
		['"char"', 'VARCHAR(65535)'],
		['oid:16999', 'VARCHAR(65535)'],
		// a user type without a category: enum, domain or composite cannot be told apart
		['mood', 'VARCHAR(65535)'],
	])('%s → %s', (postgres, redshift) => {
		expect(ddl(postgres)).toBe(redshift);
	});

	it('reads format_type text case- and space-insensitively', () => {
		expect(ddl('  NUMERIC( 12 , 5 ) ')).toBe('NUMERIC(12,5)');
		expect(ddl('Timestamp(3)  With Time Zone')).toBe('TIMESTAMPTZ');
	});
});

describe('redshiftTypeForPostgres: the structured fields of a schema description win', () => {
	it('numeric precision and scale', () => {
		expect(ddl({ formattedType: 'numeric', precision: 12, scale: 5 })).toBe('NUMERIC(12,5)');
		expect(ddl({ formattedType: 'numeric(9,9)', precision: 12, scale: 5 })).toBe('NUMERIC(12,5)');
		expect(ddl({ formattedType: 'numeric', precision: 40, scale: 2 })).toBe('VARCHAR(65535)');
		expect(ddl({ formattedType: 'numeric', precision: 10 })).toBe('NUMERIC(10,0)');
	});

	it('character and bit lengths', () => {
		expect(ddl({ formattedType: 'character varying', length: 10 })).toBe('VARCHAR(40)');
		expect(ddl({ formattedType: 'character', length: 2 })).toBe('VARCHAR(8)');
		expect(ddl({ formattedType: 'bit varying', length: 7 })).toBe('VARCHAR(7)');
	});

	it('arrays by typeName (leading underscore) or category', () => {
		expect(ddl({ formattedType: 'weird', typeName: '_mood' })).toBe('VARCHAR(65535)');
		expect(ddl({ formattedType: 'weird', typeName: 'weird', typeCategory: 'A' })).toBe(
			'VARCHAR(65535)',
		);
	});

	it('enums by category (labels are at most 63 bytes); without it a user type stays VARCHAR(65535)', () => {
		expect(
			ddl({ formattedType: 'mood', typeName: 'mood', typeOid: 16500, typeCategory: 'E' }),
		).toBe('VARCHAR(64)');
		expect(ddl({ formattedType: 'mood', typeName: 'mood', typeOid: 16500 })).toBe('VARCHAR(65535)');
	});

	it('macaddr8 by OID when the trigger printed no name for it', () => {
		expect(ddl({ formattedType: 'oid:774', typeName: 'oid:774', typeOid: 774 })).toBe(
			'VARCHAR(64)',
		);
	});
});
