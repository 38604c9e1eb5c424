import type { IDeferredPromise, INodeExecutionData, IRun } from 'n8n-workflow';

import { failureRetryDelayMs, outcomeAccepted, type AcknowledgeMode } from '../../shared/cdc/ack';
import { ChangeBatcher } from '../../shared/cdc/batching/batcher';
import type { Batch, BatchingOptions } from '../../shared/cdc/batching/types';
import type { CdcEvent } from '../../shared/cdc/changeEvent';
import { cancellableDelay } from '../../shared/cdc/replication/backoff';
import { awaitRunOutcome } from './runOutcome';

export interface SnapshotDeliveryOptions {
	batching: BatchingOptions;
	acknowledge: AcknowledgeMode;
	maxRunsInFlight: number;
}

export interface SnapshotDeliveryHooks {
	toItems(batch: Batch<CdcEvent>): INodeExecutionData[];
	/** Starts a run: must call n8n's `this.emit` at call time. */
	emit(items: INodeExecutionData[], done: IDeferredPromise<IRun>): void;
	createDeferred(): IDeferredPromise<IRun>;
	debug(message: string, meta?: Record<string, unknown>): void;
	warn(message: string, meta?: Record<string, unknown>): void;
	runTimeoutMs: number;
	/** Overrides the delay before a failed run is sent again (tests). */
	retryDelayMs?(consecutiveFailures: number): number;
}

/** 'completed': every snapshot run succeeded (under the acknowledge mode); 'closed': the trigger closed first. */
export type SnapshotDeliveryResult = 'completed' | 'closed';

/**
 * Delivers the initial snapshot's events as runs (grouped by Max Rows) and sends a failed run's rows
 * again, after 1 s, 2 s, … up to 5 min, until it succeeds. The rows are kept in memory while they are
 * retried and the reader is not asked for more, so its transaction (which holds the exported snapshot)
 * stays open and the snapshot goes on from the failed run: one failure never restarts the snapshot.
 *
 * While a run waits for its retry no new run starts; runs already in flight finish. Memory is bounded
 * by Max Runs in Flight batches plus the one being filled.
 */
export class SnapshotDelivery {
	private readonly queue: Array<Batch<CdcEvent>> = [];
	private readonly deliveries = new Set<Promise<void>>();
	/** Runs whose outcome is awaited (close() drains them). */
	private readonly runsInFlight = new Set<Promise<unknown>>();
	private readonly delays = new Set<{ cancel(): void }>();
	private roomWaiters: Array<() => void> = [];
	/** Batches that failed and have not succeeded since: no new batch starts meanwhile. */
	private failing = 0;
	private failuresInARow = 0;
	private closing = false;
	/** Resolved by close(), so deliver() does not wait for runs that are left behind. */
	private readonly closed: Promise<void>;
	private signalClosed: () => void = () => {};
	/** A failure of the delivery itself (not of a run), reported by deliver(). */
	private failure?: Error;

	constructor(
		private readonly options: SnapshotDeliveryOptions,
		private readonly hooks: SnapshotDeliveryHooks,
	) {
		this.closed = new Promise<void>((resolve) => {
			this.signalClosed = resolve;
		});
	}

	/**
	 * Reads `events` (only those `accepts` lets through become items) and resolves once every run
	 * succeeded, or once close() was called. A failure of the reader itself rejects.
	 */
	async deliver(
		events: AsyncIterable<CdcEvent>,
		accepts: (event: CdcEvent) => boolean,
	): Promise<SnapshotDeliveryResult> {
		const batcher = new ChangeBatcher<CdcEvent>(this.options.batching, (batch) => {
			this.queue.push(batch);
			this.pump();
		});
		const iterator = events[Symbol.asyncIterator]();
		try {
			for (;;) {
				await this.waitForRoom();
				if (this.failure) throw this.failure;
				if (this.closing) return 'closed';
				const next = await iterator.next();
				if (next.done) break;
				if (this.closing) return 'closed';
				if (accepts(next.value)) batcher.push({ kind: 'event', event: next.value });
			}
			batcher.flush();
			await this.waitForRoom();
			while (!this.closing && this.deliveries.size > 0) {
				await Promise.race([Promise.all([...this.deliveries]), this.closed]);
			}
			if (this.failure) throw this.failure;
			return this.closing ? 'closed' : 'completed';
		} finally {
			batcher.close();
			// Ends the reader (its transaction and connection) whether the snapshot finished or not.
			await iterator.return?.(undefined);
		}
	}

	/**
	 * Stops starting and retrying runs, then waits (bounded) for the runs in flight. Returns how many had
	 * not finished. Nothing of the snapshot counts as complete after this.
	 */
	async close(drainCapMs: number): Promise<number> {
		this.closing = true;
		this.signalClosed();
		this.queue.length = 0;
		for (const delay of this.delays) delay.cancel();
		this.wakeWaiters();
		if (this.runsInFlight.size === 0 || drainCapMs <= 0) return this.runsInFlight.size;
		let timer: NodeJS.Timeout | undefined;
		await Promise.race([
			Promise.allSettled([...this.runsInFlight]),
			new Promise<void>((resolve) => {
				timer = setTimeout(resolve, drainCapMs);
			}),
		]);
		if (timer) clearTimeout(timer);
		return this.runsInFlight.size;
	}

	/** Resolves when every batch cut so far has started (so the caller may read more rows). */
	private async waitForRoom(): Promise<void> {
		while (!this.closing && this.queue.length > 0) {
			await new Promise<void>((resolve) => this.roomWaiters.push(resolve));
		}
	}

	private pump(): void {
		while (
			!this.closing &&
			this.failing === 0 &&
			this.queue.length > 0 &&
			this.deliveries.size < this.options.maxRunsInFlight
		) {
			const batch = this.queue.shift() as Batch<CdcEvent>;
			const delivery: Promise<void> = this.deliverBatch(batch)
				.catch((error: unknown) => this.fail(error))
				.finally(() => {
					this.deliveries.delete(delivery);
					this.pump();
				});
			this.deliveries.add(delivery);
		}
		if (this.closing || this.queue.length === 0) this.wakeWaiters();
	}

	/** Runs one batch until it succeeds (or the trigger closes). */
	private async deliverBatch(batch: Batch<CdcEvent>): Promise<void> {
		let failed = false;
		for (let attempt = 1; ; attempt++) {
			const result = await this.runOnce(batch, attempt);
			if (this.closing) return;
			if (outcomeAccepted(this.options.acknowledge, result.outcome)) {
				this.failuresInARow = 0;
				if (failed) this.failing -= 1;
				return;
			}
			if (!failed) this.failing += 1;
			failed = true;
			this.failuresInARow += 1;
			const delayMs = (this.hooks.retryDelayMs ?? failureRetryDelayMs)(this.failuresInARow);
			this.hooks.warn(
				`A run of the initial snapshot did not succeed (${result.outcome}${result.message ? `: ${result.message}` : ''}); its ${batch.events.length} row(s) will be sent again in ${delayMs} ms. The snapshot goes on from there; what was delivered is not sent again.`,
			);
			const delay = cancellableDelay(delayMs);
			this.delays.add(delay);
			await delay.promise;
			this.delays.delete(delay);
			if (this.closing) return;
		}
	}

	private async runOnce(
		batch: Batch<CdcEvent>,
		attempt: number,
	): Promise<Awaited<ReturnType<typeof awaitRunOutcome>>> {
		const done = this.hooks.createDeferred();
		const outcome = awaitRunOutcome(done, this.hooks.runTimeoutMs);
		this.runsInFlight.add(outcome);
		this.hooks.debug('starting a snapshot run', {
			seq: batch.seq,
			events: batch.events.length,
			attempt,
		});
		try {
			this.hooks.emit(this.hooks.toItems(batch), done);
			return await outcome;
		} finally {
			this.runsInFlight.delete(outcome);
		}
	}

	/** Emitting itself failed (not a run): stop, and let deliver() report it. */
	private fail(error: unknown): void {
		this.failure ??= error instanceof Error ? error : new Error(String(error));
		this.closing = true;
		this.signalClosed();
		this.queue.length = 0;
		this.wakeWaiters();
	}

	private wakeWaiters(): void {
		const waiters = this.roomWaiters;
		this.roomWaiters = [];
		for (const wake of waiters) wake();
	}
}
