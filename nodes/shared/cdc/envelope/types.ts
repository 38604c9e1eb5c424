import type { SchemaChange } from '../schema/diffRelations';
import type { CdcValue } from '../values/convert';

/** c create, u update, d delete, t truncate, r snapshot read, m logical message, schema: definition changed. */
export type CdcOperation = 'c' | 'u' | 'd' | 't' | 'r' | 'm' | 'schema';

/** Column name → value. */
export type CdcRow = Record<string, CdcValue>;

export interface CdcSource {
	/** LSN of this change ('X/X'). Several changes of one statement can share it; see eventIndex. */
	lsn: string;
	/** End LSN of the transaction ('X/X'): the position acknowledged once this event is processed. */
	commitLsn: string;
	/** Transaction id; null for snapshot rows and non-transactional messages. */
	txId: number | null;
	/** Commit time in ms since the epoch (snapshot rows: when the snapshot was taken). */
	ts_ms: number;
	/** Null for logical messages. */
	schema: string | null;
	table: string | null;
	/** True for snapshot rows, 'last' on the last one, false for streamed changes. */
	snapshot: boolean | 'last';
	/** Position of the event within its transaction (or snapshot), from 0: orders events that share an LSN. */
	eventIndex: number;
	/** Replication origin of the transaction, when it has one. */
	origin?: string;
}

export interface CdcEvent {
	op: CdcOperation;
	/**
	 * The row before the change. Only when Postgres sent it: every column under REPLICA IDENTITY FULL;
	 * only the key columns for deletes, and for updates that changed the key, under the default identity.
	 */
	before: CdcRow | null;
	/** The row after the change (inserts, updates, snapshot rows). */
	after: CdcRow | null;
	/** The replica identity columns (the key after an update; before a delete); null when the table has none. */
	key: CdcRow | null;
	source: CdcSource;
	/** Columns whose value is UNCHANGED_TOAST (not sent, not changed). Only present when non-empty. */
	unchangedToastColumns?: string[];
	/** op 't' only. */
	truncate?: { cascade: boolean; restartIdentity: boolean };
	/** op 'm' only: a pg_logical_emit_message message, content decoded as UTF-8. */
	message?: { prefix: string; content: string; transactional: boolean };
	/** op 'schema' only. */
	schemaChange?: SchemaChange;
}
