import { Client } from 'pg';
import { to as copyToStdout } from 'pg-copy-streams';

import { WireConnection } from '../nodes/shared/redshift/connection/wire/wireConnection';
import type { PostgresConnection } from '../test/support/embeddedPostgres';
import { compare, type Comparison } from './support/harness';

const ROWS = 200_000;

/** Direct read: our cursor-paged stream against the fastest way out of PostgreSQL, COPY TO STDOUT. */
export async function readBench(postgres: PostgresConnection, runs: number): Promise<Comparison> {
	const setup = new Client(postgres);
	await setup.connect();
	await setup.query('DROP TABLE IF EXISTS bench_read');
	await setup.query(
		`CREATE TABLE bench_read AS SELECT g AS id, md5(g::text) AS note, now() AS at, (g * 1.5)::numeric(12,2) AS amount, g % 2 = 0 AS flag
		 FROM generate_series(1, ${ROWS}) g`,
	);
	await setup.end();

	const connection = new WireConnection({ ...postgres, ssl: 'disable' });
	const baselineClient = new Client(postgres);
	await baselineClient.connect();
	try {
		return await compare({
			name: 'Direct read (wire, cursor pages of 10,000 rows)',
			subject: 'WireConnection.stream → typed rows',
			baseline: 'COPY (SELECT …) TO STDOUT, bytes only',
			work: `${ROWS} rows × 5 columns`,
			runs,
			runSubject: async () => {
				let count = 0;
				for await (const page of connection.stream({ text: 'SELECT * FROM bench_read' }, 10_000))
					count += page.length;
				if (count !== ROWS) throw new Error(`read ${count} rows, expected ${ROWS}`);
			},
			notes: READ_NOTES,
			runBaseline: async () => {
				const stream = baselineClient.query(
					copyToStdout('COPY (SELECT * FROM bench_read) TO STDOUT'),
				);
				let bytes = 0;
				for await (const chunk of stream) bytes += (chunk as Buffer).length;
				if (bytes === 0) throw new Error('COPY returned nothing');
			},
		});
	} finally {
		await connection.close();
		await baselineClient.end();
	}
}

const READ_NOTES = [
	'The baseline moves bytes only; the subject pages a server-side cursor (FETCH 10,000 inside a transaction) and has ' +
		'node-postgres turn every row into an object with typed values. The gap is that row building: it is the price of ' +
		'items n8n can use, and Redshift has no COPY TO STDOUT to avoid it. For results too large for the leader node, the ' +
		"Source node's unload mode (the last benchmark) is the way out, not a faster cursor.",
];
