import type { S3Client } from '@aws-sdk/client-s3';
import { Client } from 'pg';

import { DataApiConnection } from '../../../nodes/shared/redshift/connection/dataApi/dataApiConnection';
import type { RedshiftConnection, SqlRow } from '../../../nodes/shared/redshift/connection/types';
import { WireConnection } from '../../../nodes/shared/redshift/connection/wire/wireConnection';
import { readByUnload } from '../../../nodes/shared/reads/readByUnload';
import { buildUnload } from '../../../nodes/shared/redshift/sql/unload';
import { deletePrefix, listKeys } from '../../../nodes/shared/s3';
import { startLocalRedshift, type LocalRedshiftForTests } from '../../support/localRedshift';
import { s3Client, testServers, uniquePrefix } from '../../support/testServers';

const NULL_MARKER = '__n8n_null__';
const ROLE = { iamRole: 'arn:aws:iam::123456789012:role/unload' } as const;

async function collect(pages: AsyncIterable<SqlRow[]>) {
	const rows: SqlRow[] = [];
	for await (const page of pages) rows.push(...page);
	return rows;
}

/** UNLOAD to S3 through the local Redshift, then the files read back in parallel as typed rows. */
describe.each(['wire', 'dataApi'] as const)('readByUnload over %s', (transport) => {
	const { bucket } = testServers().s3;
	let local: LocalRedshiftForTests;
	let connection: RedshiftConnection;
	let s3: S3Client;

	beforeAll(async () => {
		local = await startLocalRedshift(`unload_${transport.toLowerCase()}`);
		s3 = s3Client();
		const admin = new Client(local.pgConfig);
		await admin.connect();
		await admin.query(
			`CREATE TABLE facts (id bigint, note varchar(40), amount numeric(20,2), ok boolean, n int)`,
		);
		await admin.query(
			`INSERT INTO facts SELECT g, 'row ' || g, g * 1.25, g % 2 = 0, g FROM generate_series(1, 2500) g`,
		);
		await admin.query(
			`INSERT INTO facts VALUES (9223372036854775807, '', NULL, NULL, NULL), (-1, NULL, 0, true, 0), (-2, 'a,"b"' || chr(10) || 'c', 1, false, 1)`,
		);
		await admin.end();
		connection =
			transport === 'wire'
				? new WireConnection({
						...(local.pgConfig as {
							host: string;
							port: number;
							user: string;
							password: string;
							database: string;
						}),
						ssl: 'disable',
					})
				: new DataApiConnection({
						region: 'us-east-1',
						endpoint: local.dataApiEndpoint,
						accessKeyId: 'local',
						secretAccessKey: 'local',
						clusterIdentifier: 'local',
						dbUser: 'awsuser',
						database: local.database,
						pollIntervalMs: { first: 10, max: 100 },
					});
	});
	afterAll(async () => {
		await connection.close();
		s3.destroy();
		await local.stop();
	});

	function options(prefix: string, query: string, pageSize = 1000) {
		const prefixUrl = `s3://${bucket}/${prefix}`;
		return {
			connection,
			s3,
			prefixUrl,
			unload: {
				text: buildUnload({
					query,
					to: prefixUrl,
					authorization: ROLE,
					format: 'CSV',
					compression: 'GZIP',
					nullAs: NULL_MARKER,
					maxFileSizeMb: 5,
				}),
			},
			compression: 'gzip' as const,
			nullString: NULL_MARKER,
			pageSize,
			concurrency: 3,
			cleanup: async () => {
				await deletePrefix(s3, bucket, prefix);
			},
		};
	}

	it('reads every row with types, NULL apart from empty, and removes the files', async () => {
		const prefix = uniquePrefix('unload-read');
		const rows = await collect(
			readByUnload(options(prefix, 'SELECT id, note, amount, ok, n FROM facts')),
		);
		expect(rows).toHaveLength(2503);
		const byId = new Map(rows.map((row) => [row.id, row]));
		expect(byId.get('9223372036854775807')).toEqual({
			id: '9223372036854775807',
			note: '',
			amount: null,
			ok: null,
			n: null,
		});
		expect(byId.get('-1')).toEqual({ id: '-1', note: null, amount: '0.00', ok: true, n: 0 });
		expect(byId.get('-2')).toEqual({ id: '-2', note: 'a,"b"\nc', amount: '1.00', ok: false, n: 1 });
		expect(byId.get('2500')).toEqual({
			id: '2500',
			note: 'row 2500',
			amount: '3125.00',
			ok: true,
			n: 2500,
		});
		const keys: string[] = [];
		for await (const key of listKeys(s3, bucket, prefix)) keys.push(key);
		expect(keys).toEqual([]);
	});

	it('cuts the rows of the parallel files into pages', async () => {
		const prefix = uniquePrefix('unload-pages');
		const pages: number[] = [];
		for await (const page of readByUnload(
			options(prefix, 'SELECT id, note, amount, ok, n FROM facts', 400),
		))
			pages.push(page.length);
		expect(pages.reduce((sum, size) => sum + size, 0)).toBe(2503);
		expect(Math.max(...pages)).toBeLessThanOrEqual(400);
		expect(pages.length).toBeGreaterThanOrEqual(Math.ceil(2503 / 400));
	});

	it('returns nothing for an empty result', async () => {
		const prefix = uniquePrefix('unload-empty');
		expect(
			await collect(readByUnload(options(prefix, 'SELECT id, note FROM facts WHERE id = 0'))),
		).toEqual([]);
	});

	it('reports a failing UNLOAD and still cleans up', async () => {
		const prefix = uniquePrefix('unload-fail');
		let cleaned = false;
		const failing = {
			...options(prefix, 'SELECT no_such_column FROM facts'),
			cleanup: async () => {
				cleaned = true;
			},
		};
		await expect(collect(readByUnload(failing))).rejects.toThrow(/no_such_column/);
		expect(cleaned).toBe(true);
	});
});
