/**
 * The Postgres CDC Trigger inside a real n8n 2.8.4 (installed as a community package from `npm pack`),
 * streaming from an embedded PostgreSQL. Opt-in: `npm run test:e2e` (see test/e2e/README.md).
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { parseLsn } from '../../nodes/shared/cdc/pgoutput/lsn';
import { createDatabase, type PostgresConnection } from '../support/embeddedPostgres';
import { CdcDatabase, type CommittedTransaction } from './support/cdcDatabase';
import { e2ePostgres, e2eReplicaOnlyPostgres } from './support/globalSetup';
import {
	listExecutions,
	readExecution,
	readFinishedExecutions,
	type ExecutionDetail,
	type ExecutionSummary,
	type ItemJson,
} from './support/executions';
import { N8N_HOST_DIR, N8nHost, n8nDatabaseKindFromEnv } from './support/n8nHost';
import { N8nRestError } from './support/n8nRest';
import { installPackageLikeN8n, packNodesPackage } from './support/nodesPackage';
import { waitFor } from './support/waitFor';
import {
	FAIL_EVERY_RUN,
	TRIGGER_NODE_NAME,
	activateWorkflow,
	cdcWorkflow,
	createCredential,
	createWorkflow,
	deactivateWorkflow,
	passThroughAfter,
	runManually,
	testCredential,
	updateWorkflow,
	type SavedCredential,
} from './support/workflows';

const CREDENTIAL_TYPE = 'postgresReplicationApi';
/** How long the step after the trigger holds each run: the window in which a run is in flight. */
const STEP_DELAY_MS = 2500;

let database: PostgresConnection;
let sql: CdcDatabase;
let host: N8nHost;
let userFolder: string;
let credential: SavedCredential;
const timings: Record<string, number> = {};

function credentialData(connection: PostgresConnection): Record<string, unknown> {
	return {
		host: connection.host,
		port: connection.port,
		database: connection.database,
		user: connection.user,
		password: connection.password,
		ssl: 'disable',
	};
}

interface Change {
	op: string;
	/** Null for initial-snapshot rows. */
	txId: number | null;
	commitLsn: bigint;
	after: ItemJson | null;
	before: ItemJson | null;
	key: ItemJson | null;
}

/** A table's description sent before its first change in each replication session. */
function isFirstSight(item: ItemJson): boolean {
	const change = item.schemaChange as { reason?: string } | undefined;
	return item.op === 'schema' && change?.reason === 'firstSight';
}

/** The run's items without first-sight descriptions (checked on their own where they matter). */
function changesOf(execution: ExecutionDetail): Change[] {
	return execution.triggerItems
		.filter((item) => !isFirstSight(item))
		.map((item) => {
			const source = item.source as { txId: number; commitLsn: string };
			return {
				op: String(item.op),
				txId: source.txId,
				commitLsn: parseLsn(source.commitLsn),
				after: (item.after as ItemJson | null) ?? null,
				before: (item.before as ItemJson | null) ?? null,
				key: (item.key as ItemJson | null) ?? null,
			};
		});
}

/** The one transaction a run carried (batching is one run per transaction). */
function transactionOf(execution: ExecutionDetail): { txId: number | null; commitLsn: bigint } {
	const changes = changesOf(execution);
	const txIds = [...new Set(changes.map((change) => change.txId))];
	if (txIds.length !== 1) {
		throw new Error(
			`execution ${execution.id} carried ${txIds.length} transactions (${txIds.join(', ')}); expected exactly one`,
		);
	}
	return { txId: txIds[0], commitLsn: changes[0].commitLsn };
}

async function createTable(name: string): Promise<void> {
	await sql.query(`CREATE TABLE public."${name}" (id int PRIMARY KEY, note text NOT NULL)`);
}

function insert(table: string, id: number, note: string) {
	return { text: `INSERT INTO public."${table}" (id, note) VALUES ($1, $2)`, values: [id, note] };
}

async function startCdcWorkflow(
	name: string,
	table: string,
	stepCode: string,
	start: 'now' | 'snapshot' = 'now',
) {
	const slotName = `e2e_${name}`;
	const body = cdcWorkflow({
		name: `e2e ${name}`,
		credential,
		tables: [`public.${table}`],
		slotName,
		publicationName: `${slotName}_pub`,
		stepCode,
		start,
	});
	const saved = await createWorkflow(host.rest, body);
	await activateWorkflow(host.rest, saved.id, saved.versionId);
	return { id: saved.id, slotName, body };
}

async function finished(workflowId: string): Promise<ExecutionDetail[]> {
	return await readFinishedExecutions(host.rest, workflowId, TRIGGER_NODE_NAME);
}

async function describeExecutions(workflowId: string): Promise<string> {
	const all = await listExecutions(host.rest, workflowId).catch((error: Error) => error.message);
	return typeof all === 'string' ? all : all.map((e) => `${e.id}:${e.status}`).join(' ');
}

/** Waits until successful production (not manual) runs carried every given transaction; returns all finished runs. */
async function waitForSuccessOf(
	workflowId: string,
	transactions: CommittedTransaction[],
	timeoutMs = 90_000,
): Promise<ExecutionDetail[]> {
	return await waitFor(
		`successful runs for transactions ${transactions.map((t) => t.txId).join(', ')} of workflow ${workflowId}`,
		timeoutMs,
		async () => {
			const runs = await finished(workflowId);
			// Only production runs count: a manual ("Listen for event") run may carry the same change.
			const delivered = new Set(
				runs
					.filter((run) => run.status === 'success' && run.mode !== 'manual')
					.flatMap((run) => changesOf(run).map((c) => c.txId)),
			);
			return transactions.every((t) => delivered.has(t.txId)) ? runs : undefined;
		},
		async () => await describeExecutions(workflowId),
	);
}

async function waitForSlotAt(slotName: string, lsn: bigint): Promise<bigint> {
	return await waitFor(
		`slot ${slotName} to confirm ${lsn}`,
		30_000,
		async () => {
			const confirmed = await sql.confirmedFlushLsn(slotName);
			return confirmed >= lsn ? confirmed : undefined;
		},
		async () => `confirmed_flush_lsn ${await sql.confirmedFlushLsn(slotName)}`,
	);
}

/** The first run succeeded and a later one is executing (each holds the step for STEP_DELAY_MS). */
function runInFlightAfterASuccess(all: ExecutionSummary[]): boolean {
	return (
		all.length >= 2 &&
		all[0].status === 'success' &&
		all.slice(1).some((run) => ['new', 'running'].includes(run.status))
	);
}

/** Successful runs per transaction id. */
function successCounts(runs: ExecutionDetail[]): Map<number | null, number> {
	const counts = new Map<number | null, number>();
	for (const run of runs.filter((r) => r.status === 'success')) {
		for (const txId of new Set(changesOf(run).map((c) => c.txId))) {
			counts.set(txId, (counts.get(txId) ?? 0) + 1);
		}
	}
	return counts;
}

beforeAll(async () => {
	const suiteStart = Date.now();
	database = await createDatabase(e2ePostgres(), 'cdc_e2e');
	sql = await CdcDatabase.connect(database);

	userFolder = mkdtempSync(join(tmpdir(), 'n8n-e2e-user-'));
	const logDir = join(N8N_HOST_DIR, 'logs');
	mkdirSync(logDir, { recursive: true });
	const logFile = join(logDir, `n8n-${new Date().toISOString().replace(/[:.]/g, '-')}.log`);
	console.log(`n8n output: ${logFile}`);
	const n8nDatabase =
		n8nDatabaseKindFromEnv() === 'sqlite'
			? ({ kind: 'sqlite' } as const)
			: ({ kind: 'postgres', connection: await createDatabase(e2ePostgres(), 'n8n') } as const);
	host = new N8nHost({ userFolder, logFile, database: n8nDatabase });

	const packStart = Date.now();
	// N8N_E2E_TARBALL tests a given package tarball (e.g. the one about to be published) instead of dist/.
	const tarball = process.env.N8N_E2E_TARBALL ?? packNodesPackage(join(N8N_HOST_DIR, 'pack'));
	installPackageLikeN8n(host.n8nFolder, tarball);
	timings.packAndInstallPackageMs = Date.now() - packStart;

	timings.firstStartMs = await host.start();
	credential = await createCredential(
		host.rest,
		'E2E replication',
		CREDENTIAL_TYPE,
		credentialData(database),
	);
	timings.setupMs = Date.now() - suiteStart;
}, 600_000);

afterAll(async () => {
	await host?.close();
	await sql?.close();
	if (userFolder && process.env.N8N_E2E_KEEP !== '1')
		rmSync(userFolder, { recursive: true, force: true });
	timings.startsMs = host ? host.startTimesMs.reduce((a, b) => Math.max(a, b), 0) : 0;
	console.log(
		`e2e timings (ms): ${JSON.stringify({ ...timings, allStartsMs: host?.startTimesMs })}`,
	);
}, 120_000);

describe('Postgres CDC Trigger in n8n 2.8.4', () => {
	test('the credential test through the REST API passes, and names a missing REPLICATION privilege or wal_level', async () => {
		const ok = await testCredential(
			host.rest,
			credential,
			CREDENTIAL_TYPE,
			credentialData(database),
		);
		expect(ok).toEqual({
			status: 'OK',
			message: 'Connection successful: logical replication is ready.',
		});

		const limitedSecret = randomBytes(12).toString('hex');
		// Role passwords cannot be bound as parameters; the value is generated hex, so it needs no escaping.
		await sql.query(
			`CREATE ROLE e2e_no_replication LOGIN PASSWORD '${limitedSecret}' NOREPLICATION`,
		);
		const limitedData = {
			...credentialData(database),
			user: 'e2e_no_replication',
			password: limitedSecret,
		};
		const limited = await createCredential(
			host.rest,
			'E2E no replication',
			CREDENTIAL_TYPE,
			limitedData,
		);
		const refused = await testCredential(host.rest, limited, CREDENTIAL_TYPE, limitedData);
		expect(refused.status).toBe('Error');
		expect(refused.message).toContain('The user has no REPLICATION privilege');
		expect(refused.message).not.toContain(limitedSecret); // the password never shows

		const replicaOnlyData = credentialData(e2eReplicaOnlyPostgres());
		const replicaOnly = await createCredential(
			host.rest,
			'E2E wal_level replica',
			CREDENTIAL_TYPE,
			replicaOnlyData,
		);
		const notLogical = await testCredential(
			host.rest,
			replicaOnly,
			CREDENTIAL_TYPE,
			replicaOnlyData,
		);
		expect(notLogical.status).toBe('Error');
		expect(notLogical.message).toContain(
			"wal_level is 'replica', logical replication needs 'logical'",
		);
	});

	test('activation fails through the REST API with the reason when a captured table does not exist', async () => {
		const body = cdcWorkflow({
			name: 'e2e missing table',
			credential,
			tables: ['public.e2e_does_not_exist'],
			slotName: 'e2e_missing_table',
			publicationName: 'e2e_missing_table_pub',
			stepCode: passThroughAfter(0),
		});
		const saved = await createWorkflow(host.rest, body);
		const failure = await activateWorkflow(host.rest, saved.id, saved.versionId).then(
			() => undefined,
			(error: unknown) => error,
		);
		expect(failure).toBeInstanceOf(N8nRestError);
		expect((failure as N8nRestError).status).toBe(400);
		expect((failure as N8nRestError).body).toContain('e2e_does_not_exist');
		const slots = await sql.query('SELECT 1 FROM pg_replication_slots WHERE slot_name = $1', [
			'e2e_missing_table',
		]);
		expect(slots).toHaveLength(0); // a failed activation leaves nothing behind
	});

	test('each committed transaction reaches exactly one successful run, in order; the slot moves only after the run succeeded', async () => {
		const table = 'e2e_orders';
		await createTable(table);
		const workflow = await startCdcWorkflow('orders', table, passThroughAfter(STEP_DELAY_MS));

		// One transaction at a time: observe the slot while its run is in flight, then after it succeeded.
		const oneByOne: CommittedTransaction[] = [];
		const slotWhileRunning: bigint[] = [];
		for (let n = 1; n <= 3; n++) {
			const seenBefore = (await listExecutions(host.rest, workflow.id)).length;
			oneByOne.push(await sql.commit([insert(table, n, `order ${n}`)]));
			const inFlight = await waitFor(
				`run ${n} to be in flight`,
				60_000,
				async () => {
					const all = await listExecutions(host.rest, workflow.id);
					return all.length > seenBefore ? all[all.length - 1] : undefined;
				},
				async () => await describeExecutions(workflow.id),
			);
			expect(['new', 'running']).toContain(inFlight.status);
			const confirmedDuringRun = await sql.confirmedFlushLsn(workflow.slotName);
			const still = await readExecution(host.rest, inFlight.id, TRIGGER_NODE_NAME);
			if (!['new', 'running'].includes(still.status)) {
				throw new Error(
					`run ${inFlight.id} ended before the slot was read (status ${still.status}); the observation window (STEP_DELAY_MS) is too short on this machine`,
				);
			}
			slotWhileRunning.push(confirmedDuringRun);
			const runs = await waitForSuccessOf(workflow.id, [oneByOne[n - 1]]);
			const run = runs.find((r) => r.id === inFlight.id);
			expect(run?.status).toBe('success');
			const { txId, commitLsn } = transactionOf(run as ExecutionDetail);
			expect(txId).toBe(oneByOne[n - 1].txId);
			expect(confirmedDuringRun).toBeLessThan(commitLsn); // not acknowledged while the run was in flight
			expect(await waitForSlotAt(workflow.slotName, commitLsn)).toBeGreaterThanOrEqual(commitLsn);
		}

		// A burst: several transactions committed back to back queue up and run one after another.
		const burst: CommittedTransaction[] = [
			await sql.commit([insert(table, 10, 'ten'), insert(table, 11, 'eleven')]),
			await sql.commit([
				{ text: `UPDATE public."${table}" SET note = 'one, updated' WHERE id = 1` },
			]),
			await sql.commit([{ text: `DELETE FROM public."${table}" WHERE id = 2` }]),
			await sql.commit([insert(table, 12, 'twelve')]),
		];
		const all = [...oneByOne, ...burst];
		const runs = await waitForSuccessOf(workflow.id, all);

		expect(runs.map((r) => r.status)).toEqual(all.map(() => 'success'));
		expect(runs.map((r) => transactionOf(r).txId)).toEqual(all.map((t) => t.txId));
		const lsns = runs.map((r) => transactionOf(r).commitLsn);
		expect([...lsns].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))).toEqual(lsns);
		const burstChanges = runs
			.slice(3)
			.map((r) => changesOf(r).map((c) => ({ op: c.op, after: c.after, key: c.key })));
		expect(burstChanges).toEqual([
			[
				{ op: 'c', after: { id: '10', note: 'ten' }, key: { id: '10' } },
				{ op: 'c', after: { id: '11', note: 'eleven' }, key: { id: '11' } },
			],
			[{ op: 'u', after: { id: '1', note: 'one, updated' }, key: { id: '1' } }],
			[{ op: 'd', after: null, key: { id: '2' } }],
			[{ op: 'c', after: { id: '12', note: 'twelve' }, key: { id: '12' } }],
		]);
		await waitForSlotAt(workflow.slotName, lsns[lsns.length - 1]);
	});

	test('a run that fails is not acknowledged and comes again; once the workflow is fixed, the same change succeeds once', async () => {
		const table = 'e2e_refunds';
		await createTable(table);
		const workflow = await startCdcWorkflow('refunds', table, FAIL_EVERY_RUN);
		const slotBefore = await sql.confirmedFlushLsn(workflow.slotName);

		const refund = await sql.commit([insert(table, 1, 'refund 1')]);
		// The first run fails, then the trigger streams the same change again (backoff from 1 s).
		const failures = await waitFor(
			'two failed runs of the same change',
			60_000,
			async () => {
				const runs = await finished(workflow.id);
				return runs.filter((r) => r.status === 'error').length >= 2 ? runs : undefined;
			},
			async () => await describeExecutions(workflow.id),
		);
		expect(failures.every((r) => r.status === 'error')).toBe(true);
		for (const run of failures) {
			expect(run.errorMessage).toContain('this step refuses every batch');
			expect(transactionOf(run).txId).toBe(refund.txId);
			expect(changesOf(run).map((c) => c.after)).toEqual([{ id: '1', note: 'refund 1' }]);
		}
		const commitLsn = transactionOf(failures[0]).commitLsn;
		const slotAfterFailures = await sql.confirmedFlushLsn(workflow.slotName);
		expect(slotAfterFailures).toBeLessThan(commitLsn);
		expect(slotAfterFailures).toBe(slotBefore);

		// Fix the workflow and publish the new version (n8n closes the old trigger, starts the new one).
		const fixed = await updateWorkflow(host.rest, workflow.id, {
			...workflow.body,
			nodes: workflow.body.nodes.map((node) =>
				(node as { name: string }).name === 'Process'
					? { ...(node as object), parameters: { jsCode: passThroughAfter(0) } }
					: node,
			),
		});
		await activateWorkflow(host.rest, workflow.id, fixed.versionId);

		const next = await sql.commit([insert(table, 2, 'refund 2')]);
		const runs = await waitForSuccessOf(workflow.id, [refund, next]);
		const successes = runs.filter((r) => r.status === 'success');
		expect(successes.map((r) => transactionOf(r).txId)).toEqual([refund.txId, next.txId]);
		expect(changesOf(successes[0]).map((c) => c.after)).toEqual([{ id: '1', note: 'refund 1' }]);
		expect(transactionOf(successes[0]).commitLsn).toBe(commitLsn);
		await waitForSlotAt(workflow.slotName, transactionOf(successes[1]).commitLsn);
	});

	test('n8n restarted (SIGTERM) while runs are in flight: nothing lost, no acknowledged change comes again', async () => {
		const table = 'e2e_restart';
		await createTable(table);
		const workflow = await startCdcWorkflow('restart', table, passThroughAfter(STEP_DELAY_MS));
		const committed: CommittedTransaction[] = [];
		for (let n = 1; n <= 4; n++) committed.push(await sql.commit([insert(table, n, `row ${n}`)]));

		// Stop once the first run succeeded and a later one is in flight.
		await waitFor(
			'a run to be in flight after the first one succeeded',
			60_000,
			async () => {
				const all = await listExecutions(host.rest, workflow.id);
				return runInFlightAfterASuccess(all) ? true : undefined;
			},
			async () => await describeExecutions(workflow.id),
		);
		timings.gracefulStopMs = await host.stop();
		const slotAtStop = await sql.confirmedFlushLsn(workflow.slotName);

		timings.restartMs = await host.start();
		const runs = await waitForSuccessOf(workflow.id, committed);

		const counts = successCounts(runs);
		expect(committed.map((t) => counts.get(t.txId))).toEqual([1, 1, 1, 1]);
		const successes = runs.filter((r) => r.status === 'success');
		expect(successes.map((r) => transactionOf(r).txId)).toEqual(committed.map((t) => t.txId));
		// Whatever the slot had confirmed at stop was delivered before the stop, never after it.
		const acknowledgedAtStop = successes.filter((r) => transactionOf(r).commitLsn <= slotAtStop);
		expect(acknowledgedAtStop.length).toBeGreaterThanOrEqual(1);
		const failedOrCut = runs.filter((r) => r.status !== 'success');
		for (const run of failedOrCut) expect(transactionOf(run).commitLsn).toBeGreaterThan(slotAtStop);
		await waitForSlotAt(
			workflow.slotName,
			transactionOf(successes[successes.length - 1]).commitLsn,
		);
		console.log(
			`restart: ${acknowledgedAtStop.length} of 4 acknowledged at stop; runs: ${runs.map((r) => `${r.id}:${r.status}${r.errorMessage ? `(${r.errorMessage})` : ''}`).join(' ')}`,
		);
	});

	test('n8n killed (SIGKILL) mid-run: after the restart every change succeeds, and none confirmed before the kill comes again', async () => {
		const table = 'e2e_crash';
		await createTable(table);
		const workflow = await startCdcWorkflow('crash', table, passThroughAfter(STEP_DELAY_MS));
		const committed: CommittedTransaction[] = [];
		for (let n = 1; n <= 3; n++) committed.push(await sql.commit([insert(table, n, `row ${n}`)]));

		await waitFor(
			'a run to be in flight after the first one succeeded',
			60_000,
			async () => {
				const all = await listExecutions(host.rest, workflow.id);
				return runInFlightAfterASuccess(all) ? true : undefined;
			},
			async () => await describeExecutions(workflow.id),
		);
		await host.kill();
		const slotAtKill = await sql.confirmedFlushLsn(workflow.slotName);

		await host.start();
		const runs = await waitForSuccessOf(workflow.id, committed);
		const counts = successCounts(runs);
		for (const t of committed) expect(counts.get(t.txId)).toBeGreaterThanOrEqual(1);
		const successes = runs.filter((r) => r.status === 'success');
		const confirmedAtKill = successes.filter((r) => transactionOf(r).commitLsn <= slotAtKill);
		for (const run of confirmedAtKill) expect(counts.get(transactionOf(run).txId)).toBe(1);
		// At-least-once: a run that succeeded right before the kill may come again only if it was not confirmed.
		const repeated = committed.filter((t) => (counts.get(t.txId) ?? 0) > 1);
		console.log(
			`crash: slot at kill ${slotAtKill}; confirmed before kill ${confirmedAtKill.length}; repeated after restart ${repeated.length}; runs: ${runs.map((r) => `${r.id}:${r.status}`).join(' ')}`,
		);
		await waitForSlotAt(
			workflow.slotName,
			transactionOf(successes[successes.length - 1]).commitLsn,
		);
	});
	test('initial snapshot: existing rows arrive once as op "r" after the table\'s description, then its snapshotEnd marker, then changes; a restart does not take the snapshot again', async () => {
		const table = 'e2e_snapshot';
		await createTable(table);
		await sql.commit([
			insert(table, 1, 'old 1'),
			insert(table, 2, 'old 2'),
			insert(table, 3, 'old 3'),
		]);
		const workflow = await startCdcWorkflow('snapshot', table, passThroughAfter(0), 'snapshot');
		const opsOf = (runs: ExecutionDetail[]) =>
			runs
				.filter((run) => run.status === 'success')
				.flatMap((run) =>
					changesOf(run).map((change) =>
						change.op === 'snapshotEnd' || change.op === 'schema'
							? change.op
							: `${change.op}:${String(change.after?.id)}`,
					),
				);

		const first = await sql.commit([insert(table, 4, 'new 4')]);
		const before = await waitForSuccessOf(workflow.id, [first]);
		expect(opsOf(before)).toEqual(['schema', 'r:1', 'r:2', 'r:3', 'snapshotEnd', 'c:4']);
		expect(before.every((run) => run.status === 'success')).toBe(true);
		// The stream describes the table again before its first change of the session.
		const described = before.flatMap((run) => run.triggerItems.filter(isFirstSight));
		expect(described.map((item) => (item.source as { table: string }).table)).toEqual([table]);

		// The snapshot's completion lives in the workflow's static data: n8n must have saved it.
		await host.stop();
		await host.start();
		const second = await sql.commit([insert(table, 5, 'new 5')]);
		const after = await waitForSuccessOf(workflow.id, [first, second]);
		expect(opsOf(after)).toEqual(['schema', 'r:1', 'r:2', 'r:3', 'snapshotEnd', 'c:4', 'c:5']);
		expect(after.every((run) => run.status === 'success')).toBe(true);
	});

	test('manual mode ("Listen for event") shows the next change from a temporary slot; the production slot keeps it', async () => {
		const table = 'e2e_manual';
		await createTable(table);
		const workflow = await startCdcWorkflow('manual', table, passThroughAfter(0));
		await deactivateWorkflow(host.rest, workflow.id); // the production slot stays (drop on deactivate is off)
		const productionAt = await sql.confirmedFlushLsn(workflow.slotName);
		const temporarySlots = async () =>
			(await sql.query('SELECT slot_name FROM pg_replication_slots WHERE temporary')).map((row) =>
				String(row.slot_name),
			);
		expect(await temporarySlots()).toEqual([]);

		const executionId = await runManually(host.rest, workflow.id, workflow.body, TRIGGER_NODE_NAME);
		await waitFor('the manual trigger to listen on a temporary slot', 30_000, async () =>
			(await temporarySlots()).length === 1 ? true : undefined,
		);
		const change = await sql.commit([insert(table, 1, 'seen in the editor')]);
		const manual = await waitFor(`manual execution ${executionId} to finish`, 60_000, async () => {
			const execution = await readExecution(host.rest, executionId, TRIGGER_NODE_NAME);
			return ['new', 'running', 'waiting'].includes(execution.status) ? undefined : execution;
		});
		expect(manual.mode).toBe('manual');
		expect(manual.status).toBe('success');
		expect(changesOf(manual).map((c) => ({ op: c.op, txId: c.txId, after: c.after }))).toEqual([
			{ op: 'c', txId: change.txId, after: { id: '1', note: 'seen in the editor' } },
		]);
		await waitFor('the temporary slot to be gone', 30_000, async () =>
			(await temporarySlots()).length === 0 ? true : undefined,
		);
		expect(await sql.confirmedFlushLsn(workflow.slotName)).toBe(productionAt);

		// Published again, the production slot still delivers the change the editor saw.
		const current = await host.rest.get<{ versionId: string }>(`/rest/workflows/${workflow.id}`);
		await activateWorkflow(host.rest, workflow.id, current.versionId);
		const runs = await waitForSuccessOf(workflow.id, [change]);
		const production = runs.filter((run) => run.mode !== 'manual' && run.status === 'success');
		expect(production.map((run) => transactionOf(run).txId)).toEqual([change.txId]);
	});
});
