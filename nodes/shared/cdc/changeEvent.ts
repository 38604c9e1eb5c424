/**
 * The contract between the Postgres CDC Trigger and every Sink: the change event the trigger emits,
 * the set of its operations, and the placeholder of an unchanged TOAST value. Both sides import these
 * from here, so that a new op or a renamed field cannot reach one side only.
 */
import type { SchemaChange } from './schema/diffRelations';
import type { CdcValue } from './values/convert';

/**
 * c create, u update, d delete, t truncate, r snapshot read, m logical message, schema: definition
 * changed, snapshotEnd: one table's initial snapshot is complete (every live row of it was sent as 'r').
 */
export const CHANGE_OPS = ['c', 'u', 'd', 't', 'r', 'm', 'schema', 'snapshotEnd'] as const;

export type CdcOperation = (typeof CHANGE_OPS)[number];

/** The ops that carry a row (insert, update, delete, snapshot read). */
export const ROW_CHANGE_OPS: readonly CdcOperation[] = ['c', 'u', 'd', 'r'];

const changeOps: ReadonlySet<unknown> = new Set(CHANGE_OPS);
const rowChangeOps: ReadonlySet<unknown> = new Set(ROW_CHANGE_OPS);

export function isChangeOp(value: unknown): value is CdcOperation {
	return changeOps.has(value);
}

export function isRowChangeOp(value: unknown): value is 'c' | 'u' | 'd' | 'r' {
	return rowChangeOps.has(value);
}

/**
 * The value of a TOASTed column that the change did not touch: Postgres does not send it, so we
 * cannot know it. A visible marker, never a silent undefined or null (null would read as "set to NULL").
 * Sinks must leave such a column as it is; events also list these columns in `unchangedToastColumns`.
 */
export const UNCHANGED_TOAST = '__n8n_unchanged_toast__';

export function isUnchangedToast(value: unknown): boolean {
	return value === UNCHANGED_TOAST;
}

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

/** A change event as the trigger emits it. */
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

/**
 * A change event as a Sink receives it in an item: the trigger's event after JSON, possibly from an
 * older trigger version or built by hand, so a Sink relies only on these fields and checks them.
 * `Schema` is the Sink's own view of `schemaChange` (the fields of SchemaChange it reads).
 */
export interface ReceivedChangeEvent<Schema = unknown> {
	op: CdcOperation;
	before?: Record<string, unknown> | null;
	after?: Record<string, unknown> | null;
	/** The table's key columns and values (primary key, else replica identity index); null when it has none. */
	key?: Record<string, unknown> | null;
	source: {
		/** The transaction's commit (end) LSN, 'X/X', or a whole number. */
		commitLsn?: string | number | bigint;
		/** The change's own LSN; used only when commitLsn is missing. */
		lsn?: string | number | bigint;
		/** The event's place within its transaction (or snapshot), from 0. */
		eventIndex?: number;
		schema?: string | null;
		table?: string | null;
		/** The source server's system identifier: positions mean something only on that server. */
		systemId?: string | null;
		timeline?: number | null;
	};
	unchangedToastColumns?: string[];
	/** op 'schema': the table's columns after the change (or its full description). */
	schemaChange?: Schema;
	/** op 'snapshotEnd': how many rows the completed snapshot sent. */
	snapshotEnd?: { rows: number };
}
