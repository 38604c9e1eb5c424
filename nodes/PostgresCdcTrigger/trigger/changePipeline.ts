import type { IDeferredPromise, INodeExecutionData, IRun } from 'n8n-workflow';

import { AckTracker, failureRetryDelayMs, type AckFailure } from '../../shared/cdc/ack';
import { ChangeBatcher } from '../../shared/cdc/batching/batcher';
import {
	TransactionAssembler,
	type AssembledTransaction,
} from '../../shared/cdc/envelope/assembler';
import { RelationCache } from '../../shared/cdc/envelope/relationCache';
import { RelationKeys } from '../../shared/cdc/envelope/relationKeys';
import type { CdcEvent } from '../../shared/cdc/changeEvent';
import type { SourceIdentity } from '../../shared/cdc/envelope/types';
import { KeyCatalog } from '../../shared/cdc/keys/keyCatalog';
import { decodePgoutput } from '../../shared/cdc/pgoutput/decode';
import { formatLsn } from '../../shared/cdc/pgoutput/lsn';
import type { Lsn, RelationMessage, TypeMessage } from '../../shared/cdc/pgoutput/messages';
import { backoffDelayMs, cancellableDelay } from '../../shared/cdc/replication/backoff';
import type {
	ReplicationConnectionOptions,
	ReplicationEvent,
} from '../../shared/cdc/replication/types';
import type { TableRef } from '../../shared/cdc/slots/tables';
import type { CdcTriggerOptions } from '../options/triggerOptions';
import { createEventFilter } from './eventFilter';
import { batchToItems, type SlotHealth } from './items';
import type { KeptAsTextWarner } from './keptAsTextWarnings';
import { RunEmitter } from './runEmitter';

/** Table definitions as of the acknowledged position, and those that arrived after it. */
export interface RelationState {
	acknowledged: RelationCache;
	pending: ReadonlyArray<{ lsn: Lsn; definitions: Array<RelationMessage | TypeMessage> }>;
}

/** The parts of ReplicationStream the pipeline uses (a test may pass its own). */
export interface ChangeStream {
	next(): Promise<IteratorResult<ReplicationEvent>>;
	acknowledge(lsn: Lsn): void;
	restart(reason: string): void;
	readonly acknowledgedLsn: Lsn;
	/** The server of the current session: stamped on every event (source.systemId, timeline). */
	readonly systemIdentity?: SourceIdentity;
	/** The server's connection: event keys are looked up in its catalog (without it, pgoutput's key flags are used). */
	readonly connection?: ReplicationConnectionOptions;
}

export interface PipelineHooks {
	emit(items: INodeExecutionData[], done: IDeferredPromise<IRun>): void;
	createDeferred(): IDeferredPromise<IRun>;
	/** The stream cannot go on (decoding error, slot gone…): n8n should restart the trigger. */
	fatal(error: Error): void;
	/** Every acknowledged position (for diagnostics and static data). */
	acknowledged?(lsn: Lsn): void;
	/**
	 * The table definitions changed: the cache as of the acknowledged position, plus the definitions of
	 * transactions not yet acknowledged (with their positions). Persist both: n8n saves static data only
	 * when it starts a run, and a later activation applies the pending ones up to the slot's confirmed
	 * position, so it can tell schema changes made while the trigger was stopped.
	 */
	relationsChanged?(state: RelationState): void;
	/** Native mode: told about each value kept as text (warns once per column). */
	keptAsText?: KeptAsTextWarner;
	/** Added to every item while the slot is unhealthy. */
	slotHealth(): SlotHealth | undefined;
	debug(message: string, meta?: Record<string, unknown>): void;
	warn(message: string, meta?: Record<string, unknown>): void;
	runTimeoutMs: number;
	/** Overrides the retry delay after a failed run (tests). */
	retryDelayMs?(consecutiveFailures: number): number;
}

/**
 * Reads the replication stream, turns it into change events, cuts them into runs and acknowledges
 * positions only per the acknowledge mode, in stream order.
 *
 * After a run fails (under the mode) nothing later is acknowledged: the pipeline stops starting runs,
 * waits a growing delay, and restarts the stream from the last acknowledged position, so the failed
 * run's changes come again (at-least-once; later runs that had already succeeded repeat too).
 */
export class ChangePipeline {
	private readonly tracker: AckTracker;
	private readonly emitter: RunEmitter<CdcEvent>;
	private readonly accepts: (event: CdcEvent) => boolean;
	private assembler: TransactionAssembler;
	private batcher: ChangeBatcher<CdcEvent>;
	private rewinding = false;
	private closing = false;
	private retryTimer?: NodeJS.Timeout;
	private retryWait?: Promise<void>;
	private endRetryWait?: () => void;
	private loop?: Promise<void>;
	/**
	 * Key columns per relation from the catalog (primary key even under REPLICA IDENTITY FULL), and the
	 * columns' nullability and defaults for schema events, read in the same query.
	 */
	private readonly keys?: RelationKeys;
	private readonly keyCatalog?: KeyCatalog;
	private cancelKeyRetry?: () => void;
	/** Table definitions as of the acknowledged position; each session's assembler starts from a copy. */
	private readonly acknowledgedRelations: RelationCache;
	/** Definitions that arrived with transactions not yet acknowledged, in stream order. */
	private pendingDefinitions: Array<{
		lsn: Lsn;
		definitions: Array<RelationMessage | TypeMessage>;
	}> = [];

	constructor(
		private readonly stream: ChangeStream,
		private readonly options: CdcTriggerOptions,
		private readonly hooks: PipelineHooks,
		acknowledgedLsn: Lsn,
		acknowledgedRelations: RelationCache = new RelationCache(),
		/** Partitions of the selected partitioned tables (readPartitionLeaves): never dropped as "other tables". */
		partitionLeaves?: ReadonlyMap<string, TableRef>,
	) {
		this.acknowledgedRelations = acknowledgedRelations;
		if (stream.connection) {
			const catalog = new KeyCatalog(stream.connection);
			this.keyCatalog = catalog;
			this.keys = new RelationKeys(async (relation) => await catalog.describe(relation));
		}
		this.tracker = new AckTracker({ mode: options.acknowledge, acknowledgedLsn });
		this.accepts = createEventFilter(options, partitionLeaves);
		this.assembler = this.newAssembler();
		this.batcher = this.newBatcher();
		this.emitter = new RunEmitter<CdcEvent>(this.tracker, options.maxRunsInFlight, {
			toItems: (batch) => batchToItems(batch, hooks.slotHealth()),
			emit: hooks.emit,
			createDeferred: hooks.createDeferred,
			acknowledge: (lsn) => {
				this.stream.acknowledge(lsn);
				this.advanceRelations(lsn);
				hooks.acknowledged?.(lsn);
			},
			onFailure: (failure) => this.onRunFailed(failure),
			runTimeoutMs: hooks.runTimeoutMs,
			debug: hooks.debug,
		});
	}

	get runsInFlight(): number {
		return this.emitter.runsInFlight;
	}

	/** Starts pulling from the stream; resolves when the stream ends (closed) or fails. */
	start(): void {
		this.loop ??= this.run().catch((error: unknown) => {
			if (!this.closing)
				this.hooks.fatal(error instanceof Error ? error : new Error(String(error)));
		});
	}

	/**
	 * Stops starting runs and drops what was not yet emitted; then waits (bounded) for the runs in flight,
	 * so the ones that succeed are still acknowledged. Returns how many runs were still unfinished.
	 */
	async close(drainCapMs: number): Promise<number> {
		this.closing = true;
		if (this.retryTimer) clearTimeout(this.retryTimer);
		this.stopRetryWait();
		this.cancelKeyRetry?.();
		this.batcher.close();
		this.emitter.beginClose();
		const unfinished =
			drainCapMs > 0 ? await this.emitter.drain(drainCapMs) : this.emitter.runsInFlight;
		await this.keyCatalog?.close();
		return unfinished;
	}

	/** Waits for the read loop to end (after the stream was closed). */
	async finished(): Promise<void> {
		await this.loop;
		await this.keyCatalog?.close(); // a lookup in flight at close may have opened it again
	}

	private async run(): Promise<void> {
		for (;;) {
			// While a failed run waits for its retry, stop reading: what would arrive is discarded anyway
			// (the stream restarts from the acknowledged position), and the stream keeps the session alive.
			if (this.retryWait) await this.retryWait;
			const result = await this.stream.next();
			if (result.done || this.closing) return;
			await this.handle(result.value);
			await this.emitter.waitForRoom();
		}
	}

	private async handle(event: ReplicationEvent): Promise<void> {
		if (event.kind === 'restarted') {
			this.afterRestart(event.fromLsn, event.reason);
			return;
		}
		if (this.rewinding) return; // the stream restarts from the acknowledged position; these come again
		const message = decodePgoutput(event.wal.data);
		if (message.tag === 'relation') {
			// Once per Relation message (a table's first change in a session, or after its definition
			// changed), not per change: the events that follow read the key from memory.
			await this.learnKey(message);
			if (this.rewinding || this.closing) return;
		}
		const assembled = this.assembler.push(event.wal.walStart, message);
		if (assembled) this.feed(assembled);
	}

	private feed(transaction: AssembledTransaction): void {
		if (transaction.definitions.length > 0) {
			this.pendingDefinitions.push({
				lsn: transaction.ackLsn,
				definitions: transaction.definitions,
			});
			// Before the batch below can start a run: that run's start is when n8n saves static data.
			this.reportRelations();
		}
		this.batcher.push({ kind: 'begin' });
		for (const event of transaction.events) {
			if (this.accepts(event)) this.batcher.push({ kind: 'event', event });
		}
		this.batcher.push({ kind: 'commit', endLsn: transaction.ackLsn });
	}

	/**
	 * Reads the relation's key columns (and its columns' nullability and defaults) from the catalog. A failed lookup is retried with growing
	 * delays (the stream waits meanwhile): a wrong key would be worse than a late one.
	 */
	private async learnKey(relation: RelationMessage): Promise<void> {
		const keys = this.keys;
		if (!keys) return;
		for (let attempt = 1; !this.closing; attempt++) {
			try {
				await keys.learn(relation);
				return;
			} catch (error) {
				if (this.closing) return;
				const delayMs = (this.hooks.retryDelayMs ?? backoffDelayMs)(attempt);
				this.hooks.warn(
					`Reading the key columns of ${relation.schema}.${relation.name} from the catalog failed (${(error as Error).message}); retrying in ${delayMs} ms.`,
				);
				const delay = cancellableDelay(delayMs);
				this.cancelKeyRetry = delay.cancel;
				await delay.promise;
				this.cancelKeyRetry = undefined;
			}
		}
	}

	/** Moves the definitions of acknowledged transactions into the cache kept at the acknowledged position. */
	private advanceRelations(acknowledged: Lsn): void {
		let applied = 0;
		while (
			applied < this.pendingDefinitions.length &&
			this.pendingDefinitions[applied].lsn <= acknowledged
		) {
			this.acknowledgedRelations.apply(this.pendingDefinitions[applied].definitions);
			applied++;
		}
		if (applied === 0) return;
		this.pendingDefinitions.splice(0, applied);
		this.reportRelations();
	}

	private reportRelations(): void {
		this.hooks.relationsChanged?.({
			acknowledged: this.acknowledgedRelations,
			pending: this.pendingDefinitions,
		});
	}

	private onRunFailed(failure: AckFailure): void {
		if (this.rewinding || this.closing) return;
		this.rewinding = true;
		this.batcher.close();
		this.emitter.stop();
		const delayMs = (this.hooks.retryDelayMs ?? failureRetryDelayMs)(
			this.tracker.consecutiveFailures,
		);
		this.hooks.warn(
			`A run did not succeed (${failure.outcome}${failure.message ? `: ${failure.message}` : ''}); its changes will be sent again from position ${formatLsn(failure.acknowledgedLsn)} in ${delayMs} ms.`,
		);
		this.retryWait = new Promise<void>((resolve) => {
			this.endRetryWait = resolve;
		});
		this.retryTimer = setTimeout(() => {
			this.retryTimer = undefined;
			if (!this.closing) this.stream.restart(`run failed: ${failure.outcome}`);
			this.stopRetryWait();
		}, delayMs);
	}

	private stopRetryWait(): void {
		const end = this.endRetryWait;
		this.retryWait = undefined;
		this.endRetryWait = undefined;
		end?.();
	}

	/** The stream starts again from the acknowledged position: forget everything after it. */
	private afterRestart(fromLsn: Lsn, reason: string): void {
		this.hooks.debug('replication stream restarted', { fromLsn: formatLsn(fromLsn), reason });
		this.tracker.reset(this.stream.acknowledgedLsn);
		this.batcher.close();
		this.emitter.stop();
		this.pendingDefinitions = [];
		this.assembler = this.newAssembler();
		this.batcher = this.newBatcher();
		this.rewinding = false;
		if (!this.closing) this.emitter.resume();
	}

	private newAssembler(): TransactionAssembler {
		// Each session starts from the definitions as of the acknowledged position (where the stream
		// resumes): a cache that ran ahead would compare replayed older definitions with newer ones.
		return new TransactionAssembler({
			valueMode: this.options.valueTypes,
			relations: this.acknowledgedRelations.clone(),
			keyColumns: this.keys?.keyColumns,
			columnFacts: this.keys?.columnFacts,
			sourceIdentity: () => this.stream.systemIdentity,
			onKeptAsText: this.hooks.keptAsText
				? (relation, column, reason) =>
						this.hooks.keptAsText?.(relation.schema, relation.name, column, reason)
				: undefined,
		});
	}

	private newBatcher(): ChangeBatcher<CdcEvent> {
		return new ChangeBatcher<CdcEvent>(this.options.batching, (batch) =>
			this.emitter.enqueue(batch),
		);
	}
}
