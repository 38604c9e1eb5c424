import { redshiftHandlers } from '../../../redshift-local/engine/handlers';
import { systemDdl } from '../../../redshift-local/engine/systemDdl';
import { uniquePrefix } from '../../support/testServers';
import { startEngine, type EngineHarness } from './support/engineHarness';

const ROLE = "IAM_ROLE 'arn:aws:iam::123456789012:role/RoundTrip'";

describe('UNLOAD output loads back with COPY (all handlers together)', () => {
	let h: EngineHarness;
	const rows = async (sql: string) => (await h.run(sql)).rows;

	beforeAll(async () => {
		h = await startEngine('roundtrip', redshiftHandlers, systemDdl);
		await h.run(
			`CREATE TABLE source (id BIGINT, name VARCHAR(40) ENCODE zstd, amount DECIMAL(12,2), at TIMESTAMP) DISTKEY(id)`,
		);
		await h.run(`INSERT INTO source VALUES
			(1, 'plain', 1.50, '2026-01-02 03:04:05'),
			(2, 'with, comma and "quotes"', -2.25, null),
			(3, null, null, '1999-12-31 23:59:59'),
			(4, 'ünïcödé', 100, '2026-06-01 00:00:00')`);
	});
	afterAll(async () => await h.close());

	const expected = [
		['1', 'plain', '1.50', '2026-01-02 03:04:05'],
		['2', 'with, comma and "quotes"', '-2.25', null],
		['3', null, null, '1999-12-31 23:59:59'],
		['4', 'ünïcödé', '100.00', '2026-06-01 00:00:00'],
	];

	it('CSV with GZIP and MANIFEST VERBOSE: COPY … MANIFEST CSV GZIP reads the same rows', async () => {
		const prefix = uniquePrefix('roundtrip-csv');
		await h.run(
			`UNLOAD ('select id, name, amount, at from source') TO 's3://${h.bucket}/${prefix}' ${ROLE} CSV GZIP NULL AS '\\\\N' MANIFEST VERBOSE`,
		);
		await h.run('CREATE TABLE csv_copy (LIKE source)');
		await h.run(
			`COPY csv_copy FROM 's3://${h.bucket}/${prefix}manifest' ${ROLE} MANIFEST CSV GZIP NULL AS '\\\\N'`,
		);
		expect(await rows('SELECT id, name, amount, at FROM csv_copy ORDER BY id')).toEqual(expected);
		expect(
			await rows(
				`SELECT distkey FROM pg_table_def WHERE tablename = 'csv_copy' AND "column" = 'id'`,
			),
		).toEqual([['t']]);
	});

	it('Parquet: COPY … FORMAT PARQUET reads the files the manifest lists with their lengths', async () => {
		const prefix = uniquePrefix('roundtrip-parquet');
		await h.run(
			`UNLOAD ('select id, name, amount, at from source') TO 's3://${h.bucket}/${prefix}' ${ROLE} PARQUET MANIFEST`,
		);
		await h.run('CREATE TABLE parquet_copy (LIKE source)');
		await h.run(
			`COPY parquet_copy FROM 's3://${h.bucket}/${prefix}manifest' ${ROLE} MANIFEST FORMAT PARQUET`,
		);
		expect(await rows('SELECT id, name, amount, at FROM parquet_copy ORDER BY id')).toEqual(
			expected,
		);
	});
});
