import { Client } from 'pg';

import { s3Client, testServers, uniquePrefix } from '../../support/testServers';
import { startLocalRedshift, type LocalRedshiftForTests } from '../../support/localRedshift';
import { objectBytes } from '../../support/s3Objects';
import { listKeys } from './support/engineHarness';

describe('UNLOAD, DDL and traps through the wire front with node-postgres', () => {
	let redshift: LocalRedshiftForTests;
	let client: Client;
	const notices: string[] = [];
	const s3 = s3Client();
	const bucket = testServers().s3.bucket;

	beforeAll(async () => {
		redshift = await startLocalRedshift('unloadwire', { dataApi: false });
		client = new Client(redshift.pgConfig);
		client.on('notice', (notice) => notices.push(notice.message ?? ''));
		await client.connect();
	});
	afterAll(async () => {
		await client.end();
		await redshift.stop();
		s3.destroy();
	});

	it('creates a Redshift table, UNLOADs it with MANIFEST VERBOSE and reports the rows in a notice', async () => {
		await client.query(
			`CREATE TABLE sales (id BIGINT IDENTITY(1,1), region VARCHAR(8) ENCODE zstd DISTKEY, amount DECIMAL(10,2)) SORTKEY(id)`,
		);
		await client.query(
			`INSERT INTO sales (region, amount) VALUES ('north', 10.5), ('süd', 2.25), ('east', null)`,
		);
		const { rows: definition } = await client.query(
			`SELECT "column", type, encoding, distkey, sortkey FROM pg_table_def WHERE tablename = 'sales' ORDER BY "column"`,
		);
		expect(definition).toEqual([
			{ column: 'amount', type: 'numeric(10,2)', encoding: 'az64', distkey: false, sortkey: 0 },
			{ column: 'id', type: 'bigint', encoding: 'none', distkey: false, sortkey: 1 },
			{
				column: 'region',
				type: 'character varying(8)',
				encoding: 'zstd',
				distkey: true,
				sortkey: 0,
			},
		]);
		const prefix = uniquePrefix('unload-wire');
		const result = await client.query(
			`UNLOAD ('select id, region, amount from sales where region <> ''x'' order by id') TO 's3://${bucket}/${prefix}' ` +
				`IAM_ROLE 'arn:aws:iam::123456789012:role/R' CSV MANIFEST VERBOSE PARALLEL OFF`,
		);
		expect(result.command).toBe('UNLOAD');
		expect(notices).toContain('UNLOAD completed, 3 record(s) unloaded successfully.');
		expect(await listKeys(s3, bucket, prefix)).toEqual([`${prefix}000`, `${prefix}manifest`]);
		const data = (await objectBytes(s3, bucket, `${prefix}000`)).toString();
		expect(data).toBe('1,north,10.50\n2,süd,2.25\n3,east,\n');
		const manifest = JSON.parse((await objectBytes(s3, bucket, `${prefix}manifest`)).toString());
		expect(manifest.entries).toEqual([
			{
				url: `s3://${bucket}/${prefix}000`,
				meta: { content_length: Buffer.byteLength(data), record_count: 3 },
			},
		]);
		expect(manifest.schema.elements[1]).toEqual({
			name: 'region',
			type: { base: 'character varying', byte_length: 8 },
		});
	});

	it('keeps the traps: byte-length VARCHAR, TRUNCATE committing the transaction, no ON CONFLICT', async () => {
		await expect(client.query(`INSERT INTO sales (region) VALUES ('ööööö')`)).rejects.toMatchObject(
			{
				message: 'value too long for type character varying(8)',
				code: '22001',
			},
		);
		await client.query('CREATE TABLE log (note text)');
		await client.query('BEGIN');
		await client.query(`INSERT INTO log VALUES ('kept')`);
		await client.query('TRUNCATE sales');
		await client.query('ROLLBACK');
		expect((await client.query('SELECT note FROM log')).rows).toEqual([{ note: 'kept' }]);
		expect((await client.query('SELECT count(*)::int AS n FROM sales')).rows).toEqual([{ n: 0 }]);
		await expect(
			client.query(`INSERT INTO log VALUES ('x') ON CONFLICT DO NOTHING`),
		).rejects.toMatchObject({
			message: 'syntax error at or near "ON"',
			code: '42601',
		});
	});
});
