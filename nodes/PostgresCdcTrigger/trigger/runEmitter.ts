import type { IDeferredPromise, INodeExecutionData, IRun } from 'n8n-workflow';

import type { AckFailure, AckStep, AckTracker, RunOutcome, RunTicket } from '../../shared/cdc/ack';
import type { Batch } from '../../shared/cdc/batching/types';
import type { Lsn } from '../../shared/cdc/pgoutput/messages';
import { awaitRunOutcome } from './runOutcome';

export interface RunEmitterHooks<E> {
	/** Turns a batch into the items of one run. */
	toItems(batch: Batch<E>): INodeExecutionData[];
	/** Starts a run: must call n8n's `this.emit` at call time (manual mode replaces it). */
	emit(items: INodeExecutionData[], done: IDeferredPromise<IRun>): void;
	createDeferred(): IDeferredPromise<IRun>;
	/** The acknowledged position moved: tell Postgres. */
	acknowledge(lsn: Lsn): void;
	/** A run failed under the acknowledge mode: its changes must be streamed again. */
	onFailure(failure: AckFailure, batch: Batch<E> | undefined): void;
	/** Every run's outcome, once known (after its acknowledgement step was applied). */
	onSettled?(batch: Batch<E>, outcome: RunOutcome): void;
	/** Longest wait for a run's outcome; then it counts as timed out (n8n queue mode can lose it). */
	runTimeoutMs: number;
	debug(message: string, meta?: Record<string, unknown>): void;
}

interface InFlightRun<E> {
	ticket: RunTicket;
	batch: Batch<E>;
	settled: Promise<void>;
}

/**
 * Starts one workflow run per batch, at most `maxInFlight` at a time, and feeds each run's outcome to
 * the acknowledgement tracker in stream order. Batches without events only carry a position.
 */
export class RunEmitter<E> {
	private readonly queue: Array<Batch<E>> = [];
	private readonly inFlight = new Map<number, InFlightRun<E>>();
	private roomWaiters: Array<() => void> = [];
	private accepting = true;
	/** Set while a run's outcome arrives after close began (n8n fails in-flight runs at shutdown). */
	private closing = false;

	constructor(
		private readonly tracker: AckTracker,
		private readonly maxInFlight: number,
		private readonly hooks: RunEmitterHooks<E>,
	) {}

	get runsInFlight(): number {
		return this.inFlight.size;
	}

	get queuedBatches(): number {
		return this.queue.length;
	}

	enqueue(batch: Batch<E>): void {
		if (!this.accepting) return;
		this.queue.push(batch);
		this.pump();
	}

	/** Resolves when every queued batch has started a run (so the caller may read more changes). */
	async waitForRoom(): Promise<void> {
		while (this.accepting && this.queue.length > 0) {
			await new Promise<void>((resolve) => this.roomWaiters.push(resolve));
		}
	}

	/** Stops starting runs; queued batches are dropped (never acknowledged, so they come again). */
	stop(): void {
		this.accepting = false;
		this.queue.length = 0;
		this.wakeWaiters();
	}

	/** After a stream restart: runs may start again (the tracker was reset by the caller). */
	resume(): void {
		this.accepting = true;
	}

	/**
	 * Close began: from now on only successful outcomes count. n8n fails runs that were still executing
	 * when it shuts down ("Task request timed out"), even ones that would have succeeded, so those
	 * failures must not be acknowledged in "after the run finishes" mode either.
	 */
	beginClose(): void {
		this.closing = true;
		this.stop();
	}

	/** Waits (bounded) until every run in flight has reported, so their acknowledgements are sent. */
	async drain(capMs: number): Promise<number> {
		if (this.inFlight.size === 0) return 0;
		let timer: NodeJS.Timeout | undefined;
		await Promise.race([
			Promise.allSettled([...this.inFlight.values()].map(async (run) => await run.settled)),
			new Promise<void>((resolve) => {
				timer = setTimeout(resolve, capMs);
			}),
		]);
		if (timer) clearTimeout(timer);
		return this.inFlight.size;
	}

	private pump(): void {
		while (this.accepting && this.queue.length > 0) {
			const next = this.queue[0];
			if (next.events.length === 0) {
				this.queue.shift();
				if (next.ackLsn !== undefined) this.apply(this.tracker.registerPassThrough(next.ackLsn));
				continue;
			}
			if (this.inFlight.size >= this.maxInFlight) break;
			this.queue.shift();
			this.start(next);
		}
		if (this.queue.length === 0) this.wakeWaiters();
	}

	private start(batch: Batch<E>): void {
		const items = this.hooks.toItems(batch);
		const { ticket, step } = this.tracker.registerRun(
			batch.ackLsn === undefined ? [] : [batch.ackLsn],
		);
		const done = this.hooks.createDeferred();
		const settled = this.watch(ticket, batch, done);
		this.inFlight.set(ticket.id, { ticket, batch, settled });
		this.hooks.debug('starting a run', {
			seq: batch.seq,
			events: batch.events.length,
			reason: batch.reason,
		});
		this.hooks.emit(items, done);
		this.apply(step);
	}

	private async watch(
		ticket: RunTicket,
		batch: Batch<E>,
		done: IDeferredPromise<IRun>,
	): Promise<void> {
		const result = await awaitRunOutcome(done, this.hooks.runTimeoutMs);
		this.inFlight.delete(ticket.id);
		if (this.closing && result.outcome !== 'success') {
			// Left unsettled on purpose: it is not acknowledged, so the changes come again.
			this.hooks.debug('run ended without success during close; its changes will come again', {
				...result,
			});
		} else {
			this.apply(this.tracker.settle(ticket, result.outcome, result.message), batch);
		}
		this.hooks.onSettled?.(batch, result.outcome);
		this.pump();
	}

	private apply(step: AckStep, batch?: Batch<E>): void {
		if (step.acknowledge !== undefined) this.hooks.acknowledge(step.acknowledge);
		if (step.failed) this.hooks.onFailure(step.failed, batch);
	}

	private wakeWaiters(): void {
		const waiters = this.roomWaiters;
		this.roomWaiters = [];
		for (const wake of waiters) wake();
	}
}
