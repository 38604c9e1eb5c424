import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';

import { handleCopy } from '../../../redshift-local/engine/copy/handleCopy';
import { handleUnload } from '../../../redshift-local/engine/unload/handleUnload';
import { CopyHarness, failureOf, ROLE } from './copyHarness';

/** Parquet files written by the local UNLOAD, loaded back by COPY … FORMAT AS PARQUET. */
describe('COPY FORMAT AS PARQUET', () => {
	let harness: CopyHarness;
	let manifestUrl: string;

	beforeAll(async () => {
		harness = await CopyHarness.start('copy_parquet', [handleUnload, handleCopy]);
		await harness.run(
			'CREATE TABLE source (id int8, name varchar(20), amount float8, day date, at timestamp, ok boolean)',
		);
		await harness.run(`INSERT INTO source VALUES
			(9007199254740993, 'Zoë', 1.5, '2026-01-02', '2026-01-02 03:04:05.123456', true),
			(2, NULL, NULL, NULL, NULL, false)`);
		await harness.run(
			`UNLOAD ('SELECT * FROM source ORDER BY id') TO '${harness.url('unloaded/part_')}' ${ROLE} FORMAT AS PARQUET MANIFEST VERBOSE PARALLEL OFF`,
		);
		manifestUrl = harness.url('unloaded/part_manifest');
		await harness.run('CREATE TABLE target (LIKE source)');
	});
	afterAll(async () => await harness.close());
	beforeEach(async () => await harness.run('TRUNCATE target'));

	async function manifest(): Promise<{
		entries: Array<{ url: string; meta: { content_length: number } }>;
	}> {
		const key = manifestUrl.replace(`s3://${harness.bucket}/`, '');
		const object = await harness.s3.send(
			new GetObjectCommand({ Bucket: harness.bucket, Key: key }),
		);
		return JSON.parse(await (object.Body?.transformToString() ?? Promise.resolve('{}')));
	}

	it('loads the columns by position with their values intact', async () => {
		const result = await harness.run(
			`COPY target FROM '${manifestUrl}' ${ROLE} MANIFEST FORMAT AS PARQUET`,
		);
		expect(result.rowCount).toBe(2);
		expect(
			await harness.rows(
				'SELECT id, name, amount, day::text, at::text, ok FROM target ORDER BY id',
			),
		).toEqual([
			['2', null, null, null, null, 'f'],
			['9007199254740993', 'Zoë', '1.5', '2026-01-02', '2026-01-02 03:04:05.123456', 't'],
		]);
	});

	it("checks the manifest's meta.content_length, which columnar files require", async () => {
		const { entries } = await manifest();
		const withoutMeta = await harness.put(
			'checks/no-meta.manifest',
			JSON.stringify({ entries: entries.map(({ url }) => ({ url })) }),
		);
		const noMeta = await failureOf(
			harness.run(`COPY target FROM '${withoutMeta}' ${ROLE} MANIFEST FORMAT PARQUET`),
		);
		expect(noMeta.message).toBe("File entry does not have 'meta' key.");
		const tooLong = await harness.put(
			'checks/too-long.manifest',
			JSON.stringify({
				entries: entries.map(({ url, meta }) => ({
					url,
					meta: { content_length: meta.content_length + 10 },
				})),
			}),
		);
		const rangeError = await failureOf(
			harness.run(`COPY target FROM '${tooLong}' ${ROLE} MANIFEST FORMAT PARQUET`),
		);
		expect(rangeError.message).toContain('416');
		const tooShort = await harness.put(
			'checks/too-short.manifest',
			JSON.stringify({
				entries: entries.map(({ url, meta }) => ({
					url,
					meta: { content_length: meta.content_length - 10 },
				})),
			}),
		);
		const scanError = await failureOf(
			harness.run(`COPY target FROM '${tooShort}' ${ROLE} MANIFEST FORMAT PARQUET`),
		);
		expect(scanError.message).toContain('Spectrum Scan Error');
		expect(await harness.rows('SELECT count(*) FROM target')).toEqual([['0']]);
	});

	it('rejects options columnar COPY does not take and a column count that differs', async () => {
		const maxError = await failureOf(
			harness.run(`COPY target FROM '${manifestUrl}' ${ROLE} MANIFEST FORMAT PARQUET MAXERROR 5`),
		);
		expect(maxError.message).toBe('MAXERROR argument is not supported for PARQUET based COPY');
		const fewer = await failureOf(
			harness.run(`COPY target (id, name) FROM '${manifestUrl}' ${ROLE} MANIFEST FORMAT PARQUET`),
		);
		expect(fewer.message).toBe(
			'Unmatched number of columns between table and file. Table columns: 2, Data columns: 6',
		);
		await harness.s3.send(
			new PutObjectCommand({
				Bucket: harness.bucket,
				Key: `${harness.prefix}not-parquet/x`,
				Body: 'a|b\n',
			}),
		);
		const notParquet = await failureOf(
			harness.run(`COPY target FROM '${harness.url('not-parquet/')}' ${ROLE} FORMAT PARQUET`),
		);
		expect(notParquet.message).toContain('Spectrum Scan Error');
	});
});
