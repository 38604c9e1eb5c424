import { INVALID_CREDENTIALS_MESSAGE } from '../../../redshift-local/engine/copy/copyAuthorization';
import { CopyHarness, failureOf, ROLE } from './copyHarness';

describe('COPY sources: prefix, manifest, compression, authorization', () => {
	let harness: CopyHarness;

	beforeAll(async () => {
		harness = await CopyHarness.start('copy_sources');
		await harness.run('CREATE TABLE items (id int, name varchar(20))');
	});
	afterAll(async () => await harness.close());
	beforeEach(async () => await harness.run('TRUNCATE items'));

	it('loads every object under a key prefix', async () => {
		await harness.put('prefix/part-0', '1|one\n2|two\n');
		await harness.put('prefix/part-1', '3|three\n');
		await harness.put('other/part-0', '99|not under the prefix\n');
		const result = await harness.run(`COPY items FROM '${harness.url('prefix/part-')}' ${ROLE}`);
		expect(result.commandTag).toBe('COPY 3');
		expect(result.notices).toEqual([
			"Load into table 'items' completed, 3 record(s) loaded successfully.",
		]);
		expect(await harness.rows('SELECT id, name FROM items ORDER BY id')).toEqual([
			['1', 'one'],
			['2', 'two'],
			['3', 'three'],
		]);
	});

	it('fails when the prefix matches nothing', async () => {
		const error = await failureOf(
			harness.run(`COPY items FROM '${harness.url('nothing-here/')}' ${ROLE}`),
		);
		expect(error.message).toBe(
			`The specified S3 prefix '${harness.prefix}nothing-here/' does not exist`,
		);
	});

	it('loads gzip and zstd files', async () => {
		await harness.put('gz/data.gz', '1|gzipped\n', 'gzip');
		await harness.put('zst/data.zst', '2|zstd\n', 'zstd');
		await harness.run(`COPY items FROM '${harness.url('gz/')}' ${ROLE} GZIP`);
		await harness.run(`COPY items FROM '${harness.url('zst/')}' ${ROLE} ZSTD`);
		expect(await harness.rows('SELECT id, name FROM items ORDER BY id')).toEqual([
			['1', 'gzipped'],
			['2', 'zstd'],
		]);
		const error = await failureOf(
			harness.run(`COPY items FROM '${harness.url('zst/')}' ${ROLE} GZIP`),
		);
		expect(error.message).toContain('Failed to decompress');
	});

	it('follows a manifest, skipping a missing optional file and loading a file listed twice twice', async () => {
		const first = await harness.put('m1/a.csv.gz', '1,a\n', 'gzip');
		const second = await harness.put('m1/b.csv.gz', '2,b\n', 'gzip');
		const manifest = await harness.put(
			'm1/load.manifest',
			JSON.stringify({
				entries: [
					{ url: first, mandatory: true, meta: { content_length: 24 } },
					{ url: harness.url('m1/missing.csv.gz'), mandatory: false },
					{ url: second },
					{ url: second, mandatory: true },
				],
			}),
		);
		const result = await harness.run(`COPY items FROM '${manifest}' ${ROLE} MANIFEST CSV GZIP`);
		expect(result.rowCount).toBe(3);
		expect(await harness.rows('SELECT id, name FROM items ORDER BY id')).toEqual([
			['1', 'a'],
			['2', 'b'],
			['2', 'b'],
		]);
	});

	it('fails on a missing mandatory file and leaves the table unchanged', async () => {
		await harness.run("INSERT INTO items VALUES (7, 'kept')");
		const present = await harness.put('m2/a.csv', '1,a\n');
		const manifest = await harness.put(
			'm2/load.manifest',
			JSON.stringify({
				entries: [
					{ url: present, mandatory: true },
					{ url: harness.url('m2/gone.csv'), mandatory: true },
				],
			}),
		);
		const error = await failureOf(
			harness.run(`COPY items FROM '${manifest}' ${ROLE} MANIFEST CSV`),
		);
		expect(error.message).toBe('Mandatory url is not present in manifest file.');
		expect(error.detail).toContain(harness.url('m2/gone.csv'));
		expect(await harness.rows('SELECT id, name FROM items')).toEqual([['7', 'kept']]);
	});

	it('fails when the manifest itself or every listed file is missing', async () => {
		const noManifest = await failureOf(
			harness.run(`COPY items FROM '${harness.url('m3/none.manifest')}' ${ROLE} MANIFEST`),
		);
		expect(noManifest.message).toContain('Problem reading manifest file');
		const manifest = await harness.put(
			'm3/load.manifest',
			JSON.stringify({ entries: [{ url: harness.url('m3/gone.csv') }] }),
		);
		const noFiles = await failureOf(harness.run(`COPY items FROM '${manifest}' ${ROLE} MANIFEST`));
		expect(noFiles.message).toContain('None of the files listed in the manifest');
	});

	it('requires IAM_ROLE or CREDENTIALS and records them redacted', async () => {
		await harness.put('auth/data', '1|x\n');
		const missing = await failureOf(harness.run(`COPY items FROM '${harness.url('auth/')}'`));
		expect(missing.message).toBe(INVALID_CREDENTIALS_MESSAGE);
		expect(missing.code).toBe('XX000');
		await harness.run(
			`COPY items FROM '${harness.url('auth/')}' ACCESS_KEY_ID 'AKIAEXAMPLEKEY' SECRET_ACCESS_KEY 'never-shown' REGION 'us-east-1' COMPUPDATE OFF STATUPDATE OFF`,
		);
		await harness.run(
			`COPY items FROM '${harness.url('auth/')}' CREDENTIALS 'aws_iam_role=arn:aws:iam::123456789012:role/Legacy'`,
		);
		const history = await harness.committedRows(
			'SELECT trim(status), credentials, query_text FROM sys_load_history WHERE data_source = $1 ORDER BY query_id',
			[harness.url('auth/')],
		);
		expect(history.map((row) => [row[0], row[1]])).toEqual([
			['completed', "ACCESS_KEY_ID 'AKIAEXAMPLEKEY' SECRET_ACCESS_KEY '***'"],
			['completed', "CREDENTIALS 'aws_iam_role=arn:aws:iam::123456789012:role/Legacy'"],
		]);
		expect(history[0][2]).toContain("SECRET_ACCESS_KEY '***'");
		expect(JSON.stringify(history)).not.toContain('never-shown');
		expect(await harness.rows('SELECT count(*) FROM items')).toEqual([['2']]);
	});
});
