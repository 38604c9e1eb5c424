import { HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { decompress as zstdDecompress } from 'fzstd';
import { parse as parseCsv } from 'csv-parse/sync';
import { gunzipSync } from 'node:zlib';

import { handleUnload } from '../../../redshift-local/engine/unload/handleUnload';
import { unloadSystemObjects } from '../../../redshift-local/engine/unload/unloadLog';
import { uniquePrefix } from '../../support/testServers';
import { objectBytes } from '../../support/s3Objects';
import { listKeys, startEngine, type EngineHarness } from './support/engineHarness';
import { readParquet } from './support/readParquet';

const ROLE = "IAM_ROLE 'arn:aws:iam::123456789012:role/Unload'";

describe('UNLOAD on the local Redshift', () => {
	let h: EngineHarness;

	beforeAll(async () => {
		h = await startEngine('unload', [handleUnload], unloadSystemObjects);
		await h.session.query(`CREATE TABLE venue (
			id int8 NOT NULL, name varchar(100), city varchar(30), seats int4, price numeric(18,2),
			opened timestamp, updated timestamptz, active boolean, doc jsonb)`);
		await h.session.query(`INSERT INTO venue VALUES
			(1, 'Pinewood Racetrack', 'Akron', 0, 12.50, '2001-02-03 04:05:06.789', '2001-02-03 04:05:06+00', true, '{"a":[1,2]}'),
			(2, 'Columbus "Crew" Stadium', 'Columbus', 20145, -3.25, '1999-12-31 23:59:59', '2020-06-01 10:00:00+02', false, null),
			(3, 'Pipe|and\\backslash', 'New
line', null, null, null, null, null, '"text"'),
			(4, 'São Paulo — Morumbi', '', 66795, 0.01, '2026-01-01 00:00:00', '2026-01-01 00:00:00+00', true, '42'),
			(5, 'Community, Ballpark, Arena', 'Kansas City', 10, 100, '2010-05-05 05:05:05', '2010-05-05 05:05:05+00', false, '[]')`);
	});
	afterAll(async () => await h.close());

	async function unloadedText(
		prefix: string,
		decode: (bytes: Buffer) => Buffer = (b) => b,
	): Promise<string[]> {
		const keys = await listKeys(h.s3, h.bucket, prefix);
		const texts = await Promise.all(
			keys.map(async (key) => decode(await objectBytes(h.s3, h.bucket, key)).toString('utf8')),
		);
		return texts;
	}

	it('writes pipe-delimited files per slice by default and reports the rows', async () => {
		const prefix = uniquePrefix('unload-default') + 'venue_';
		const result = await h.run(
			`UNLOAD ('select id, name, seats from venue where id <> 3 order by id') TO 's3://${h.bucket}/${prefix}' ${ROLE}`,
		);
		expect(result.commandTag).toBe('UNLOAD');
		expect(result.notices).toEqual(['UNLOAD completed, 4 record(s) unloaded successfully.']);
		expect(await listKeys(h.s3, h.bucket, prefix)).toEqual(
			['0000_part_00', '0001_part_00', '0002_part_00', '0003_part_00'].map((name) => prefix + name),
		);
		const lines = (await unloadedText(prefix)).join('').split('\n').filter(Boolean).sort();
		expect(lines).toEqual([
			'1|Pinewood Racetrack|0',
			'2|Columbus "Crew" Stadium|20145',
			'4|São Paulo — Morumbi|66795',
			'5|Community, Ballpark, Arena|10',
		]);
		expect(h.session.transactionStatus()).toBe('idle');
	});

	it('runs a query with doubled quotes, and writes NULL as an empty field', async () => {
		const prefix = uniquePrefix('unload-quotes');
		await h.run(
			`UNLOAD ('select id, seats, city from venue where name like ''Pipe%''') TO 's3://${h.bucket}/${prefix}' ${ROLE} PARALLEL OFF`,
		);
		expect(await listKeys(h.s3, h.bucket, prefix)).toEqual([`${prefix}000`]);
		expect(await unloadedText(prefix)).toEqual(['3||New\nline\n']);
	});

	it('escapes delimiters, newlines and backslashes with ESCAPE, and writes NULL AS and ADDQUOTES', async () => {
		const prefix = uniquePrefix('unload-escape');
		await h.run(
			`UNLOAD ('select id, name, city, seats from venue where id in (2, 3) order by id') TO 's3://${h.bucket}/${prefix}' ${ROLE} ` +
				`DELIMITER AS '|' ESCAPE NULL AS 'NIL' ADDQUOTES PARALLEL OFF`,
		);
		expect(await unloadedText(prefix)).toEqual([
			'"2"|"Columbus \\"Crew\\" Stadium"|"Columbus"|"20145"\n' +
				'"3"|"Pipe\\|and\\\\backslash"|"New\\\nline"|NIL\n',
		]);
	});

	it('writes CSV with a header, quoting only where needed, serially in ORDER BY order', async () => {
		const prefix = uniquePrefix('unload-csv');
		const result = await h.run(
			`UNLOAD ('select id, name, city from venue order by id') TO 's3://${h.bucket}/${prefix}' ${ROLE} FORMAT AS CSV HEADER PARALLEL OFF`,
		);
		expect(result.notices).toEqual(['UNLOAD completed, 5 record(s) unloaded successfully.']);
		const [text] = await unloadedText(prefix);
		expect(text.split('\n')[0]).toBe('id,name,city');
		expect(text).toContain('2,"Columbus ""Crew"" Stadium",Columbus\n');
		const records = parseCsv(text, { columns: true }) as Array<Record<string, string>>;
		expect(records.map((r) => r.id)).toEqual(['1', '2', '3', '4', '5']);
		expect(records[2].city).toBe('New\nline');
		expect(records[4].name).toBe('Community, Ballpark, Arena');
	});

	it('compresses with GZIP and ZSTD to the same content as plain text', async () => {
		const query = `('select id, name, city, price, opened from venue order by id')`;
		const plain = uniquePrefix('unload-plain');
		const gzip = uniquePrefix('unload-gzip');
		const zstd = uniquePrefix('unload-zstd');
		await h.run(`UNLOAD ${query} TO 's3://${h.bucket}/${plain}' ${ROLE} PARALLEL OFF`);
		await h.run(
			`UNLOAD ${query} TO 's3://${h.bucket}/${gzip}' ${ROLE} PARALLEL OFF GZIP REGION 'us-east-1'`,
		);
		await h.run(`UNLOAD ${query} TO 's3://${h.bucket}/${zstd}' ${ROLE} PARALLEL OFF ZSTD`);
		expect(await listKeys(h.s3, h.bucket, gzip)).toEqual([`${gzip}000.gz`]);
		expect(await listKeys(h.s3, h.bucket, zstd)).toEqual([`${zstd}000.zst`]);
		const expected = await unloadedText(plain);
		expect(expected[0].split('\n')).toHaveLength(7); // five rows, one with an embedded newline, and the final newline
		expect(await unloadedText(gzip, (bytes) => gunzipSync(bytes))).toEqual(expected);
		expect(await unloadedText(zstd, (bytes) => Buffer.from(zstdDecompress(bytes)))).toEqual(
			expected,
		);
	});

	it('writes MANIFEST VERBOSE as valid JSON whose lengths are the real object sizes', async () => {
		const prefix = uniquePrefix('unload-verbose') + 'venue_';
		await h.run(
			`UNLOAD ('select id, name, price, opened, updated, active, doc from venue') TO 's3://${h.bucket}/${prefix}' ${ROLE} MANIFEST VERBOSE HEADER`,
		);
		const manifest = JSON.parse(
			(await objectBytes(h.s3, h.bucket, `${prefix}manifest`)).toString('utf8'),
		);
		expect(manifest.entries).toHaveLength(4);
		let total = 0;
		for (const entry of manifest.entries as Array<{
			url: string;
			meta: { content_length: number; record_count: number };
		}>) {
			const key = entry.url.replace(`s3://${h.bucket}/`, '');
			const head = await h.s3.send(new HeadObjectCommand({ Bucket: h.bucket, Key: key }));
			expect(entry.meta.content_length).toBe(head.ContentLength);
			const lines = (await objectBytes(h.s3, h.bucket, key))
				.toString('utf8')
				.split('\n')
				.filter(Boolean);
			expect(lines[0]).toBe('id|name|price|opened|updated|active|doc');
			total += entry.meta.content_length;
		}
		// five rows over four slices, one header line per file
		expect(
			manifest.entries.map((e: { meta: { record_count: number } }) => e.meta.record_count),
		).toEqual([3, 2, 2, 2]);
		expect(manifest.meta).toEqual({ content_length: total, record_count: 9 });
		expect(manifest.schema.elements).toEqual([
			{ name: 'id', type: { base: 'bigint' } },
			{ name: 'name', type: { base: 'character varying', byte_length: 100 } },
			{ name: 'price', type: { base: 'numeric', precision: 18, scale: 2 } },
			{ name: 'opened', type: { base: 'timestamp without time zone' } },
			{ name: 'updated', type: { base: 'timestamp with time zone' } },
			{ name: 'active', type: { base: 'boolean' } },
			{ name: 'doc', type: { base: 'super' } },
		]);
		expect(manifest.author).toEqual({ name: 'Amazon Redshift', version: '1.0.0' });
	});

	it('writes no data files for an empty result, and a manifest without entries', async () => {
		const prefix = uniquePrefix('unload-empty');
		const result = await h.run(
			`UNLOAD ('select * from venue where false') TO 's3://${h.bucket}/${prefix}' ${ROLE} MANIFEST`,
		);
		expect(result.notices).toEqual(['UNLOAD completed, 0 record(s) unloaded successfully.']);
		expect(await listKeys(h.s3, h.bucket, prefix)).toEqual([`${prefix}manifest`]);
		expect(JSON.parse((await objectBytes(h.s3, h.bucket, `${prefix}manifest`)).toString())).toEqual(
			{
				entries: [],
			},
		);
		const parquetPrefix = uniquePrefix('unload-empty-parquet');
		await h.run(
			`UNLOAD ('select * from venue where false') TO 's3://${h.bucket}/${parquetPrefix}' ${ROLE} PARQUET`,
		);
		expect(await listKeys(h.s3, h.bucket, parquetPrefix)).toEqual([]);
	});

	it('refuses to overwrite by default, overwrites with ALLOWOVERWRITE, and empties the path with CLEANPATH', async () => {
		const prefix = uniquePrefix('unload-overwrite');
		const statement = `UNLOAD ('select id from venue') TO 's3://${h.bucket}/${prefix}' ${ROLE} PARALLEL OFF`;
		await h.run(statement);
		await expect(h.run(statement)).rejects.toThrow(
			/Specified unload destination on S3 is not empty.*ALLOWOVERWRITE/,
		);
		await h.run(`${statement} ALLOWOVERWRITE`);
		await h.s3.send(
			new PutObjectCommand({ Bucket: h.bucket, Key: `${prefix}stray.txt`, Body: 'old' }),
		);
		await h.run(`${statement} ALLOWOVERWRITE`);
		expect(await listKeys(h.s3, h.bucket, prefix)).toEqual([`${prefix}000`, `${prefix}stray.txt`]);
		await h.run(
			`UNLOAD ('select id from venue where id = 1') TO 's3://${h.bucket}/${prefix}' ${ROLE} PARALLEL OFF CLEANPATH`,
		);
		expect(await listKeys(h.s3, h.bucket, prefix)).toEqual([`${prefix}000`]);
		expect(await unloadedText(prefix)).toEqual(['1\n']);
	});

	it('cuts files at MAXFILESIZE, numbering serial parts in order', async () => {
		const prefix = uniquePrefix('unload-maxsize');
		await h.run(
			`UNLOAD ('select g, repeat(''x'', 1000) from generate_series(1, 12000) g order by g') TO 's3://${h.bucket}/${prefix}' ${ROLE} ` +
				`PARALLEL OFF MAXFILESIZE 5 MB MANIFEST VERBOSE`,
		);
		const manifest = JSON.parse(
			(await objectBytes(h.s3, h.bucket, `${prefix}manifest`)).toString(),
		);
		const urls = manifest.entries.map((e: { url: string }) => e.url);
		expect(urls).toEqual([0, 1, 2].map((n) => `s3://${h.bucket}/${prefix}00${n}`));
		const numbers: number[] = [];
		for (const entry of manifest.entries as Array<{
			url: string;
			meta: { content_length: number };
		}>) {
			expect(entry.meta.content_length).toBeLessThanOrEqual(5 * 1024 * 1024);
			const text = (
				await objectBytes(h.s3, h.bucket, entry.url.replace(`s3://${h.bucket}/`, ''))
			).toString();
			numbers.push(
				...text
					.split('\n')
					.filter(Boolean)
					.map((line) => Number(line.split('|')[0])),
			);
		}
		expect(numbers).toEqual(Array.from({ length: 12000 }, (_, i) => i + 1));
		expect(manifest.meta.record_count).toBe(12000);
	});

	it('writes Parquet that hyparquet reads back with native types', async () => {
		const prefix = uniquePrefix('unload-parquet');
		await h.run(
			`UNLOAD ('select id, name, seats, price, opened, updated, active, doc, opened::date as day from venue order by id') ` +
				`TO 's3://${h.bucket}/${prefix}' ${ROLE} FORMAT PARQUET PARALLEL OFF MANIFEST`,
		);
		expect(await listKeys(h.s3, h.bucket, prefix)).toEqual([
			`${prefix}000.parquet`,
			`${prefix}manifest`,
		]);
		const bytes = await objectBytes(h.s3, h.bucket, `${prefix}000.parquet`);
		const manifest = JSON.parse(
			(await objectBytes(h.s3, h.bucket, `${prefix}manifest`)).toString(),
		);
		expect(manifest.entries).toEqual([
			{ url: `s3://${h.bucket}/${prefix}000.parquet`, meta: { content_length: bytes.length } },
		]);
		const { rows, schema } = await readParquet(bytes);
		expect(rows).toHaveLength(5);
		expect(rows[0]).toEqual({
			id: 1n,
			name: 'Pinewood Racetrack',
			seats: 0,
			price: 12.5,
			opened: new Date('2001-02-03T04:05:06.789Z'),
			updated: new Date('2001-02-03T04:05:06.000Z'),
			active: true,
			// SUPER is Parquet's JSON type (DG unload-super.md), which hyparquet parses.
			doc: { a: [1, 2] },
			day: new Date('2001-02-03T00:00:00.000Z'),
		});
		expect(rows[1].updated).toEqual(new Date('2020-06-01T08:00:00.000Z'));
		expect(rows[1].price).toBe(-3.25);
		expect(rows[2]).toMatchObject({ seats: null, price: null, opened: null, active: null });
		expect(rows[3].name).toBe('São Paulo — Morumbi');
		const price = schema.find((element) => element.name === 'price');
		expect(price).toMatchObject({
			type: 'INT64',
			converted_type: 'DECIMAL',
			precision: 18,
			scale: 2,
		});
	});

	it('writes JSON lines', async () => {
		const prefix = uniquePrefix('unload-json');
		await h.run(
			`UNLOAD ('select id, name, active, doc from venue where id <= 2 order by id') TO 's3://${h.bucket}/${prefix}' ${ROLE} JSON PARALLEL OFF`,
		);
		const lines = (await unloadedText(prefix))[0]
			.split('\n')
			.filter(Boolean)
			.map((line) => JSON.parse(line));
		expect(lines).toEqual([
			{ id: 1, name: 'Pinewood Racetrack', active: true, doc: { a: [1, 2] } },
			{ id: 2, name: 'Columbus "Crew" Stadium', active: false, doc: null },
		]);
	});

	it('runs inside the client transaction and sees its uncommitted rows', async () => {
		const prefix = uniquePrefix('unload-txn');
		await h.run('BEGIN');
		await h.run(`INSERT INTO venue (id, name) VALUES (99, 'Uncommitted')`);
		await h.run(
			`UNLOAD ('select id, name from venue where id = 99') TO 's3://${h.bucket}/${prefix}' ${ROLE} PARALLEL OFF`,
		);
		expect(h.session.transactionStatus()).toBe('inTransaction');
		await h.run('ROLLBACK');
		expect(await unloadedText(prefix)).toEqual(['99|Uncommitted\n']);
		expect((await h.run('select count(*) from venue where id = 99')).rows).toEqual([['0']]);
	});

	it('rolls back its own transaction when the query fails', async () => {
		const prefix = uniquePrefix('unload-fail');
		await expect(
			h.run(`UNLOAD ('select 1/0') TO 's3://${h.bucket}/${prefix}' ${ROLE}`),
		).rejects.toThrow('division by zero');
		expect(h.session.transactionStatus()).toBe('idle');
		expect(await listKeys(h.s3, h.bucket, prefix)).toEqual([]);
	});

	it('records the UNLOAD in stl_unload_log and sys_unload_history, and answers pg_last_unload_count()', async () => {
		const prefix = uniquePrefix('unload-log');
		await h.run(`UNLOAD ('select id from venue') TO 's3://${h.bucket}/${prefix}' ${ROLE} MANIFEST`);
		const manifest = JSON.parse(
			(await objectBytes(h.s3, h.bucket, `${prefix}manifest`)).toString(),
		);
		const [[count, id]] = (await h.run('SELECT pg_last_unload_count(), pg_last_unload_id()')).rows;
		expect(count).toBe('5');
		const paths = await h.run(
			`SELECT trim(path), line_count FROM stl_unload_log WHERE query = ${Number(id)} ORDER BY path`,
		);
		expect(paths.rows.map(([path]) => path)).toEqual(
			manifest.entries.map((entry: { url: string }) => entry.url),
		);
		expect(paths.rows.reduce((sum, [, lines]) => sum + Number(lines), 0)).toBe(5);
		const history = await h.run(
			`SELECT trim(status), unloaded_rows, unloaded_files_count, trim(unload_path) FROM sys_unload_history WHERE query_id = ${Number(id)}`,
		);
		expect(history.rows).toEqual([['success', '5', '4', `s3://${h.bucket}/${prefix}`]]);
	});

	it('aborts the client transaction when the UNLOAD fails, as any error does on Redshift', async () => {
		await h.run('BEGIN');
		await expect(
			h.run(`UNLOAD ('select 1') TO 's3://${h.bucket}/x/' ${ROLE} PARQUET HEADER`),
		).rejects.toThrow("PARQUET format can't be used with HEADER");
		await expect(h.run('SELECT 1')).rejects.toThrow('current transaction is aborted');
		expect(h.session.transactionStatus()).toBe('failed');
		await h.run('ROLLBACK');
	});

	it('demands authorization as Redshift does', async () => {
		await expect(h.run(`UNLOAD ('select 1') TO 's3://${h.bucket}/x/'`)).rejects.toThrow(
			/needs authorization/,
		);
		const prefix = uniquePrefix('unload-credentials');
		await h.run(
			`UNLOAD ('select 1') TO 's3://${h.bucket}/${prefix}' CREDENTIALS 'aws_access_key_id=AKIAEXAMPLE;aws_secret_access_key=secret' PARALLEL OFF EXTENSION 'txt'`,
		);
		expect(await listKeys(h.s3, h.bucket, prefix)).toEqual([`${prefix}000.txt`]);
	});
});
