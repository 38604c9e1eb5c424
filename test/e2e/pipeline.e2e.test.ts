/**
 * The package's main job inside a real n8n 2.8.4: Postgres CDC Trigger (initial snapshot, then
 * changes) → Redshift Sink Apply Changelog (same table names, created when missing, Copy through the
 * local Redshift's S3 with the staging credential's keys). A stream of inserts, updates and deletes;
 * n8n killed with SIGKILL while a run is in flight and started again; then every target table must
 * equal its source row by row. Opt-in: `npm run test:e2e -- pipeline`.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';

import { createDatabase, type PostgresConnection } from '../support/embeddedPostgres';
import { CdcDatabase } from './support/cdcDatabase';
import { readExecution } from './support/executions';
import { e2ePostgres } from './support/globalSetup';
import { N8N_HOST_DIR, N8nHost, n8nDatabaseKindFromEnv } from './support/n8nHost';
import { installPackageLikeN8n, packNodesPackage } from './support/nodesPackage';
import {
	compareTable,
	describeDifference,
	isEqual,
	type TableDifference,
} from './support/pipelineCompare';
import { countExecutions, executionsWithStatus } from './support/pipelineExecutions';
import {
	MOVED_PARTITION,
	NO_PRIMARY_KEY_TABLE,
	PIPELINE_TABLES,
	PipelineWriter,
	TOAST_UNCHANGED,
} from './support/pipelineSource';
import { cdcToChangelogWorkflow } from './support/pipelineWorkflow';
import {
	REDSHIFT_CREDENTIAL_TYPE,
	STAGING_CREDENTIAL_TYPE,
	copyThroughLocalS3,
	redshiftCredentialData,
	stagingCredentialData,
} from './support/sinkCredentials';
import { SINK_NODE_NAME } from './support/sinkWorkflows';
import {
	startRedshiftLocalProcess,
	type RedshiftLocalProcess,
} from './support/sourceRedshiftLocal';
import { waitFor } from './support/waitFor';
import { activateWorkflow, createCredential, createWorkflow } from './support/workflows';

/** Transactions written while n8n is down, and again after it is back. */
const WRITES_WHILE_DOWN = 25;
const WRITES_AFTER_RESTART = 25;
/** Successful runs the restarted n8n must make while the stream goes on. */
const RUNS_AFTER_RESTART = 3;

let redshift: RedshiftLocalProcess;
let target: Client;
let source: Client;
let database: PostgresConnection;
let sql: CdcDatabase;
let host: N8nHost;
let userFolder: string;

async function compareAll(): Promise<TableDifference[]> {
	const differences: TableDifference[] = [];
	for (const table of PIPELINE_TABLES) differences.push(await compareTable(source, target, table));
	return differences;
}

/** Target tables appear only once their first run is applied: a missing table reads as "not yet". */
async function compareAllWhenPresent(): Promise<TableDifference[] | undefined> {
	try {
		return await compareAll();
	} catch (error) {
		if (/does not exist/.test((error as Error).message)) return undefined;
		throw error;
	}
}

beforeAll(async () => {
	redshift = await startRedshiftLocalProcess();
	target = new Client({ ...redshift.wire });
	await target.connect();

	database = await createDatabase(e2ePostgres(), `pipeline_e2e_${Date.now()}`);
	sql = await CdcDatabase.connect(database);
	source = new Client(database);
	await source.connect();

	userFolder = mkdtempSync(join(tmpdir(), 'n8n-e2e-pipeline-'));
	const logDir = join(N8N_HOST_DIR, 'logs');
	mkdirSync(logDir, { recursive: true });
	const logFile = join(
		logDir,
		`n8n-pipeline-${new Date().toISOString().replace(/[:.]/g, '-')}.log`,
	);
	console.log(`n8n output: ${logFile}`);
	const n8nDatabase =
		n8nDatabaseKindFromEnv() === 'sqlite'
			? ({ kind: 'sqlite' } as const)
			: ({
					kind: 'postgres',
					connection: await createDatabase(e2ePostgres(), `n8n_pipeline_${Date.now()}`),
				} as const);
	host = new N8nHost({ userFolder, logFile, database: n8nDatabase });
	const tarball = process.env.N8N_E2E_TARBALL ?? packNodesPackage(join(N8N_HOST_DIR, 'pack'));
	installPackageLikeN8n(host.n8nFolder, tarball);
	await host.start();
}, 600_000);

afterAll(async () => {
	await host?.close();
	await sql?.close();
	await source?.end().catch(() => undefined);
	await target?.end().catch(() => undefined);
	await redshift?.stop();
	if (userFolder && process.env.N8N_E2E_KEEP !== '1')
		rmSync(userFolder, { recursive: true, force: true });
}, 120_000);

describe('Postgres CDC → Redshift Apply Changelog in n8n 2.8.4', () => {
	test('a stream of inserts, updates and deletes with n8n killed (SIGKILL) mid-run and restarted: every target table equals its source row by row', async () => {
		const writer = new PipelineWriter(sql);
		await writer.createSchema();
		await writer.prefill();

		const replication = await createCredential(
			host.rest,
			'E2E replication',
			'postgresReplicationApi',
			{
				host: database.host,
				port: database.port,
				database: database.database,
				user: database.user,
				password: database.password,
				ssl: 'disable',
			},
		);
		const redshiftCredential = await createCredential(
			host.rest,
			'E2E Redshift',
			REDSHIFT_CREDENTIAL_TYPE,
			redshiftCredentialData(redshift),
		);
		const staging = await createCredential(
			host.rest,
			'E2E S3 staging',
			STAGING_CREDENTIAL_TYPE,
			stagingCredentialData(redshift),
		);
		const body = cdcToChangelogWorkflow({
			name: 'e2e pipeline',
			replication,
			sink: { redshift: redshiftCredential, staging },
			tables: PIPELINE_TABLES.map((table) => table.qualified),
			slotName: 'e2e_pipeline',
			publicationName: 'e2e_pipeline_pub',
			tableKeys: {
				[NO_PRIMARY_KEY_TABLE]: PIPELINE_TABLES.find(
					(table) => table.qualified === NO_PRIMARY_KEY_TABLE,
				)!.keys.join(', '),
			},
			writeMode: copyThroughLocalS3(redshift, 'e2e-pipeline'),
		});
		const saved = await createWorkflow(host.rest, body);
		await activateWorkflow(host.rest, saved.id, saved.versionId);

		// Keep writing, one transaction per probe, until a run is in flight after one succeeded: then crash.
		const inFlight = await waitFor(
			'a run in flight after a successful one, while the stream is written',
			240_000,
			async () => {
				await writer.commitNext();
				const succeeded = await countExecutions(host.rest, saved.id, 'success');
				if (succeeded === 0) return undefined;
				const running = await executionsWithStatus(host.rest, saved.id, ['new', 'running']);
				return running.length > 0 ? running[0] : undefined;
			},
			async () =>
				`${writer.transactions} transactions written; success ${await countExecutions(host.rest, saved.id, 'success')}, error ${await countExecutions(host.rest, saved.id, 'error')}`,
		);
		await host.kill();
		const writtenBeforeKill = writer.transactions;
		for (let n = 0; n < WRITES_WHILE_DOWN; n++) await writer.commitNext();

		await host.start();
		// Keep writing until the restarted n8n has applied several runs of the new stream.
		const successesAtRestart = await countExecutions(host.rest, saved.id, 'success');
		const writtenAtRestart = writer.transactions;
		await waitFor(
			`${RUNS_AFTER_RESTART} successful runs after the restart, while the stream is written`,
			240_000,
			async () => {
				if (writer.transactions - writtenAtRestart < WRITES_AFTER_RESTART)
					await writer.commitNext();
				const succeeded = await countExecutions(host.rest, saved.id, 'success');
				return succeeded >= successesAtRestart + RUNS_AFTER_RESTART &&
					writer.transactions - writtenAtRestart >= WRITES_AFTER_RESTART
					? true
					: undefined;
			},
			async () =>
				`${writer.transactions - writtenAtRestart} transactions written since the restart; success ${await countExecutions(host.rest, saved.id, 'success')} (${successesAtRestart} at restart), error ${await countExecutions(host.rest, saved.id, 'error')}`,
		);

		const differences = await waitFor(
			'every target table to equal its source',
			300_000,
			async () => {
				const all = await compareAllWhenPresent();
				return all?.every(isEqual) ? all : undefined;
			},
			async () => {
				const all = await compareAllWhenPresent().catch((error: Error) => error.message);
				const runs = `success ${await countExecutions(host.rest, saved.id, 'success')}, error ${await countExecutions(host.rest, saved.id, 'error')}, crashed ${await countExecutions(host.rest, saved.id, 'crashed')}`;
				if (all === undefined) return `a target table does not exist yet; runs: ${runs}`;
				if (typeof all === 'string') return `${all}; runs: ${runs}`;
				return `${all.map(describeDifference).join('\n')}\nruns: ${runs}`;
			},
		);
		for (const difference of differences) {
			expect(difference.sourceRows).toBeGreaterThan(0);
			expect({
				table: difference.table,
				missing: difference.missing,
				extra: difference.extra,
				differing: difference.differing,
			}).toEqual({ table: difference.table, missing: [], extra: [], differing: [] });
		}

		// The comparison sees a wrong target: one row changed, one removed, one added behind the pipeline's back.
		await target.query(
			"UPDATE public.documents SET title = 'changed in the target' WHERE id = (SELECT min(id) FROM public.documents)",
		);
		await target.query('DELETE FROM public.events WHERE id = (SELECT min(id) FROM public.events)');
		await target.query(
			"INSERT INTO public.order_lines (order_code, line_no, qty) VALUES ('only-in-target', 1, 1)",
		);
		const tampered = await compareAll();
		expect(
			tampered.map((d) => [d.table, d.missing.length, d.extra.length, d.differing.length]),
		).toEqual([
			['public.customers', 0, 0, 0],
			['public.order_lines', 0, 1, 0],
			['public.events', 1, 0, 0],
			['public.documents', 0, 0, 1],
		]);

		// The stream covered every case: the table without a primary key, partition moves, unchanged TOAST.
		for (const kind of [
			'update order_lines',
			'delete order_lines',
			'delete events',
			MOVED_PARTITION,
			TOAST_UNCHANGED,
			'delete customers',
		])
			expect({ kind, written: (writer.changes[kind] ?? 0) > 0 }).toEqual({ kind, written: true });

		// The loads went through COPY from the local S3, not INSERT.
		const [latest] = await executionsWithStatus(host.rest, saved.id, ['success'], 1);
		const loaded = await readExecution(host.rest, latest.id, SINK_NODE_NAME);
		expect(loaded.triggerItems.length).toBeGreaterThan(0);
		for (const item of loaded.triggerItems) expect(item).toMatchObject({ writeMode: 'copy' });

		const crashed = await countExecutions(host.rest, saved.id, 'crashed');
		console.log(
			`pipeline: killed during execution ${inFlight.id} after ${writtenBeforeKill} transactions; ${writer.transactions} in all; ` +
				`runs: success ${await countExecutions(host.rest, saved.id, 'success')}, error ${await countExecutions(host.rest, saved.id, 'error')}, crashed ${crashed}; ` +
				differences.map((d) => `${d.table} ${d.sourceRows} rows`).join(', ') +
				`; changes: ${JSON.stringify(writer.changes)}`,
		);
	});
});
