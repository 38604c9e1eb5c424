/**
 * pgoutput logical replication messages (protocol version 1, plus `messages`), decoded.
 * LSNs are kept as bigint (exact) and printed as 'XXXXXXXX/XXXXXXXX' where users see them.
 */

export type Lsn = bigint;

export interface RelationColumn {
	/** True when the column is part of the replica identity key. */
	isKey: boolean;
	name: string;
	typeOid: number;
	typeModifier: number;
}

/** A tuple column: text value, SQL NULL, or a TOASTed value that did not change (not sent). */
export type TupleValue =
	| { kind: 'text'; value: string }
	| { kind: 'binary'; value: Buffer }
	| { kind: 'null' }
	| { kind: 'unchangedToast' };

export interface BeginMessage {
	tag: 'begin';
	finalLsn: Lsn;
	commitTime: Date;
	/** Microseconds since 2000-01-01 as sent; commitTime loses precision below a millisecond. */
	commitTimeMicros: bigint;
	xid: number;
}

export interface CommitMessage {
	tag: 'commit';
	flags: number;
	/** LSN of the commit record (equals Begin's finalLsn). */
	commitLsn: Lsn;
	/** End of the transaction's commit record: the position to acknowledge. */
	endLsn: Lsn;
	commitTime: Date;
	/** Microseconds since 2000-01-01 as sent. */
	commitTimeMicros: bigint;
}

export interface OriginMessage {
	tag: 'origin';
	/** Commit LSN of the transaction on the origin server. */
	originLsn: Lsn;
	name: string;
}

export interface RelationMessage {
	tag: 'relation';
	relationOid: number;
	schema: string;
	name: string;
	/** 'd' default, 'n' nothing, 'f' full, 'i' index. */
	replicaIdentity: 'd' | 'n' | 'f' | 'i';
	columns: RelationColumn[];
}

/** Sent before a Relation that uses a non-built-in type (enum, domain, composite...). */
export interface TypeMessage {
	tag: 'type';
	typeOid: number;
	schema: string;
	name: string;
}

export interface InsertMessage {
	tag: 'insert';
	relationOid: number;
	newTuple: TupleValue[];
}

export interface UpdateMessage {
	tag: 'update';
	relationOid: number;
	/** Present with REPLICA IDENTITY FULL ('O') or when a key column changed ('K': key columns only). */
	oldTuple?: TupleValue[];
	oldTupleKind?: 'key' | 'old';
	newTuple: TupleValue[];
}

export interface DeleteMessage {
	tag: 'delete';
	relationOid: number;
	oldTuple: TupleValue[];
	oldTupleKind: 'key' | 'old';
}

export interface TruncateMessage {
	tag: 'truncate';
	cascade: boolean;
	restartIdentity: boolean;
	relationOids: number[];
}

/** A `pg_logical_emit_message` message (sent when the `messages` option is on). */
export interface LogicalMessage {
	tag: 'message';
	transactional: boolean;
	lsn: Lsn;
	prefix: string;
	content: Buffer;
}

/**
 * A message kind this decoder does not know (stream start/stop/commit/abort of protocol 2+,
 * two-phase messages of protocol 3, future kinds): skipped, never fatal. PG 18 has been seen
 * sending a stray Stream Abort ('A') to protocol-1 clients.
 */
export interface UnknownMessage {
	tag: 'unknown';
	/** The message's first byte as a character, e.g. 'A'. */
	kind: string;
}

export type PgoutputMessage =
	| BeginMessage
	| CommitMessage
	| OriginMessage
	| RelationMessage
	| TypeMessage
	| InsertMessage
	| UpdateMessage
	| DeleteMessage
	| TruncateMessage
	| LogicalMessage
	| UnknownMessage;
