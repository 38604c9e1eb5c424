import { readDirect } from '../nodes/shared/reads';
import type { PostgresConnection } from '../test/support/embeddedPostgres';
import type { S3Connection } from '../test/support/s3Server';
import { compare, type Comparison } from './support/harness';
import { READ_COLUMNS, READ_ROWS, READ_TABLE, startReadFixture } from './support/readFixture';

const PAGE_SIZE = 10_000;

/**
 * Direct read as the Source node does it: readDirect through the local Redshift's wire front (a
 * cursor fetched in pages, every value converted), against COPY TO STDOUT on the same PostgreSQL.
 */
export async function readBench(
	postgres: PostgresConnection,
	s3: S3Connection,
	runs: number,
): Promise<Comparison> {
	const fixture = await startReadFixture(postgres, s3, 'bench_read');
	try {
		return await compare({
			name: `Direct read of ${READ_ROWS.toLocaleString('en-US')} rows (Source node, wire, pages of ${PAGE_SIZE.toLocaleString('en-US')})`,
			subject:
				'readDirect through the local Redshift: DECLARE CURSOR + FETCH, rows converted (ISO timestamps, exact int8/numeric)',
			baseline: 'COPY (SELECT …) TO STDOUT straight from the same PostgreSQL, bytes only',
			work: `${READ_ROWS} rows × ${READ_COLUMNS}`,
			runs,
			throughput: { subject: READ_ROWS, baseline: READ_ROWS, unit: 'rows' },
			runSubject: async () => {
				let rows = 0;
				for await (const page of readDirect(
					fixture.connection,
					{ text: `SELECT * FROM ${READ_TABLE}` },
					{ pageSize: PAGE_SIZE },
				))
					rows += page.rows.length;
				if (rows !== READ_ROWS)
					throw new Error(`readDirect read ${rows} rows, expected ${READ_ROWS}`);
			},
			runBaseline: async () => {
				await fixture.copyOut();
			},
			notes: READ_NOTES,
		});
	} finally {
		await fixture.stop();
	}
}

const READ_NOTES = [
	'The baseline moves bytes only, from PostgreSQL directly; the subject goes through the local Redshift wire front (a ' +
		'proxy in this process), pages a server-side cursor and turns every row into an object of converted values ' +
		'(timestamps to ISO 8601, TIMESTAMPTZ to UTC). Peak heap stays at about a page of rows whatever the row count: ' +
		'pages are consumed and dropped. Redshift has no COPY TO STDOUT; on a real cluster the cursor result is ' +
		'materialised on the leader node, which is why large results should use Unload.',
];
