import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';

import { parseLsn } from '../../nodes/shared/cdc/pgoutput/lsn';
import { startRedshiftLocal, type LocalRedshift } from '../../redshift-local/server';
import { createDatabase, type PostgresConnection } from '../support/embeddedPostgres';
import type { S3Connection } from '../support/s3Server';
import { compareTable, type TableComparison } from './compare';
import type { TrialsConfig } from './config';
import type { ConsumerOptions } from './consumerProtocol';
import { ConsumerProcess } from './consumerProcess';
import { killAtCopy, watchCopyFailures } from './copyKill';
import { KILL_KINDS, pickKillPlan, type KillKind, type KillPlan } from './killPlan';
import { SeededRandom } from './random';
import { CAPTURED_TABLES, SOURCE_DDL, SOURCE_TABLES } from './sourceSchema';
import { applyTransactions, Workload } from './workload';

export interface Servers {
	postgres: PostgresConnection;
	s3: S3Connection;
}

export interface ScenarioResult {
	scenario: string;
	maxRunsInFlight: number;
	trials: number;
	missing: number;
	extra: number;
	differing: number;
	/** How many trials actually reached their kill point (or COPY failure), by kind. */
	fired: Record<KillKind, number>;
	planned: Record<KillKind, number>;
	status: string;
	tables: TableComparison[];
	workload: Map<string, number>;
	seconds: number;
}

type TrialEnd = 'killed' | 'caughtUp' | 'stalled';

const pause = async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms));

async function connect(connection: PostgresConnection): Promise<Client> {
	const { host, port, user, password, database } = connection;
	const client = new Client({ host, port, user, password, database });
	await client.connect();
	return client;
}

async function currentWal(source: Client): Promise<bigint> {
	const { rows } = await source.query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn');
	return parseLsn(rows[0].lsn);
}

async function confirmedFlush(source: Client, slotName: string): Promise<bigint | undefined> {
	const { rows } = await source.query<{ lsn: string | null }>(
		'SELECT confirmed_flush_lsn::text AS lsn FROM pg_replication_slots WHERE slot_name = $1',
		[slotName],
	);
	return rows[0]?.lsn ? parseLsn(rows[0].lsn) : undefined;
}

/**
 * One scenario: fresh source and target databases, the initial rows, then `trials` rounds of
 * workload + one kill point each, then a final catch-up without kills and the row-by-row comparison.
 */
export async function runScenario(
	servers: Servers,
	config: TrialsConfig,
	maxRunsInFlight: number,
): Promise<ScenarioResult> {
	const started = Date.now();
	const name = 'crash-mix';
	const suffix = randomBytes(4).toString('hex');
	const rng = new SeededRandom(config.seed); // the same seed: every scenario gets the same workload and plan
	const workload = new Workload(rng.fork());
	const killRng = rng.fork();
	const sourceConnection = await createDatabase(servers.postgres, `trials_source_${suffix}`);
	const targetConnection = await createDatabase(servers.postgres, `trials_target_${suffix}`);
	const source = await connect(sourceConnection);
	const target = await connect(targetConnection);
	const redshift: LocalRedshift = await startRedshiftLocal({
		postgres: { ...servers.postgres },
		s3: servers.s3,
		database: targetConnection.database,
		dataApi: false,
	});
	const stateDir = mkdtempSync(join(tmpdir(), 'n8n-redshift-cdc-trials-'));
	const slotName = `trials_${suffix}`;
	const consumerOptions: ConsumerOptions = {
		sourceCredentials: {
			host: sourceConnection.host,
			port: sourceConnection.port,
			database: sourceConnection.database,
			user: sourceConnection.user,
			password: sourceConnection.password,
			ssl: 'disable',
		},
		redshiftCredentials: {
			connectionType: 'direct',
			host: redshift.wire.host,
			port: redshift.wire.port,
			database: targetConnection.database,
			user: servers.postgres.user,
			password: servers.postgres.password,
			ssl: 'disable',
		},
		s3Credentials: {
			region: servers.s3.region,
			awsCredentials: 'accessKeys',
			accessKeyId: servers.s3.accessKeyId,
			secretAccessKey: servers.s3.secretAccessKey,
			endpoint: servers.s3.endpoint,
			forcePathStyle: true,
		},
		bucket: servers.s3.bucket,
		prefix: `trials/${suffix}`,
		slotName,
		tables: CAPTURED_TABLES,
		maxRunsInFlight,
		staticDataFile: join(stateDir, 'staticData.json'),
	};
	const zero = () =>
		Object.fromEntries([...KILL_KINDS, 'none'].map((kind) => [kind, 0])) as Record<
			KillKind,
			number
		>;
	const fired = zero();
	const planned = zero();
	let consumer: ConsumerProcess | undefined;
	let status = 'ok';
	let trialsRun = 0;
	/** Consumer exits nobody caused (a crash of the product or of the consumer). */
	const crashes: string[] = [];
	let startupFailures = 0;
	const errorsSeen: string[] = [];
	const log = (line: string) =>
		console.log(`  [${name} maxRunsInFlight=${maxRunsInFlight}] ${line}`);

	const startConsumer = () => {
		if (consumer) errorsSeen.push(...consumer.errors);
		consumer = new ConsumerProcess(consumerOptions, config.verbose);
		return consumer;
	};

	/** Waits until the consumer died, or caught up with `walTarget` and is idle, or the deadline passed. */
	const waitForTrialEnd = async (
		running: ConsumerProcess,
		walTarget: bigint,
		deadlineMs: number,
		timerPending: () => boolean,
	): Promise<TrialEnd> => {
		const deadline = Date.now() + deadlineMs;
		for (;;) {
			if (running.hasExited) return 'killed';
			if (running.activated && running.activationMark?.activation !== running.activations) {
				const activation = running.activations;
				const lsn = await confirmedFlush(source, slotName);
				if (lsn !== undefined) running.activationMark = { activation, lsn };
			}
			if (
				!timerPending() &&
				running.activated &&
				running.inFlight === 0 &&
				running.activationMark
			) {
				// Reaching the WAL position is not enough: a slot created after the writes starts past them
				// while its snapshot is still being read. Caught up also means the consumer itself has
				// acknowledged something since it activated (the heartbeat makes sure there is something),
				// which it does only after every earlier run, snapshot runs included, succeeded.
				const confirmed = await confirmedFlush(source, slotName);
				if (
					confirmed !== undefined &&
					confirmed >= walTarget &&
					confirmed > running.activationMark.lsn
				)
					return 'caughtUp';
			}
			if (Date.now() > deadline) return 'stalled';
			await pause(100);
		}
	};

	try {
		for (const statement of SOURCE_DDL) await source.query(statement);
		await applyTransactions(source, workload.initialTransactions());
		const addColumnTrial = Math.max(1, Math.floor(config.trials / 3));

		for (let trial = 0; trial < config.trials; trial++) {
			const plan: KillPlan = pickKillPlan(killRng, config.kills);
			const transactions =
				trial === addColumnTrial
					? [workload.addColumns(), ...workload.trialTransactions()]
					: workload.trialTransactions();
			planned[plan.kind] += 1;
			const running = consumer && !consumer.hasExited ? consumer : startConsumer();
			if (config.verbose)
				log(
					`trial ${trial + 1}: ${plan.kind} ${plan.kind === 'randomMoment' ? `${plan.delayMs} ms` : `#${plan.ordinal}`}, consumer ${running.pid}`,
				);
			const selfKillsBefore = running.selfKills.length;
			let timer: NodeJS.Timeout | undefined;
			let timerFired = false;
			let copyKilled = false;
			let removeCopyHook: (() => void) | undefined;
			if (plan.kind === 'beforeRun') running.arm('beforeSink', plan.ordinal);
			if (plan.kind === 'afterCommit') running.arm('afterCommitBeforeAck', plan.ordinal);
			if (plan.kind === 'duringCopy')
				removeCopyHook = killAtCopy(redshift.faults, plan.ordinal, () => {
					copyKilled = true;
					running.killNow();
				});
			let copyFailed = false;
			if (plan.kind === 'copyFails') {
				redshift.faults.failCopy(plan.ordinal);
				removeCopyHook = watchCopyFailures(redshift.faults, () => {
					copyFailed = true;
				});
			}
			if (plan.kind === 'randomMoment')
				timer = setTimeout(() => {
					timerFired = true;
					running.killNow();
				}, plan.delayMs);

			await applyTransactions(source, transactions);
			const walTarget = await currentWal(source);
			const end = await waitForTrialEnd(
				running,
				walTarget,
				config.trialDeadlineMs,
				() => plan.kind === 'randomMoment' && !timerFired,
			);
			clearTimeout(timer);
			removeCopyHook?.();
			redshift.faults.reset();
			running.disarm();
			trialsRun += 1;
			const selfKilled = running.selfKills.length > selfKillsBefore;
			if ((plan.kind === 'beforeRun' || plan.kind === 'afterCommit') && selfKilled)
				fired[plan.kind] += 1;
			if (plan.kind === 'duringCopy' && copyKilled) fired.duringCopy += 1;
			if (plan.kind === 'randomMoment' && timerFired) fired.randomMoment += 1;
			if (plan.kind === 'copyFails' && copyFailed) fired.copyFails += 1;
			if (end === 'killed') await running.waitForExit();
			if (end === 'killed' && !running.expectedExit) {
				crashes.push(`trial ${trial + 1}: ${running.exitDescription}`);
				startupFailures = running.activations === 0 ? startupFailures + 1 : 0;
				if (startupFailures >= 3) {
					status = `the consumer process cannot start (${running.exitDescription}, 3 times in a row; its stderr is above)`;
					break;
				}
			}
			if (config.verbose) log(`trial ${trial + 1} ended: ${end}`);
			if (end === 'stalled') {
				status = `stalled in trial ${trial + 1} (no catch-up within ${config.trialDeadlineMs} ms)`;
				break;
			}
		}

		// The final catch-up: no kills, the consumer runs until the slot reached the source's WAL position.
		const final = consumer && !consumer.hasExited ? consumer : startConsumer();
		const walTarget = await currentWal(source);
		const finalEnd = await waitForTrialEnd(
			final,
			walTarget,
			status === 'ok' ? config.finalDeadlineMs : 30_000,
			() => false,
		);
		if (finalEnd !== 'caughtUp') {
			const reason =
				finalEnd === 'killed'
					? `the consumer exited on its own (${final.exitDescription})`
					: `no catch-up within the final deadline`;
			status = status === 'ok' ? `did not catch up: ${reason}` : `${status}; final: ${reason}`;
		}
		await final.stop();
		errorsSeen.push(...final.errors);

		const tables: TableComparison[] = [];
		for (const table of SOURCE_TABLES) tables.push(await compareTable(source, target, table));
		if (crashes.length > 0) {
			const crashed = `the consumer exited on its own ${crashes.length} time(s): ${crashes.slice(0, 3).join(', ')}`;
			status = status === 'ok' ? crashed : `${status}; ${crashed}`;
		}
		if (status !== 'ok' && errorsSeen.length > 0)
			status += `; last consumer error: ${errorsSeen[errorsSeen.length - 1]}`;
		return {
			scenario: name,
			maxRunsInFlight,
			trials: trialsRun,
			missing: tables.reduce((sum, table) => sum + table.missing, 0),
			extra: tables.reduce((sum, table) => sum + table.extra, 0),
			differing: tables.reduce((sum, table) => sum + table.differing, 0),
			fired,
			planned,
			status,
			tables,
			workload: workload.counts,
			seconds: Math.round((Date.now() - started) / 1000),
		};
	} finally {
		if (consumer && !consumer.hasExited) await consumer.kill();
		await source
			.query(
				'SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = $1 AND NOT active',
				[slotName],
			)
			.catch(() => undefined);
		await source.end().catch(() => undefined);
		await target.end().catch(() => undefined);
		await redshift.stop().catch(() => undefined);
		rmSync(stateDir, { recursive: true, force: true });
	}
}
