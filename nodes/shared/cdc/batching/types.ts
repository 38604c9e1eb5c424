import type { Lsn } from '../pgoutput/messages';

/**
 * How change events are grouped into workflow runs.
 * - `rows`: a run every `maxRows` events, or `maxWaitMs` after the first event of a batch, whichever
 *   comes first. Transactions may share a run, and a large transaction may span runs.
 * - `transaction`: one run per committed transaction, never split.
 */
export type BatchMode = 'rows' | 'transaction';

export interface BatchingOptions {
	mode: BatchMode;
	/** The most events in one run (in transaction mode: for events outside transactions, e.g. snapshot rows). */
	maxRows: number;
	/** How long the first event of a batch may wait for more (same scope as `maxRows`). */
	maxWaitMs: number;
}

/** What the batcher is fed, in stream order. `begin`/`commit` frame the events of one transaction. */
export type BatchInput<E> =
	| { kind: 'begin' }
	| { kind: 'event'; event: E }
	| { kind: 'commit'; endLsn: Lsn };

/** Why a batch was cut; `commit` = only a position to acknowledge (its events went out earlier, or none). */
export type BatchReason = 'maxRows' | 'maxWait' | 'transaction' | 'commit' | 'flush';

export interface Batch<E> {
	/** 1, 2, 3… in stream order; the acknowledgement tracker orders runs by it. */
	seq: number;
	events: E[];
	/**
	 * The highest commit end position whose transaction is complete once this batch and every earlier
	 * batch succeeded. Undefined when no transaction ended inside this batch (e.g. the first part of a
	 * transaction that spans runs): acknowledging then would skip the rest of that transaction.
	 */
	ackLsn?: Lsn;
	/** True when a transaction was still open when the batch was cut (rows mode only). */
	endsInsideTransaction: boolean;
	reason: BatchReason;
}

/** Timer functions, injectable so tests control time. */
export interface BatchTimers {
	set(callback: () => void, ms: number): unknown;
	clear(handle: unknown): void;
}
