import type { Lsn } from '../pgoutput/messages';
import type { Batch, BatchInput, BatchReason, BatchTimers, BatchingOptions } from './types';

const realTimers: BatchTimers = {
	set: (callback, ms) => setTimeout(callback, ms),
	clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** Rejects options that would make the batcher never flush or flush on every event by accident. */
export function validateBatchingOptions(options: BatchingOptions): void {
	if (options.mode === 'transaction') return;
	if (!Number.isInteger(options.maxRows) || options.maxRows < 1) {
		throw new Error(
			`Batching: maximum rows must be a whole number of at least 1 (got ${options.maxRows}).`,
		);
	}
	if (!Number.isFinite(options.maxWaitMs) || options.maxWaitMs < 0) {
		throw new Error(`Batching: maximum wait must be 0 ms or more (got ${options.maxWaitMs}).`);
	}
}

/**
 * Groups change events into batches (one batch = one workflow run) and records, per batch, the commit
 * end position that becomes safe to acknowledge once that batch and all earlier ones succeeded.
 *
 * Pure: no I/O; the max-wait timer is injected. A transaction without events (filtered tables, a
 * heartbeat) still yields a batch with no events, so its position reaches the acknowledgement tracker in
 * order and an idle slot can advance.
 */
export class ChangeBatcher<E> {
	private events: E[] = [];
	private lastCommitEndLsn: Lsn | undefined;
	private transactionOpen = false;
	private transactionEventCount = 0;
	private timer: unknown;
	private nextSeq = 1;
	private closed = false;

	constructor(
		private readonly options: BatchingOptions,
		private readonly onBatch: (batch: Batch<E>) => void,
		private readonly timers: BatchTimers = realTimers,
	) {
		validateBatchingOptions(options);
	}

	push(input: BatchInput<E>): void {
		if (this.closed) return;
		switch (input.kind) {
			case 'begin':
				// One run per transaction: rows that arrived outside a transaction go first, on their own.
				if (this.options.mode === 'transaction' && this.events.length > 0) this.cut('flush');
				this.transactionOpen = true;
				this.transactionEventCount = 0;
				return;
			case 'event':
				this.addEvent(input.event);
				return;
			case 'commit':
				this.commit(input.endLsn);
				return;
		}
	}

	/** Emits whatever is collected (events outside transactions, e.g. snapshot rows, or a partial batch). */
	flush(): void {
		if (this.closed) return;
		if (this.events.length > 0 || this.lastCommitEndLsn !== undefined) this.cut('flush');
	}

	/** Events not yet emitted are dropped: they were never acknowledged, so the slot sends them again. */
	close(): void {
		this.closed = true;
		this.stopTimer();
		this.events = [];
	}

	/** Events collected but not yet emitted (for tests and diagnostics). */
	get pendingEvents(): number {
		return this.events.length;
	}

	private addEvent(event: E): void {
		this.events.push(event);
		if (this.transactionOpen) this.transactionEventCount++;
		// In transaction mode the commit cuts; events outside a transaction (snapshot rows, messages that
		// are not transactional) are grouped by rows and wait like in rows mode.
		if (this.options.mode === 'transaction' && this.transactionOpen) return;
		if (this.events.length >= this.options.maxRows) {
			this.cut('maxRows');
			return;
		}
		if (this.events.length === 1) this.startTimer();
	}

	private commit(endLsn: Lsn): void {
		const hadEvents = this.transactionEventCount > 0;
		this.transactionOpen = false;
		this.transactionEventCount = 0;
		this.lastCommitEndLsn = endLsn;
		if (this.options.mode === 'transaction') {
			this.cut(hadEvents ? 'transaction' : 'commit');
			return;
		}
		// Rows mode: a commit joins the open batch; with nothing waiting, pass the position on at once.
		if (this.events.length === 0) this.cut('commit');
	}

	private cut(reason: BatchReason): void {
		this.stopTimer();
		const batch: Batch<E> = {
			seq: this.nextSeq++,
			events: this.events,
			ackLsn: this.lastCommitEndLsn,
			endsInsideTransaction: this.transactionOpen,
			reason,
		};
		this.events = [];
		this.lastCommitEndLsn = undefined;
		this.onBatch(batch);
	}

	private startTimer(): void {
		this.stopTimer();
		this.timer = this.timers.set(() => {
			this.timer = undefined;
			if (!this.closed && this.events.length > 0) this.cut('maxWait');
		}, this.options.maxWaitMs);
	}

	private stopTimer(): void {
		if (this.timer === undefined) return;
		this.timers.clear(this.timer);
		this.timer = undefined;
	}
}
