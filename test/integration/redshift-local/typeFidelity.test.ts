import { PutObjectCommand } from '@aws-sdk/client-s3';
import { Client } from 'pg';

import { redshiftTypeForPostgres } from '../../../nodes/shared/loads/postgresTypes';
import { formatColumnType } from '../../../nodes/shared/staging/columnTypes';
import { startLocalRedshift, type LocalRedshiftForTests } from '../../support/localRedshift';
import { s3Client, testServers, uniquePrefix } from '../../support/testServers';

const ROLE = "IAM_ROLE 'arn:aws:iam::123456789012:role/RedshiftLoader'";

/**
 * The Redshift types the Postgres → Redshift type map creates, and what Redshift cannot store that
 * the PostgreSQL underneath would: infinite dates and timestamps (DG r_Datetime_types: 4713 BC to
 * 294276 AD), NaN and infinite NUMERIC (DG r_Numeric_types201).
 */
describe('local Redshift: the type map target types, no infinity dates, no NaN NUMERIC', () => {
	let local: LocalRedshiftForTests;
	let client: Client;
	const prefix = uniquePrefix('type_fidelity');
	const put = async (name: string, body: string) => {
		const { bucket } = testServers().s3;
		await s3Client().send(
			new PutObjectCommand({ Bucket: bucket, Key: `${prefix}${name}`, Body: body }),
		);
		return `s3://${bucket}/${prefix}${name}`;
	};

	beforeAll(async () => {
		local = await startLocalRedshift('type_fidelity', { dataApi: false });
		client = new Client(local.pgConfig);
		await client.connect();
		await client.query(
			'CREATE TABLE dated (id INT, d DATE, ts TIMESTAMP, tz TIMESTAMPTZ, n NUMERIC(12,5), f DOUBLE PRECISION, r REAL)',
		);
	});
	afterAll(async () => {
		await client.end();
		await local.stop();
	});

	it('creates a table with every type of the map and stores a value in each', async () => {
		const sources = [
			'smallint',
			'integer',
			'bigint',
			'numeric(12,5)',
			'numeric(38,0)',
			'numeric',
			'real',
			'double precision',
			'boolean',
			'character varying(20)',
			'text',
			'bytea',
			'date',
			'timestamp(3) without time zone',
			'timestamp with time zone',
			'time without time zone',
			'time with time zone',
			'interval',
			'uuid',
			'jsonb',
			'integer[]',
			'inet',
			'money',
			'bit(8)',
			'xml',
		];
		const types = sources.map((source) => formatColumnType(redshiftTypeForPostgres(source)));
		expect(new Set(types)).toEqual(
			new Set([
				'SMALLINT',
				'INTEGER',
				'BIGINT',
				'NUMERIC(12,5)',
				'NUMERIC(38,0)',
				'VARCHAR(65535)',
				'REAL',
				'DOUBLE PRECISION',
				'BOOLEAN',
				'VARCHAR(80)',
				'DATE',
				'TIMESTAMP',
				'TIMESTAMPTZ',
				'TIME',
				'TIMETZ',
				'VARCHAR(255)',
				'VARCHAR(36)',
				'SUPER',
				'VARCHAR(64)',
				'VARCHAR(8)',
			]),
		);
		await client.query(
			`CREATE TABLE every_type (${types.map((type, at) => `c${at} ${type}`).join(', ')})`,
		);
		const values = [
			'-32768',
			'2147483647',
			'-9223372036854775808',
			'1234567.12345',
			'12345678901234567890123456789012345678',
			'3.14159265358979323846264338327950288419716939937510',
			'1.5',
			'2.25',
			'true',
			'zip 01234',
			'text',
			'\\x00ff',
			'2024-02-29',
			'2024-02-29 12:34:56.789',
			'2024-02-29 12:34:56.789+00',
			'23:59:59.999999',
			'23:59:59.999999+05:30',
			'1 year 2 mons 3 days 04:05:06.789',
			'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11',
			'{"big": 12345678901234567891}',
			'[0:1]={7,8}',
			'192.168.0.1/24',
			'$1,234.56',
			'10101010',
			'<a>x</a>',
		];
		const placeholders = values.map((_, at) =>
			types[at] === 'SUPER' ? `JSON_PARSE($${at + 1})` : `$${at + 1}`,
		);
		await client.query(`INSERT INTO every_type VALUES (${placeholders.join(', ')})`, values);
		const read = await client.query({ text: 'SELECT * FROM every_type', rowMode: 'array' });
		expect(read.rows).toHaveLength(1);
	});

	it.each([
		['d', 'infinity', /invalid input syntax for type date: "infinity"/],
		['d', '-infinity', /invalid input syntax for type date: "-infinity"/],
		['ts', 'infinity', /invalid input syntax for type timestamp: "infinity"/],
		['tz', '-infinity', /invalid input syntax for type timestamp with time zone: "-infinity"/],
		['n', 'NaN', /invalid input syntax for type numeric: "NaN"/],
		['d', '294277-01-01', /date out of range: "294277-01-01"/],
		['d', '5874897-12-31', /date out of range: "5874897-12-31"/],
	])('refuses INSERT of %s = %s, as Redshift has no such value', async (column, value, message) => {
		await expect(
			client.query(`INSERT INTO dated (id, ${column}) VALUES (1, $1)`, [value]),
		).rejects.toThrow(message);
	});

	it('refuses an UPDATE to infinity, and infinity in a column added later', async () => {
		await client.query(
			"INSERT INTO dated (id, d) VALUES (1, '294276-12-31'), (2, '4713-01-01 BC')",
		);
		await expect(client.query("UPDATE dated SET ts = 'infinity' WHERE id = 2")).rejects.toThrow(
			/type timestamp: "infinity"/,
		);
		await client.query('ALTER TABLE dated ADD COLUMN later DATE');
		await expect(client.query("UPDATE dated SET later = '-infinity' WHERE id = 2")).rejects.toThrow(
			/type date: "-infinity"/,
		);
		expect(
			(await client.query('SELECT d::text AS d, ts, later FROM dated WHERE id = 2')).rows,
		).toEqual([{ d: '4713-01-01 BC', ts: null, later: null }]);
		await client.query('DELETE FROM dated');
	});

	it('reads backslash escapes in a column DEFAULT as Redshift does (QUOTE_LITERAL doubles backslashes)', async () => {
		await client.query('CREATE TABLE defaults (id INT)');
		await client.query('INSERT INTO defaults VALUES (1)');
		await client.query("ALTER TABLE defaults ADD COLUMN path VARCHAR(10) DEFAULT 'a\\\\b'");
		await client.query("CREATE TABLE defaults2 (id INT, path VARCHAR(10) DEFAULT 'c\\\\d')");
		await client.query('INSERT INTO defaults2 (id) VALUES (1)');
		expect((await client.query('SELECT path FROM defaults')).rows).toEqual([{ path: 'a\\b' }]);
		expect((await client.query('SELECT path FROM defaults2')).rows).toEqual([{ path: 'c\\d' }]);
	});

	it('ADD COLUMN: a DEFAULT fills the rows, also inside a transaction block; keys and IDENTITY are refused', async () => {
		await client.query('CREATE TABLE grows (id INT)');
		await client.query('INSERT INTO grows VALUES (1)');
		await client.query('BEGIN');
		await client.query("ALTER TABLE grows ADD COLUMN flag VARCHAR(5) DEFAULT 'yes'");
		await client.query('INSERT INTO grows (id) VALUES (2)');
		await client.query('COMMIT');
		expect((await client.query('SELECT id, flag FROM grows ORDER BY id')).rows).toEqual([
			{ id: 1, flag: 'yes' },
			{ id: 2, flag: 'yes' },
		]);
		for (const [clause, message] of [
			['k INT SORTKEY', /cannot add a SORTKEY column/],
			['k INT DISTKEY', /cannot add a DISTKEY column/],
			['k INT UNIQUE', /does not support UNIQUE/],
			['k INT PRIMARY KEY', /does not support PRIMARY KEY/],
			['k INT IDENTITY(1, 1)', /does not support IDENTITY/],
			['k INT REFERENCES grows (id)', /does not support REFERENCES/],
		] as const) {
			await expect(client.query(`ALTER TABLE grows ADD COLUMN ${clause}`)).rejects.toThrow(message);
		}
	});

	it('keeps REAL and DOUBLE PRECISION NaN and ±Infinity as PostgreSQL does (unverified on Redshift)', async () => {
		await client.query(
			"INSERT INTO dated (id, f, r) VALUES (3, 'NaN', 'Infinity'), (4, '-Infinity', 'NaN')",
		);
		expect(
			(await client.query('SELECT f::text AS f, r::text AS r FROM dated ORDER BY id')).rows,
		).toEqual([
			{ f: 'NaN', r: 'Infinity' },
			{ f: '-Infinity', r: 'NaN' },
		]);
		await client.query('DELETE FROM dated');
	});

	it.each([
		['d', 'infinity', 1205],
		['ts', '-infinity', 1206],
		['tz', 'infinity', 1206],
		['n', 'NaN', 1207],
		['d', '294277-01-01', 1205],
	])(
		'fails a COPY (DATEFORMAT/TIMEFORMAT auto) of %s = %s with load error %i',
		async (column, value, code) => {
			const url = await put(`${column}-${value}.csv`, `9,${value}\n`);
			await expect(
				client.query(
					`COPY dated (id, ${column}) FROM '${url}' ${ROLE} CSV DATEFORMAT 'auto' TIMEFORMAT 'auto'`,
				),
			).rejects.toThrow(/Load into table 'dated' failed/);
			const errors = await client.query(
				'SELECT err_code, trim(colname) AS colname FROM stl_load_errors WHERE query = pg_last_copy_id()',
			);
			expect(errors.rows).toEqual([{ err_code: code, colname: column }]);
			expect((await client.query('SELECT count(*)::int AS n FROM dated')).rows).toEqual([{ n: 0 }]);
		},
	);
});
