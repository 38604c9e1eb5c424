import type { Lsn } from '../pgoutput/messages';

/**
 * When a run's position may be acknowledged to Postgres:
 * - afterSuccess (default): only when the run succeeded. Failed, cancelled or timed-out runs block.
 * - afterCompletion: when the run finished, successfully or not (a failed run's changes are not
 *   delivered again). Only a run that never finished (timed out) blocks.
 * - immediately: as soon as the run is handed to the workflow (at-most-once: a crash loses it).
 */
export type AcknowledgeMode = 'afterSuccess' | 'afterCompletion' | 'immediately';

/** How a run ended, as the trigger observed it. */
export type RunOutcome = 'success' | 'error' | 'cancelled' | 'timedOut';

export interface RunTicket {
	readonly id: number;
	readonly generation: number;
}

/** The run that stopped acknowledgement. */
export interface AckFailure {
	ticket: RunTicket;
	outcome: RunOutcome;
	/** The run's last complete transaction's commit end, if it held one. */
	runEndLsn?: Lsn;
	/** The acknowledged position when the run failed; earlier runs still finishing may move it up to the failed run, never past it. */
	acknowledgedLsn: Lsn;
	message?: string;
}

export interface AckStep {
	/** The new acknowledged position, when it moved: pass it to ReplicationStream.acknowledge. */
	acknowledge?: Lsn;
	/** Set when this step blocked acknowledgement (a run failed under the current mode). */
	failed?: AckFailure;
}

interface Entry {
	id: number;
	/** Largest commit end LSN completed in this entry; undefined for a run holding only part of a transaction. */
	position?: Lsn;
	done: boolean;
}

/**
 * Acknowledges the contiguous prefix of finished runs, in stream order, at commit end positions.
 *
 * Runs may finish out of order; a position is acknowledged only when every run registered before it
 * has finished acceptably. A failed run (under the mode) blocks the prefix: nothing after it is
 * acknowledged by this tracker, so after a restart Postgres sends the failed run's changes again,
 * followed by everything after them (at-least-once: later runs that already succeeded repeat).
 *
 * What to do after a failure (the trigger's job): stop handing out new runs, let in-flight runs
 * settle, wait `retryDelayMs(consecutiveFailures)`, call ReplicationStream.restart(), and on its
 * 'restarted' event call reset(stream.acknowledgedLsn). Pure: no I/O, no timers.
 */
export class AckTracker {
	readonly mode: AcknowledgeMode;
	private entries: Entry[] = [];
	private head = 0;
	private nextId = 1;
	private generation = 1;
	private acknowledged: Lsn;
	private lastRegistered: Lsn;
	private blockedBy?: AckFailure;
	private failuresInARow = 0;

	constructor(options: { mode?: AcknowledgeMode; acknowledgedLsn?: Lsn } = {}) {
		this.mode = options.mode ?? 'afterSuccess';
		this.acknowledged = options.acknowledgedLsn ?? 0n;
		this.lastRegistered = this.acknowledged;
	}

	get acknowledgedLsn(): Lsn {
		return this.acknowledged;
	}

	/** Runs (and pass-through positions) registered and not yet released by the prefix. */
	get pending(): number {
		return this.entries.length - this.head;
	}

	get failure(): AckFailure | undefined {
		return this.blockedBy;
	}

	/** Failures since the last run that moved acknowledgement; use it to space out retries. */
	get consecutiveFailures(): number {
		return this.failuresInARow;
	}

	/**
	 * Registers a run in stream order, with the commit end LSNs of the transactions it completes
	 * (empty when it holds only part of one large transaction). In 'immediately' mode the returned
	 * step already acknowledges it.
	 */
	registerRun(commitEndLsns: readonly Lsn[]): { ticket: RunTicket; step: AckStep } {
		const position = this.checkedPosition(commitEndLsns);
		const entry: Entry = { id: this.nextId++, position, done: this.mode === 'immediately' };
		this.entries.push(entry);
		return { ticket: { id: entry.id, generation: this.generation }, step: this.advance() };
	}

	/**
	 * A position that needs no run: a heartbeat message, or a transaction with nothing to deliver.
	 * It is acknowledged as soon as every earlier run has finished acceptably.
	 */
	registerPassThrough(lsn: Lsn): AckStep {
		const position = this.checkedPosition([lsn]);
		this.entries.push({ id: this.nextId++, position, done: true });
		return this.advance();
	}

	/** Records how a run ended. Settlements from before the last reset() are ignored. */
	settle(ticket: RunTicket, outcome: RunOutcome, message?: string): AckStep {
		if (ticket.generation !== this.generation || this.mode === 'immediately') return {};
		const entry = this.findPending(ticket.id);
		if (!entry || entry.done) return {};
		if (this.accepts(outcome)) {
			entry.done = true;
			return this.advance();
		}
		this.failuresInARow += 1;
		if (this.blockedBy) return {};
		this.blockedBy = {
			ticket,
			outcome,
			runEndLsn: entry.position,
			acknowledgedLsn: this.acknowledged,
			message,
		};
		return { failed: this.blockedBy };
	}

	/**
	 * Forgets every registered run (the stream restarted from `acknowledgedLsn`: their changes come
	 * again) and clears the failure. Late settlements of the forgotten runs are ignored.
	 */
	reset(acknowledgedLsn: Lsn = this.acknowledged): void {
		this.generation += 1;
		this.entries = [];
		this.head = 0;
		this.blockedBy = undefined;
		if (acknowledgedLsn > this.acknowledged) this.acknowledged = acknowledgedLsn;
		this.lastRegistered = this.acknowledged;
	}

	private accepts(outcome: RunOutcome): boolean {
		return outcomeAccepted(this.mode, outcome);
	}

	/** Walks the prefix of finished entries; a failed run is never finished, so it stops the walk. */
	private advance(): AckStep {
		let moved: Lsn | undefined;
		while (this.head < this.entries.length && this.entries[this.head].done) {
			const position = this.entries[this.head].position;
			if (position !== undefined && position > this.acknowledged) {
				this.acknowledged = position;
				moved = position;
			}
			this.head += 1;
		}
		this.compact();
		if (moved === undefined) return {};
		this.failuresInARow = 0;
		return { acknowledge: moved };
	}

	private checkedPosition(lsns: readonly Lsn[]): Lsn | undefined {
		let position: Lsn | undefined;
		for (const lsn of lsns) if (position === undefined || lsn > position) position = lsn;
		if (position === undefined) return undefined;
		if (position < this.lastRegistered) {
			throw new Error(
				`Acknowledgement order broken: position ${position} registered after ${this.lastRegistered}. Runs must be registered in stream order; after a stream restart call reset().`,
			);
		}
		this.lastRegistered = position;
		return position;
	}

	private findPending(id: number): Entry | undefined {
		// Ids increase along the array, so a binary search finds the run without scanning.
		let low = this.head;
		let high = this.entries.length - 1;
		while (low <= high) {
			const middle = (low + high) >> 1;
			const candidate = this.entries[middle];
			if (candidate.id === id) return candidate;
			if (candidate.id < id) low = middle + 1;
			else high = middle - 1;
		}
		return undefined;
	}

	private compact(): void {
		if (this.head > 256 && this.head * 2 > this.entries.length) {
			this.entries = this.entries.slice(this.head);
			this.head = 0;
		}
	}
}

/** Whether a run that ended with `outcome` is done under the acknowledge mode (else it is sent again). */
export function outcomeAccepted(mode: AcknowledgeMode, outcome: RunOutcome): boolean {
	if (outcome === 'success' || mode === 'immediately') return true;
	return mode === 'afterCompletion' && outcome !== 'timedOut';
}
