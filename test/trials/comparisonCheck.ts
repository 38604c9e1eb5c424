import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

import { createDatabase, type PostgresConnection } from '../support/embeddedPostgres';
import { compareTable, type TableComparison } from './compare';
import { SeededRandom } from './random';
import { ADD_COLUMN_DDL, SOURCE_DDL, SOURCE_TABLES } from './sourceSchema';
import { applyTransactions, Workload } from './workload';

/** Target tables typed the way the Sink creates them in Redshift, with its metadata column. */
const TARGET_LIKE_DDL = [
	'CREATE TABLE parted (id integer, region integer, qty bigint, label varchar(65535), _n8n_cdc_position varchar(64))',
	'CREATE TABLE nokey (a integer, b varchar(65535), payload varchar(65535), amount numeric(18,4), _n8n_cdc_position varchar(64))',
	'CREATE TABLE fullident (id integer, tags varchar(256), score integer, note varchar(65535))',
	'CREATE TABLE wide (id integer, small integer, doc varchar(65535))',
];

/** Differences planted in the target: one missing, two extra (one a duplicate key), one differing TOASTed doc. */
const PLANTED = [
	'DELETE FROM nokey WHERE a = (SELECT min(a) FROM nokey)',
	'INSERT INTO parted (id, region) VALUES (-1, 0)',
	'INSERT INTO fullident SELECT * FROM fullident ORDER BY id LIMIT 1',
	"UPDATE wide SET doc = doc || 'x' WHERE id = (SELECT min(id) FROM wide)",
];

const totals = (tables: TableComparison[]) => ({
	missing: tables.reduce((sum, table) => sum + table.missing, 0),
	extra: tables.reduce((sum, table) => sum + table.extra, 0),
	differing: tables.reduce((sum, table) => sum + table.differing, 0),
});

async function compareAll(source: Client, target: Client): Promise<TableComparison[]> {
	const tables: TableComparison[] = [];
	for (const table of SOURCE_TABLES) tables.push(await compareTable(source, target, table));
	return tables;
}

/**
 * Checks the comparison itself before any scenario runs: the same rows under Redshift-like types
 * and an extra metadata column compare equal, and planted differences are each found once.
 * Throws when not, so a harness bug never reads as a clean product.
 */
export async function checkComparison(postgres: PostgresConnection): Promise<void> {
	const suffix = randomBytes(4).toString('hex');
	const clients: Client[] = [];
	for (const role of ['source', 'target']) {
		const { host, port, user, password, database } = await createDatabase(
			postgres,
			`trials_check_${role}_${suffix}`,
		);
		const client = new Client({ host, port, user, password, database });
		await client.connect();
		clients.push(client);
	}
	const [source, target] = clients;
	try {
		for (const statement of [...SOURCE_DDL, ...ADD_COLUMN_DDL]) await source.query(statement);
		for (const statement of TARGET_LIKE_DDL) await target.query(statement);
		const rows = new Workload(new SeededRandom(1)).initialTransactions();
		await applyTransactions(source, rows);
		await applyTransactions(target, rows);
		const equal = totals(await compareAll(source, target));
		if (equal.missing + equal.extra + equal.differing !== 0) {
			throw new Error(
				`The comparison finds differences between equal tables: ${JSON.stringify(equal)} (a harness bug).`,
			);
		}
		for (const statement of PLANTED) await target.query(statement);
		const planted = await compareAll(source, target);
		const found = totals(planted);
		const expected = { missing: 1, extra: 2, differing: 1 };
		if (JSON.stringify(found) !== JSON.stringify(expected)) {
			throw new Error(
				`The comparison found ${JSON.stringify(found)} of the planted ${JSON.stringify(expected)} (a harness bug).`,
			);
		}
		const lacking = planted.find((table) => table.table === 'wide')?.missingColumns ?? [];
		if (lacking.join(',') !== 'added_note') {
			throw new Error(
				`The comparison did not name the column the target lacks (got ${JSON.stringify(lacking)}; a harness bug).`,
			);
		}
	} finally {
		for (const client of clients) await client.end().catch(() => undefined);
	}
}
