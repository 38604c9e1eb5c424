import { PutObjectCommand } from '@aws-sdk/client-s3';
import { gzipSync } from 'node:zlib';
import { Client } from 'pg';

import { handleCopy } from '../../../redshift-local/engine/copy/handleCopy';
import { copySystemDdl } from '../../../redshift-local/engine/copy/systemTables';
import { startLocalRedshift, type LocalRedshiftForTests } from '../../support/localRedshift';
import { s3Client, testServers, uniquePrefix } from '../../support/testServers';

const ROLE = "IAM_ROLE 'arn:aws:iam::123456789012:role/RedshiftLoader'";

/** Through the Postgres-wire front with plain node-postgres, as psql or the product would. */
describe('COPY through the wire front', () => {
	let local: LocalRedshiftForTests;
	let client: Client;
	const notices: string[] = [];
	const s3 = s3Client();
	const { bucket } = testServers().s3;
	const prefix = uniquePrefix('copy-wire');

	async function put(name: string, body: Buffer | string): Promise<string> {
		await s3.send(new PutObjectCommand({ Bucket: bucket, Key: `${prefix}${name}`, Body: body }));
		return `s3://${bucket}/${prefix}${name}`;
	}

	beforeAll(async () => {
		// only the COPY handler: this file tests COPY through the front, not the other handlers
		local = await startLocalRedshift('copy_wire', {
			handlers: [handleCopy],
			systemDdl: copySystemDdl,
		});
		client = new Client(local.pgConfig);
		client.on('notice', (notice) => notices.push(notice.message ?? ''));
		await client.connect();
		await client.query('CREATE TABLE visits (id int, page varchar(10), at timestamp)');
	});
	afterAll(async () => {
		await client.end();
		await local.stop();
	});

	it('loads a gzipped CSV listed in a manifest and reports it as Redshift does', async () => {
		expect((await client.query('SELECT pg_last_copy_id() AS id')).rows).toEqual([{ id: -1 }]);
		const data = await put(
			'ok/part-0.csv.gz',
			gzipSync('1,/home,2026-01-01 10:00:00\n2,/about,2026-01-01 10:05:00\n'),
		);
		const manifest = await put(
			'ok/load.manifest',
			JSON.stringify({ entries: [{ url: data, mandatory: true }] }),
		);
		const result = await client.query(
			`COPY visits FROM '${manifest}' ${ROLE} MANIFEST FORMAT AS CSV GZIP TIMEFORMAT 'auto'`,
		);
		expect(result.command).toBe('COPY');
		expect(result.rowCount).toBe(2);
		expect(notices).toContain(
			"Load into table 'visits' completed, 2 record(s) loaded successfully.",
		);
		expect((await client.query('SELECT id, page FROM visits ORDER BY id')).rows).toEqual([
			{ id: 1, page: '/home' },
			{ id: 2, page: '/about' },
		]);
		expect((await client.query('SELECT pg_last_copy_id() AS id')).rows[0].id).toBeGreaterThan(0);
	});

	it('fails a bad row inside a transaction; after ROLLBACK the table is unchanged and stl_load_errors explains', async () => {
		await put('bad/part-0.csv', '3,/contact-us-now,2026-01-01 11:00:00\n');
		await client.query('BEGIN');
		await client.query("INSERT INTO visits VALUES (9, '/early', now())");
		const failure = await client
			.query(`COPY visits FROM 's3://${bucket}/${prefix}bad/' ${ROLE} CSV`)
			.catch((error: unknown) => error);
		expect(failure).toMatchObject({
			message:
				"Load into table 'visits' failed.  Check 'stl_load_errors' system table for details.",
			code: 'XX000',
		});
		await client.query('ROLLBACK');
		expect((await client.query('SELECT count(*)::int AS n FROM visits')).rows).toEqual([{ n: 2 }]);
		const errors = await client.query(
			'SELECT line_number, trim(colname) AS colname, trim(raw_field_value) AS value, err_code, trim(err_reason) AS reason FROM stl_load_errors WHERE query = pg_last_copy_id()',
		);
		expect(errors.rows).toEqual([
			{
				line_number: '1',
				colname: 'page',
				value: '/contact-us-now',
				err_code: 1204,
				reason: 'String length exceeds DDL length',
			},
		]);
	});
});
