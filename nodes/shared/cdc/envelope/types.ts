import type { SchemaChange } from '../schema/diffRelations';
import type { CdcValue } from '../values/convert';

/**
 * c create, u update, d delete, t truncate, r snapshot read, m logical message, schema: definition
 * changed, snapshotEnd: one table's initial snapshot is complete (every live row of it was sent as 'r').
 */
export type CdcOperation = 'c' | 'u' | 'd' | 't' | 'r' | 'm' | 'schema' | 'snapshotEnd';

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
	/**
	 * The source server's system identifier (pg_control_system().system_identifier, decimal string):
	 * positions mean something only on the server that produced them.
	 */
	systemId?: string;
	/** The source server's timeline when the position was read. */
	timeline?: number;
}

/** The server a position belongs to (IDENTIFY_SYSTEM's systemid and timeline). */
export interface SourceIdentity {
	systemId: string;
	timeline: number;
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
	/**
	 * The row's key (after an update; before a delete): the primary key, also under REPLICA IDENTITY
	 * FULL; the replica identity index under REPLICA IDENTITY USING INDEX; null when the table has
	 * neither. (The trigger reads it from the catalog; a bare assembler uses pgoutput's key flags.)
	 */
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
	/**
	 * op 'snapshotEnd' only: the table's snapshot at source.commitLsn (the slot's consistent point) is
	 * complete. Every target row of this table with a position below that snapshot's rows and not
	 * changed since is no longer in the source (deleted while an earlier, interrupted snapshot ran).
	 */
	snapshotEnd?: { rows: number };
}
