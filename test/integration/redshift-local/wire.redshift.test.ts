import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { Client } from 'pg';

import { startLocalRedshift, type LocalRedshiftForTests } from '../../support/localRedshift';
import { s3Client, testServers, uniquePrefix } from '../../support/testServers';

const ROLE = "IAM_ROLE 'arn:aws:iam::123456789012:role/RedshiftLoader'";

/** Redshift's own statements (the registered handlers) through the wire front, as the product sends them. */
describe('wire front: COPY and UNLOAD over the wire', () => {
	let local: LocalRedshiftForTests;
	let client: Client;
	const s3 = s3Client();
	const { bucket } = testServers().s3;
	const prefix = uniquePrefix('wire-redshift');

	const count = async (): Promise<number> =>
		Number((await client.query('SELECT count(*) AS n FROM sales')).rows[0].n);

	beforeAll(async () => {
		local = await startLocalRedshift('wire_redshift', { dataApi: false });
		client = new Client(local.pgConfig);
		await client.connect();
		await client.query('CREATE TABLE sales (id int, item varchar(20))');
		await s3.send(
			new PutObjectCommand({
				Bucket: bucket,
				Key: `${prefix}in/part-0.csv`,
				Body: '1,apple\n2,pear\n',
			}),
		);
	});
	afterAll(async () => {
		await client.end();
		await local.stop();
		s3.destroy();
	});

	it('runs BEGIN; COPY …; COMMIT; sent as one query, in the client transaction', async () => {
		const copy = `COPY sales FROM 's3://${bucket}/${prefix}in/' ${ROLE} FORMAT CSV`;
		const results = (await client.query(`BEGIN; ${copy}; COMMIT;`)) as unknown as Array<{
			command: string;
			rowCount: number;
		}>;
		expect(results.map((result) => [result.command, result.rowCount])).toEqual([
			['BEGIN', null],
			['COPY', 2],
			['COMMIT', null],
		]);
		expect(await count()).toBe(2);
		await client.query(`BEGIN; ${copy};`);
		await client.query('ROLLBACK');
		expect(await count()).toBe(2);
	});

	it('fails the Nth COPY through the real COPY handler; the transaction is aborted', async () => {
		const copy = `COPY sales FROM 's3://${bucket}/${prefix}in/' ${ROLE} FORMAT CSV`;
		local.faults.failCopy(2);
		await client.query('BEGIN');
		await client.query(copy);
		await expect(client.query(copy)).rejects.toMatchObject({
			message: expect.stringMatching(/^Injected failure of COPY number \d+$/),
		});
		await expect(client.query('SELECT 1')).rejects.toMatchObject({ code: '25P02' });
		await client.query('ROLLBACK');
		expect(await count()).toBe(2);
		await client.query(copy);
		expect(await count()).toBe(4);
	});

	it("rejects PostgreSQL-only syntax in parameterised statements too, as Redshift's parser does", async () => {
		await expect(
			client.query('INSERT INTO sales VALUES ($1, $2) ON CONFLICT DO NOTHING', [9, 'fig']),
		).rejects.toMatchObject({ code: '42601', message: 'syntax error at or near "ON"' });
		await expect(
			client.query('INSERT INTO sales VALUES ($1, $2) RETURNING id', [9, 'fig']),
		).rejects.toMatchObject({
			code: '42601',
		});
		expect((await client.query('SELECT count(*) AS n FROM sales WHERE id = $1', [9])).rows).toEqual(
			[{ n: '0' }],
		);
	});

	it('UNLOADs through the wire with its INFO message and a manifest', async () => {
		const notices: string[] = [];
		client.on('notice', (notice) => notices.push(notice.message ?? ''));
		const target = `s3://${bucket}/${prefix}out/sales_`;
		await client.query(
			`UNLOAD ('select id, item from sales where item = ''apple''') TO '${target}' ${ROLE} MANIFEST`,
		);
		expect(
			notices.some((notice) => notice.startsWith('UNLOAD completed, 2 record(s) unloaded')),
		).toBe(true);
		const manifest = await s3.send(
			new GetObjectCommand({ Bucket: bucket, Key: `${prefix}out/sales_manifest` }),
		);
		const entries = JSON.parse(await manifest.Body!.transformToString()).entries as Array<{
			url: string;
		}>;
		expect(entries.length).toBeGreaterThan(0);
		expect(entries.every((entry) => entry.url.startsWith(target))).toBe(true);
	});
});
