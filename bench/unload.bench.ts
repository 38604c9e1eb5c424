import { Client } from 'pg';

import { readUnloadedFiles, runUnload } from '../nodes/shared/reads';
import type { RedshiftConnection } from '../nodes/shared/redshift/connection/types';
import { WireConnection } from '../nodes/shared/redshift/connection/wire/wireConnection';
import { startRedshiftLocal } from '../redshift-local/server';
import { createDatabase } from '../test/support/embeddedPostgres';
import { benchS3Client } from './support/benchS3';
import { compare, median, type Comparison } from './support/harness';
import type { BenchServers } from './run';

const ROWS = 200_000;
const PAGE_SIZE = 10_000;
const TABLE = 'bench_unload';

/**
 * Reading a large result through the local Redshift: readByUnload (UNLOAD CSV gzip + manifest to
 * S3, then the files read in parallel) against the direct read (WireConnection.stream: a cursor
 * fetched in pages), both through the same wire front.
 */
export async function unloadBench(
	{ postgres, s3: s3Server }: BenchServers,
	runs: number,
): Promise<Comparison> {
	const database = await createDatabase(postgres, `bench_unload_${Date.now()}`);
	const setup = new Client(database);
	await setup.connect();
	await setup.query(
		`CREATE TABLE ${TABLE} AS SELECT g::bigint AS id, md5(g::text) AS note, now()::timestamp AS at, (g * 1.5)::numeric(12,2) AS amount, g % 2 = 0 AS flag
		 FROM generate_series(1, ${ROWS}) g`,
	);
	await setup.end();
	const redshift = await startRedshiftLocal({
		postgres: {
			host: postgres.host,
			port: postgres.port,
			user: postgres.user,
			password: postgres.password,
		},
		s3: s3Server,
		database: database.database,
		dataApi: false,
	});
	const connection = new WireConnection({
		host: redshift.wire.host,
		port: redshift.wire.port,
		user: postgres.user,
		password: postgres.password,
		database: database.database,
		ssl: 'disable',
	});
	const s3 = benchS3Client(s3Server);
	const authorization = {
		accessKeyId: s3Server.accessKeyId,
		secretAccessKey: s3Server.secretAccessKey,
	};
	let runNumber = 0;
	const unloadMs: number[] = [];
	const readMs: number[] = [];
	// Times the UNLOAD statement apart from reading the files.
	const timed: RedshiftConnection = {
		transport: connection.transport,
		query: async (statement, options) => {
			const started = Date.now();
			const result = await connection.query(statement, options);
			unloadMs.push(Date.now() - started);
			return result;
		},
		transaction: async (statements, options) => await connection.transaction(statements, options),
		stream: (statement, pageSize, options) => connection.stream(statement, pageSize, options),
		close: async () => await connection.close(),
	};
	const count = async (pages: AsyncIterable<unknown[] | { rows: unknown[] }>, what: string) => {
		let rows = 0;
		for await (const page of pages) rows += Array.isArray(page) ? page.length : page.rows.length;
		if (rows !== ROWS) throw new Error(`${what} read ${rows} rows, expected ${ROWS}`);
	};
	try {
		const result = await compare({
			name: 'Read a large result through the local Redshift: UNLOAD vs cursor',
			subject: 'readByUnload: UNLOAD CSV gzip + manifest, files read 4 at a time, then deleted',
			baseline: `WireConnection.stream: DECLARE CURSOR + FETCH ${PAGE_SIZE}`,
			work: `${ROWS} rows × 5 columns (bigint, md5 text, timestamp, numeric, boolean) into typed row pages`,
			runs,
			throughput: { subject: ROWS, baseline: ROWS, unit: 'rows' },
			runSubject: async () => {
				runNumber += 1;
				const prefixUrl = `s3://${s3Server.bucket}/bench/unload/${runNumber}/`;
				const started = Date.now();
				const result = await runUnload({
					connection: timed,
					s3,
					statement: { text: `SELECT * FROM ${TABLE}` },
					prefixUrl,
					authorization,
					format: 'csv',
				});
				try {
					await count(
						readUnloadedFiles(s3, result.files, { pageSize: PAGE_SIZE, concurrency: 4 }),
						'readUnloadedFiles',
					);
				} finally {
					await result.deleteFiles();
				}
				readMs.push(Date.now() - started - unloadMs[unloadMs.length - 1]);
			},
			runBaseline: async () => {
				await count(
					connection.stream({ text: `SELECT * FROM ${TABLE}` }, PAGE_SIZE),
					'the cursor read',
				);
			},
		});
		return { ...result, notes: unloadNotes(median(unloadMs), median(readMs)) };
	} finally {
		s3.destroy();
		await connection.close().catch(() => undefined);
		await redshift.stop();
	}
}

function unloadNotes(unloadMs: number, readMs: number): string[] {
	return [
		`Inside readByUnload (medians): ${unloadMs.toFixed(0)} ms for the UNLOAD statement (the local Redshift fetches the rows, ` +
			`writes CSV and compresses it with synchronous gzip level 6), ${readMs.toFixed(0)} ms to download, gunzip, parse ` +
			'and type the files and delete them (our code).',
		'Caveat: real Redshift unloads from every slice in parallel while a cursor funnels the result through the leader node; ' +
			'locally both read one PostgreSQL, so UNLOAD can only lose here. The useful number is our read side: a CPU profile ' +
			'(2026-11-21) showed csv-parse as the largest cost (about 4 µs per row), ahead of gunzip and GC. Next to optimise: ' +
			"a small parser for the one CSV dialect UNLOAD writes, or reading UNLOAD PARQUET (buildUnload's default) with " +
			'hyparquet, which skips text parsing of numbers and dates.',
	];
}
