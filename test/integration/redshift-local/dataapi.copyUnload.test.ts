import {
	BatchExecuteStatementCommand,
	ExecuteStatementCommand,
	GetStatementResultCommand,
} from '@aws-sdk/client-redshift-data';
import {
	GetObjectCommand,
	ListObjectsV2Command,
	PutObjectCommand,
	type S3Client,
} from '@aws-sdk/client-s3';
import { gzipSync } from 'node:zlib';

import { s3Client, testServers, uniquePrefix } from '../../support/testServers';
import { startHarness, waitForStatement, type DataApiHarness } from './dataapiHarness';

const ROLE = "IAM_ROLE 'arn:aws:iam::123456789012:role/RedshiftLoader'";

describe('Data API: COPY and UNLOAD run through the same engine', () => {
	let harness: DataApiHarness;
	let s3: S3Client;
	const bucket = testServers().s3.bucket;
	const prefix = uniquePrefix('dataapi-copy-unload');

	async function run(Sql: string) {
		const { Id } = await harness.client.send(
			new ExecuteStatementCommand({ ...harness.target, Sql }),
		);
		return (await waitForStatement(harness.client, Id ?? '')).description;
	}

	async function put(key: string, body: Buffer | string): Promise<number> {
		await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
		return Buffer.byteLength(body);
	}

	async function read(key: string): Promise<string> {
		const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
		return (await object.Body?.transformToString()) ?? '';
	}

	beforeAll(async () => {
		harness = await startHarness('dataapi_copy');
		s3 = s3Client();
		expect(
			(await run('CREATE TABLE visits (id int4 NOT NULL, city varchar(20), amount numeric(8,2))'))
				.Status,
		).toBe('FINISHED');
	});
	afterAll(async () => {
		s3.destroy();
		await harness.stop();
	});

	it('COPYs a gzipped CSV listed in a manifest', async () => {
		const dataKey = `${prefix}in/part-0.csv.gz`;
		const length = await put(dataKey, gzipSync('1,Berlin,10.50\n2,Lisbon,20.00\n3,Oslo,\n'));
		const manifestKey = `${prefix}in/load.manifest`;
		await put(
			manifestKey,
			JSON.stringify({
				entries: [
					{ url: `s3://${bucket}/${dataKey}`, mandatory: true, meta: { content_length: length } },
				],
			}),
		);
		// Handlers see the statement as a simple query would: no leading comment, no trailing semicolon.
		const description = await run(
			`/* staged by a tool */ COPY visits FROM 's3://${bucket}/${manifestKey}' ${ROLE} MANIFEST FORMAT CSV GZIP REGION 'us-east-1';`,
		);
		expect(description.Error).toBeUndefined();
		expect(description).toMatchObject({ Status: 'FINISHED', HasResultSet: false, ResultRows: 3 });
		const rows = await harness.direct.query('SELECT id, city, amount FROM visits ORDER BY id');
		expect(rows.rows).toEqual([
			['1', 'Berlin', '10.50'],
			['2', 'Lisbon', '20.00'],
			['3', 'Oslo', null],
		]);
	});

	it('fails a COPY with a bad row as Redshift does, leaves the table unchanged and fills stl_load_errors', async () => {
		const badKey = `${prefix}bad/part-0.csv`;
		await put(badKey, '4,Rome,1.00\nfive,Paris,2.00\n');
		const description = await run(`COPY visits FROM 's3://${bucket}/${badKey}' ${ROLE} FORMAT CSV`);
		expect(description.Status).toBe('FAILED');
		expect(description.Error).toMatch(
			/^ERROR: Load into table 'visits' failed\. +Check 'stl_load_errors' system table for details\./,
		);
		expect((await harness.direct.query('SELECT count(*) FROM visits')).rows).toEqual([['3']]);
		const errors = await run(
			'SELECT line_number, trim(colname), trim(raw_field_value) FROM stl_load_errors ORDER BY starttime DESC LIMIT 1',
		);
		expect(errors.Status).toBe('FINISHED');
		const result = await harness.client.send(new GetStatementResultCommand({ Id: errors.Id }));
		expect(result.Records).toEqual([
			[{ longValue: 2 }, { stringValue: 'id' }, { stringValue: 'five' }],
		]);
	});

	it('UNLOADs with MANIFEST VERBOSE inside a batch, and the files read back', async () => {
		const unloadPrefix = `${prefix}out/visits_`;
		const { Id } = await harness.client.send(
			new BatchExecuteStatementCommand({
				...harness.target,
				Sqls: [
					"INSERT INTO visits VALUES (4, 'Rome', '4.00')",
					`UNLOAD ('select id, city from visits where city <> ''Oslo'' order by id') TO 's3://${bucket}/${unloadPrefix}' ` +
						`${ROLE} FORMAT AS CSV PARALLEL OFF MANIFEST VERBOSE`,
				],
			}),
		);
		const { description } = await waitForStatement(harness.client, Id ?? '');
		expect(description.Error).toBeUndefined();
		expect(description.Status).toBe('FINISHED');
		const listed = await s3.send(
			new ListObjectsV2Command({ Bucket: bucket, Prefix: unloadPrefix }),
		);
		const keys = (listed.Contents ?? []).map((object) => object.Key ?? '').sort();
		expect(keys).toContain(`${unloadPrefix}manifest`);
		const manifest = JSON.parse(await read(`${unloadPrefix}manifest`)) as {
			entries: Array<{ url: string; meta: { record_count: number } }>;
			schema: { elements: Array<{ name: string }> };
		};
		expect(manifest.schema.elements.map((element) => element.name)).toEqual(['id', 'city']);
		expect(manifest.entries.reduce((sum, entry) => sum + entry.meta.record_count, 0)).toBe(3);
		const data = await Promise.all(
			manifest.entries.map(async (entry) => await read(entry.url.replace(`s3://${bucket}/`, ''))),
		);
		expect(data.join('')).toBe('1,Berlin\n2,Lisbon\n4,Rome\n');
	});
});
