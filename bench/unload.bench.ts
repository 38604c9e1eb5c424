import {
	readUnloadedFile,
	readUnloadedFiles,
	runUnload,
	type RowPage,
	type UnloadFormat,
	type UnloadResult,
} from '../nodes/shared/reads';
import type { RedshiftConnection } from '../nodes/shared/redshift/connection/types';
import { benchS3Client } from './support/benchS3';
import { compare, median, type Comparison } from './support/harness';
import {
	memoryWhile,
	READ_COLUMNS,
	READ_ROWS,
	READ_TABLE,
	startReadFixture,
} from './support/readFixture';
import type { BenchServers } from './run';

const PAGE_SIZE = 10_000;
const CONCURRENCY = 4;

async function countRows(pages: AsyncIterable<RowPage>, probe?: () => void): Promise<number> {
	let rows = 0;
	for await (const page of pages) {
		rows += page.rows.length;
		probe?.();
	}
	return rows;
}

/**
 * Unload read as the Source node does it: UNLOAD (Parquet, MANIFEST VERBOSE) through the local
 * Redshift, then the files read 4 at a time with hyparquet, against COPY TO STDOUT on the same
 * PostgreSQL. Then the file-by-file path (Read Unloaded File in a loop) at a quarter of the rows
 * and at all of them: its memory must not grow with the row count.
 */
export async function unloadBench(
	{ postgres, s3: s3Server }: BenchServers,
	runs: number,
): Promise<Comparison> {
	const fixture = await startReadFixture(postgres, s3Server, 'bench_unload');
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
		transport: fixture.connection.transport,
		query: async (statement, options) => {
			const started = Date.now();
			const result = await fixture.connection.query(statement, options);
			unloadMs.push(Date.now() - started);
			return result;
		},
		transaction: async (statements, options) =>
			await fixture.connection.transaction(statements, options),
		stream: (statement, pageSize, options) =>
			fixture.connection.stream(statement, pageSize, options),
		close: async () => await fixture.connection.close(),
	};
	const unload = async (
		format: UnloadFormat,
		rows = READ_ROWS,
		maxFileSizeMb?: number,
	): Promise<UnloadResult> => {
		runNumber += 1;
		return await runUnload({
			connection: timed,
			s3,
			statement: { text: `SELECT * FROM ${READ_TABLE} WHERE id <= $1`, values: [rows] },
			prefixUrl: `s3://${s3Server.bucket}/bench/unload/${runNumber}/`,
			authorization,
			format,
			maxFileSizeMb,
		});
	};
	try {
		const result = await compare({
			name: `Unload read of ${READ_ROWS.toLocaleString('en-US')} rows (Source node, Parquet, files read ${CONCURRENCY} at a time)`,
			subject:
				'runUnload (UNLOAD … FORMAT PARQUET MANIFEST VERBOSE through the local Redshift) + readUnloadedFiles, files deleted',
			baseline: 'COPY (SELECT …) TO STDOUT straight from the same PostgreSQL, bytes only',
			work: `${READ_ROWS} rows × ${READ_COLUMNS}`,
			runs,
			throughput: { subject: READ_ROWS, baseline: READ_ROWS, unit: 'rows' },
			runSubject: async () => {
				const started = Date.now();
				const unloaded = await unload('parquet');
				try {
					const rows = await countRows(
						readUnloadedFiles(s3, unloaded.files, {
							pageSize: PAGE_SIZE,
							concurrency: CONCURRENCY,
						}),
					);
					if (rows !== READ_ROWS) throw new Error(`read ${rows} rows, expected ${READ_ROWS}`);
				} finally {
					await unloaded.deleteFiles();
				}
				readMs.push(Date.now() - started - unloadMs[unloadMs.length - 1]);
			},
			runBaseline: async () => {
				await fixture.copyOut();
			},
		});
		const csv = await csvRun(unload, s3);
		const flat = await fileByFile(unload, s3);
		return { ...result, notes: unloadNotes(median(unloadMs), median(readMs), csv, flat) };
	} finally {
		s3.destroy();
		await fixture.stop();
	}
}

type Unload = (
	format: UnloadFormat,
	rows?: number,
	maxFileSizeMb?: number,
) => Promise<UnloadResult>;

/** One run with CSV gzip instead of Parquet: UNLOAD and read times. */
async function csvRun(unload: Unload, s3: ReturnType<typeof benchS3Client>) {
	let started = Date.now();
	const unloaded = await unload('csv');
	const unloadMs = Date.now() - started;
	started = Date.now();
	try {
		await countRows(
			readUnloadedFiles(s3, unloaded.files, { pageSize: PAGE_SIZE, concurrency: CONCURRENCY }),
		);
	} finally {
		await unloaded.deleteFiles();
	}
	return { unloadMs, readMs: Date.now() - started };
}

interface FlatRun {
	format: UnloadFormat;
	rows: number;
	files: number;
	largestFileMb: number;
	startMb: number;
	peakMb: number;
	liveMb: number;
}

/**
 * Read Unloaded File in a loop: one file at a time, pages dropped as they are read. Measured at a
 * quarter of the rows and at all of them, with MAXFILESIZE 5 MB for CSV (the local Parquet writer
 * cuts parts at 32 MB at the least, as Redshift rounds Parquet files to 32 MB row groups).
 */
async function fileByFile(unload: Unload, s3: ReturnType<typeof benchS3Client>) {
	const runs: FlatRun[] = [];
	for (const format of ['csv', 'parquet'] as const) {
		for (const rows of [Math.floor(READ_ROWS / 4), READ_ROWS]) {
			const unloaded = await unload(format, rows, 5);
			try {
				let read = 0;
				const { startMb, peakMb, liveMb } = await memoryWhile(async (probe) => {
					for (const file of unloaded.files)
						read += await countRows(readUnloadedFile(s3, file, { pageSize: PAGE_SIZE }), probe);
				});
				if (read !== rows) throw new Error(`file by file read ${read} rows, expected ${rows}`);
				runs.push({
					format,
					rows,
					files: unloaded.files.length,
					largestFileMb: Math.max(...unloaded.files.map((file) => file.size)) / 1024 / 1024,
					startMb,
					peakMb,
					liveMb,
				});
			} finally {
				await unloaded.deleteFiles();
			}
		}
	}
	return runs;
}

function unloadNotes(
	unloadMs: number,
	readMs: number,
	csv: { unloadMs: number; readMs: number },
	flat: FlatRun[],
): string[] {
	const rate = (ms: number) => `${((READ_ROWS * 1000) / ms / 1000).toFixed(1)}k rows/s`;
	return [
		`Inside the subject (medians): ${unloadMs.toFixed(0)} ms for the UNLOAD statement (the local Redshift, in this process, ` +
			`fetches the rows from PostgreSQL and encodes Parquet), ${readMs.toFixed(0)} ms to download, decode and convert the ` +
			`files and delete them (our read side: ${rate(readMs)}).`,
		`CSV gzip instead of Parquet (one run): UNLOAD ${csv.unloadMs} ms, read ${csv.readMs} ms (${rate(csv.readMs)}).`,
		[
			"File by file (Read Unloaded File in a Loop Over Items, pages of 10,000 rows dropped as read). Memory is this process's heap + external (Buffers), absolute: at the start after a full GC, live = the most seen right after a full GC at every page, peak = the most sampled every 5 ms (garbage included):",
			'',
			'| format | rows | files | largest file MB | start MB | live MB | peak MB |',
			'|---|---|---|---|---|---|---|',
			...flat.map(
				(run) =>
					`| ${run.format} | ${run.rows.toLocaleString('en-US')} | ${run.files} | ${run.largestFileMb.toFixed(1)} | ${run.startMb.toFixed(0)} | ${run.liveMb.toFixed(0)} | ${run.peakMb.toFixed(0)} |`,
			),
		].join('\n'),
		'Live memory follows one file (a Parquet file of up to 16 MB is fetched whole, a larger one a row group at a time by ' +
			'byte ranges; CSV streams), not the row count: with MAXFILESIZE more rows make more files, not larger ones. The ' +
			'local Parquet writer cuts parts at 32 MB only (as Redshift rounds MAXFILESIZE to 32 MB row groups), so at these ' +
			'sizes its files still grow with the rows. ' +
			'Caveat: real Redshift unloads from every slice in parallel while a cursor funnels the result through the leader ' +
			'node; locally both read one PostgreSQL, and the UNLOAD side runs in this process, so the time ratio says little ' +
			'about a real cluster. The useful numbers are our read side and its memory.',
	];
}
