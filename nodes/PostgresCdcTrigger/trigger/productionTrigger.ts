import type { Client } from 'pg';

import { RelationCache } from '../../shared/cdc/envelope/relationCache';
import { formatLsn } from '../../shared/cdc/pgoutput/lsn';
import type { Lsn } from '../../shared/cdc/pgoutput/messages';
import { failureRetryDelayMs } from '../../shared/cdc/ack';
import { cancellableDelay } from '../../shared/cdc/replication/backoff';
import { connectSql, identifyServer } from '../../shared/cdc/replication/replicationConnection';
import { ReplicationStream } from '../../shared/cdc/replication/replicationStream';
import type { ReplicationConnectionOptions } from '../../shared/cdc/replication/types';
import { tablesWithoutKey, tableWithoutKeyWarning } from '../../shared/cdc/keys/catalogKeys';
import { Heartbeat } from '../../shared/cdc/slots/heartbeat';
import { readPartitionLeaves } from '../../shared/cdc/slots/partitions';
import { readPublication } from '../../shared/cdc/slots/publication';
import { describePreflight, preflightCheck } from '../../shared/cdc/slots/preflight';
import {
	dropSlot,
	ensureSlot,
	readSlot,
	type CreatedSlot,
} from '../../shared/cdc/slots/replicationSlot';
import { checkSlotHealth } from '../../shared/cdc/slots/slotHealth';
import type { TableRef } from '../../shared/cdc/slots/tables';
import { readInitialSnapshot } from '../../shared/cdc/snapshot/initialSnapshot';
import type { CdcTriggerOptions } from '../options/triggerOptions';
import { errorWithFix, FIX, preflightFix, withFix } from './activationFixes';
import { ChangePipeline, type PipelineHooks } from './changePipeline';
import { claimSlot, isShuttingDown, scheduleSlotDrop, watchForShutdown } from './closeKind';
import { createEventFilter } from './eventFilter';
import { createKeptAsTextWarner } from './keptAsTextWarnings';
import { batchToItems, type SlotHealth } from './items';
import { setUpPublication } from './publicationSetup';
import { readRelations, readSnapshotState, writeRelations, writeSnapshotState } from './slotMemory';
import { SnapshotDelivery } from './snapshotDelivery';
import { snapshotEvents } from './snapshotEvents';
import { clearSnapshotReadFailures, recordSnapshotReadFailure } from './snapshotReadBackoff';
import type { TriggerEnvironment, TriggerTuning } from './triggerEnvironment';

async function preparePublication(sql: Client, options: CdcTriggerOptions): Promise<TableRef[]> {
	const { publication, capture } = options;
	await setUpPublication(sql, options, publication.name);
	const info = await readPublication(sql, publication.name);
	const published = info?.tables ?? [];
	return capture.kind === 'tables'
		? capture.tables
		: published.filter((table) => table.schema === capture.schema);
}

function missingSlotError(slotName: string): Error {
	return errorWithFix(
		`Replication slot "${slotName}" does not exist, and Start is "Resume From the Slot".`,
		FIX.resumeWithoutSlot,
	);
}

interface SlotStart {
	startLsn: Lsn;
	/** True when the slot was created by this activation (no stored definitions apply to it). */
	created: boolean;
	/** Set when a new slot exported a snapshot to read first. */
	snapshotSlot?: CreatedSlot;
}

async function prepareSlot(
	sql: Client,
	connection: ReplicationConnectionOptions,
	options: CdcTriggerOptions,
	env: TriggerEnvironment,
): Promise<SlotStart> {
	const { slotName, start } = options;
	let existing = await readSlot(sql, slotName);
	if (!existing && start === 'resume') throw missingSlotError(slotName);
	const snapshotState = readSnapshotState(env.staticData, slotName);
	if (existing && start === 'snapshot' && snapshotState !== 'done') {
		// The snapshot owed on this slot never completed. 'pending' was saved with its first run; without
		// any state, the previous activation stopped between creating the slot and n8n saving the static
		// data. A snapshot cannot be resumed on an existing slot, so it starts over on a new one.
		env.warn(
			snapshotState === 'pending'
				? `The initial snapshot on slot "${slotName}" did not complete; dropping the slot and taking it again.`
				: `Slot "${slotName}" has no completed initial snapshot recorded (an activation stopped right after creating it, or the slot was made elsewhere); dropping the slot and taking the snapshot.`,
		);
		await dropSlot(sql, slotName, { timeoutMs: 30_000 });
		existing = undefined;
	}
	const wantSnapshot = !existing && start === 'snapshot';
	// Before the slot exists, so that whatever n8n saves of this activation never shows the new slot
	// as not owing a snapshot.
	if (!existing) writeSnapshotState(env.staticData, slotName, wantSnapshot ? 'pending' : 'done');
	const ensured = await ensureSlot(sql, connection, slotName, { exportSnapshot: wantSnapshot });
	if (ensured.created) {
		env.info(
			`Created replication slot "${slotName}" at ${formatLsn(ensured.slot.consistentPoint)}.`,
		);
		writeRelations(env.staticData, slotName, undefined);
		if (wantSnapshot) {
			return { startLsn: ensured.slot.consistentPoint, created: true, snapshotSlot: ensured.slot };
		}
		return { startLsn: ensured.slot.consistentPoint, created: true };
	}
	// Another activation created it first and owns its snapshot.
	if (wantSnapshot) writeSnapshotState(env.staticData, slotName, undefined);
	return { startLsn: ensured.slot.confirmedFlushLsn ?? 0n, created: false };
}

export interface RunningTrigger {
	close(): Promise<void>;
}

/**
 * Activates the trigger: pre-flight, publication, slot, optional initial snapshot, then the stream.
 * Errors here fail the activation (n8n shows them); errors later go to `env.fatal` (emitError).
 */
export async function startProductionTrigger(
	env: TriggerEnvironment,
	connection: ReplicationConnectionOptions,
	options: CdcTriggerOptions,
	tuning: TriggerTuning,
): Promise<RunningTrigger> {
	const slotKey = `${connection.host}:${connection.port}/${connection.database}/${options.slotName}`;
	claimSlot(slotKey);
	if (options.dropSlotOnDeactivate) watchForShutdown();
	const sql = await connectSql(connection);
	const prepare = async () => {
		const report = await preflightCheck(sql, {
			slotName: options.slotName,
			tables: options.capture.kind === 'tables' ? options.capture.tables : undefined,
			beforeImages: options.beforeImages,
			managePublication: options.publication.mode === 'manage',
		});
		for (const warning of report.warnings) env.warn(warning.message);
		if (!report.ok)
			throw errorWithFix(
				`PostgreSQL is not ready for this trigger:\n${describePreflight(report)}`,
				preflightFix(report),
			);
		// Checked before the publication is touched, so a failed activation changes nothing.
		if (options.start === 'resume' && !(await readSlot(sql, options.slotName))) {
			throw missingSlotError(options.slotName);
		}
		const tables = await preparePublication(sql, options);
		for (const table of await tablesWithoutKey(sql, tables))
			env.warn(tableWithoutKeyWarning(table));
		const partitionLeaves = await readPartitionLeaves(sql, tables);
		return {
			tables,
			partitionLeaves,
			slotStart: await withFix(prepareSlot(sql, connection, options, env), FIX.slot),
		};
	};
	const { tables, partitionLeaves, slotStart } = await prepare().catch(async (error: unknown) => {
		await sql.end().catch(() => undefined);
		return await Promise.reject(error);
	});

	const stream = new ReplicationStream({
		connection,
		slotName: options.slotName,
		publicationNames: [options.publication.name],
		startLsn: slotStart.startLsn,
		messages: true,
		observer: {
			retrying: ({ attempt, delayMs, error, slotBusy }) =>
				env.warn(
					`Replication connection attempt ${attempt} failed${slotBusy ? ' (the slot is in use by another consumer)' : ''}: ${error.message}. Retrying in ${delayMs} ms.`,
				),
		},
	});
	let slotHealth: SlotHealth | undefined;
	let fatalReported = false;
	const fatal = (error: Error) => {
		if (fatalReported) return;
		fatalReported = true;
		env.fatal(error);
	};
	const keptAsText = createKeptAsTextWarner(env.warn);
	const hooks: PipelineHooks = {
		emit: env.emit,
		createDeferred: env.createDeferred,
		fatal,
		acknowledged: (lsn) => env.debug('acknowledged', { lsn: formatLsn(lsn) }),
		relationsChanged: (state) => writeRelations(env.staticData, options.slotName, state),
		keptAsText,
		slotHealth: () => slotHealth,
		debug: env.debug,
		warn: env.warn,
		runTimeoutMs: tuning.runTimeoutMs,
		retryDelayMs: tuning.retryDelayMs,
	};
	const pipeline = new ChangePipeline(
		stream,
		options,
		hooks,
		slotStart.startLsn,
		slotStart.created
			? new RelationCache()
			: readRelations(env.staticData, options.slotName, slotStart.startLsn),
		partitionLeaves,
	);

	const heartbeat =
		options.heartbeatMs > 0
			? new Heartbeat({
					connection,
					intervalMs: options.heartbeatMs,
					content: options.slotName,
					onError: (error) => env.warn(`Heartbeat failed: ${error.message}`),
				})
			: undefined;

	// The health check keeps the activation's connection and opens a new one after a failure.
	let healthSql: Client | undefined = sql;
	let lastWarningText = '';
	const checkHealth = async () => {
		if (closed) return;
		try {
			if (!healthSql) {
				const fresh = await connectSql(connection);
				if (closed) {
					await fresh.end().catch(() => undefined);
					return;
				}
				healthSql = fresh;
			}
			const report = await checkSlotHealth(
				healthSql,
				options.slotName,
				BigInt(options.slotLagWarningBytes),
			);
			slotHealth =
				report.warnings.length > 0
					? { slot: options.slotName, warnings: report.warnings }
					: undefined;
			const text = report.warnings.join(' ');
			if (text !== '' && text !== lastWarningText) env.warn(text);
			lastWarningText = text;
		} catch (error) {
			if (closed) return; // the connection is being closed with the trigger
			const broken = healthSql;
			healthSql = undefined;
			await broken?.end().catch(() => undefined);
			env.warn(
				`Checking the health of slot "${options.slotName}" failed: ${(error as Error).message}`,
			);
		}
	};
	const healthTimer = setInterval(() => void checkHealth(), tuning.healthIntervalMs);
	healthTimer.unref();

	const snapshotDelivery = slotStart.snapshotSlot
		? new SnapshotDelivery(
				{
					batching: options.batching,
					acknowledge: options.acknowledge,
					maxRunsInFlight: options.maxRunsInFlight,
				},
				{
					toItems: (batch) => batchToItems(batch, slotHealth),
					emit: env.emit,
					createDeferred: env.createDeferred,
					debug: env.debug,
					warn: env.warn,
					runTimeoutMs: tuning.runTimeoutMs,
					retryDelayMs: tuning.retryDelayMs,
				},
			)
		: undefined;

	let snapshotPause: ReturnType<typeof cancellableDelay> | undefined;
	/** Reads and delivers the initial snapshot; false when it did not complete (closed, or failed). */
	const takeSnapshot = async (
		snapshotSlot: CreatedSlot,
		delivery: SnapshotDelivery,
	): Promise<boolean> => {
		try {
			const identity = await identifyServer(connection);
			const chunks = readInitialSnapshot({
				connection,
				slot: snapshotSlot,
				tables,
				chunkRows: tuning.snapshotChunkRows,
				// Its column lists and row filters limit the snapshot as they limit the stream.
				publicationName: options.publication.name,
			});
			const result = await delivery.deliver(
				snapshotEvents(chunks, {
					consistentLsn: slotStart.startLsn,
					valueMode: options.valueTypes,
					identity,
					onKeptAsText: keptAsText,
				}),
				createEventFilter(options, partitionLeaves),
			);
			if (result === 'closed' || closed) return false;
		} catch (error) {
			// Failed runs are retried inside the delivery; this is the reader (or the server) failing.
			await snapshotSlot.release().catch(() => undefined);
			if (closed) return false;
			const message = error instanceof Error ? error.message : String(error);
			const delayMs = (tuning.retryDelayMs ?? failureRetryDelayMs)(
				recordSnapshotReadFailure(slotKey),
			);
			env.warn(
				`Reading the initial snapshot on slot "${options.slotName}" failed (${message}). It cannot go on, so it is taken again on a new slot; the trigger reports the error in ${delayMs} ms.`,
			);
			snapshotPause = cancellableDelay(delayMs);
			await snapshotPause.promise;
			if (!closed) {
				fatal(
					new Error(
						`Reading the initial snapshot on slot "${options.slotName}" failed: ${message}. It is taken again on a new slot when the trigger restarts.`,
					),
				);
			}
			return false;
		} finally {
			// The reader releases the exporting connection once it imported the snapshot; when it never
			// started (closed or failed first), that connection would stay open.
			await snapshotSlot.release().catch(() => undefined);
		}
		clearSnapshotReadFailures(slotKey);
		writeSnapshotState(env.staticData, options.slotName, 'done');
		env.info(`The initial snapshot on slot "${options.slotName}" completed.`);
		return true;
	};

	const streamAfterSnapshot = async () => {
		try {
			if (slotStart.snapshotSlot && snapshotDelivery) {
				if (!(await takeSnapshot(slotStart.snapshotSlot, snapshotDelivery))) return;
			}
			if (closed) return;
			await stream.start();
			pipeline.start();
			heartbeat?.start();
			await checkHealth();
		} catch (error) {
			if (!closed) fatal(error instanceof Error ? error : new Error(String(error)));
		}
	};

	let closed = false;
	if (slotStart.snapshotSlot) {
		void streamAfterSnapshot();
	} else {
		// Without a snapshot, problems a person must fix (publication, privileges…) fail the activation.
		// A slot held by another consumer (a failover in progress) is retried by the stream: activation
		// does not wait for that beyond a bound, and a later failure is reported through emitError.
		const started = await Promise.race([
			stream.start().then(() => true),
			new Promise<false>((resolve) =>
				setTimeout(() => resolve(false), tuning.activationWaitMs).unref(),
			),
		]).catch(async (error: unknown) => {
			closed = true;
			clearInterval(healthTimer);
			await stream.close();
			await healthSql?.end().catch(() => undefined);
			return await Promise.reject(error);
		});
		if (!started) {
			env.warn(
				`The replication stream on slot "${options.slotName}" has not started yet (see the retries above); the trigger keeps trying.`,
			);
		}
		pipeline.start();
		heartbeat?.start();
		void checkHealth();
	}

	return {
		close: async () => {
			if (closed) return;
			closed = true;
			clearInterval(healthTimer);
			snapshotPause?.cancel();
			const unfinishedSnapshotRuns = (await snapshotDelivery?.close(tuning.drainCapMs)) ?? 0;
			const unfinished = unfinishedSnapshotRuns + (await pipeline.close(tuning.drainCapMs));
			if (unfinished > 0) {
				env.info(
					`${unfinished} run(s) had not finished when the trigger closed; their changes will be sent again.`,
				);
			}
			await heartbeat?.stop();
			await stream.close();
			await pipeline.finished();
			if (options.dropSlotOnDeactivate && !isShuttingDown()) {
				scheduleSlotDrop(slotKey, tuning.slotDropGraceMs, async () => {
					const client = await connectSql(connection).catch(() => undefined);
					if (!client) return;
					try {
						if (await dropSlot(client, options.slotName, { timeoutMs: 5_000 })) {
							writeSnapshotState(env.staticData, options.slotName, undefined);
							writeRelations(env.staticData, options.slotName, undefined);
						}
					} catch (error) {
						env.warn(
							`Dropping replication slot "${options.slotName}" after deactivation failed: ${(error as Error).message}`,
						);
					} finally {
						await client.end().catch(() => undefined);
					}
				});
			}
			await healthSql?.end().catch(() => undefined);
		},
	};
}
