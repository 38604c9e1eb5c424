import { Client } from 'pg';
import { to as copyToStdout } from 'pg-copy-streams';

import { WireConnection } from '../../nodes/shared/redshift/connection/wire/wireConnection';
import { startRedshiftLocal } from '../../redshift-local/server';
import { createDatabase, type PostgresConnection } from '../../test/support/embeddedPostgres';
import type { S3Connection } from '../../test/support/s3Server';

/** Rows of the read benchmarks: BENCH_READ_ROWS, default one million (the size). */
export const READ_ROWS = Number(process.env.BENCH_READ_ROWS ?? 1_000_000);
export const READ_TABLE = 'bench_source';
export const READ_COLUMNS =
	'6 columns (bigint, 32-char varchar, timestamp, timestamptz, numeric(12,2), boolean)';

/** One database with the table, the local Redshift in front of it, and the COPY TO STDOUT baseline. */
export interface ReadFixture {
	database: PostgresConnection;
	connection: WireConnection;
	/** COPY (SELECT * FROM table) TO STDOUT straight from PostgreSQL: the fastest way out, bytes only. */
	copyOut(rows?: number): Promise<number>;
	stop(): Promise<void>;
}

export async function startReadFixture(
	postgres: PostgresConnection,
	s3: S3Connection,
	name: string,
): Promise<ReadFixture> {
	const database = await createDatabase(postgres, `${name}_${Date.now()}`);
	const setup = new Client(database);
	await setup.connect();
	await setup.query(
		`CREATE TABLE ${READ_TABLE} AS SELECT g::bigint AS id, md5(g::text)::varchar(32) AS note,
		   timestamp '2024-01-01' + g * interval '1 second' AS at,
		   timestamptz '2024-01-01 00:00:00+00' + g * interval '1 millisecond' AS at_tz,
		   (g * 1.5)::numeric(12,2) AS amount, g % 2 = 0 AS flag
		 FROM generate_series(1, ${READ_ROWS}) g`,
	);
	await setup.end();
	const redshift = await startRedshiftLocal({
		postgres: {
			host: postgres.host,
			port: postgres.port,
			user: postgres.user,
			password: postgres.password,
		},
		s3,
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
	const copyClient = new Client(database);
	await copyClient.connect();
	return {
		database,
		connection,
		copyOut: async (rows = READ_ROWS) => {
			const query = `COPY (SELECT * FROM ${READ_TABLE} WHERE id <= ${rows}) TO STDOUT`;
			let bytes = 0;
			for await (const chunk of copyClient.query(copyToStdout(query)))
				bytes += (chunk as Buffer).length;
			if (bytes === 0) throw new Error('COPY returned nothing');
			return bytes;
		},
		stop: async () => {
			await copyClient.end().catch(() => undefined);
			await connection.close().catch(() => undefined);
			await redshift.stop();
		},
	};
}

/**
 * Memory while `run` reads, heap + external (Buffers, ArrayBuffers), in absolute MB: `startMb`
 * after a full collection before the run; `liveMb`, the largest right after a full collection at
 * each `probe()` (what the reader really holds); `peakMb`, the largest sampled every 5 ms (garbage
 * included, so it depends on when V8 collects).
 */
export async function memoryWhile(
	run: (probe: () => void) => Promise<void>,
): Promise<{ startMb: number; liveMb: number; peakMb: number }> {
	const collect = () => global.gc?.();
	const used = () => {
		const usage = process.memoryUsage();
		return usage.heapUsed + usage.external;
	};
	collect();
	const start = used();
	let peak = start;
	let live = 0;
	const timer = setInterval(() => (peak = Math.max(peak, used())), 5);
	try {
		await run(() => {
			peak = Math.max(peak, used());
			collect();
			live = Math.max(live, used());
		});
	} finally {
		clearInterval(timer);
	}
	const mb = (bytes: number) => bytes / 1024 / 1024;
	return { startMb: mb(start), liveMb: mb(live), peakMb: mb(Math.max(peak, used())) };
}
