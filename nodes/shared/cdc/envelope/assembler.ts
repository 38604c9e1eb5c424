import { formatLsn } from '../pgoutput/lsn';
import type {
	BeginMessage,
	DeleteMessage,
	InsertMessage,
	LogicalMessage,
	Lsn,
	PgoutputMessage,
	RelationMessage,
	TruncateMessage,
	TupleValue,
	TypeMessage,
	UpdateMessage,
} from '../pgoutput/messages';
import { addCatalogFacts, type ColumnFactsByName } from '../schema/columnFacts';
import { describeRelation, diffRelations, type SchemaChange } from '../schema/diffRelations';
import type { ValueMode } from '../values/convert';
import { RelationCache } from './relationCache';
import { fillUnchangedToast, pickKey, tupleToRow, type ColumnKeptAsText } from './rows';
import { stampIdentity } from './sourceIdentity';
import type { CdcEvent, CdcRow, CdcSource } from '../changeEvent';
import type { SourceIdentity } from './types';

export interface AssemblerOptions {
	/** 'text' (default): Postgres text form; 'native': JS types where exact (see convertTextValue). */
	valueMode?: ValueMode;
	/** Shared or restored cache; a new empty one by default. */
	relations?: RelationCache;
	/**
	 * Emit op 'schema' events (default true): a table's full description before its first change in
	 * this assembler's session (reason 'firstSight'), and where its definition changes ('changed').
	 */
	schemaEvents?: boolean;
	/**
	 * The columns that make up `key`. Default: the replica identity columns pgoutput flags — under
	 * REPLICA IDENTITY FULL that is every column, so pass the primary key (from the catalog) to do better.
	 */
	keyColumns?: (relation: RelationMessage) => readonly string[] | undefined;
	/** Nullability and default per column (e.g. from the catalog) for schema events; absent: left out. */
	columnFacts?: (relation: RelationMessage) => ColumnFactsByName | undefined;
	/** Clock for the time of non-transactional messages (tests pass a fixed one). */
	now?: () => Date;
	/**
	 * The server the stream reads from, stamped on every event's source (systemId, timeline).
	 * Read once per transaction, so a reconnect to another server shows on the next one.
	 */
	sourceIdentity?: () => SourceIdentity | undefined;
	/** Native mode: hears each value kept as text (the caller warns once per column, not per value). */
	onKeptAsText?: ColumnKeptAsText;
}

/** The events of one committed transaction, or one non-transactional logical message. */
export interface AssembledTransaction {
	kind: 'transaction' | 'message';
	/** Null for a non-transactional message. */
	xid: number | null;
	/** Acknowledge this after the events were processed: Commit's end LSN, or the message's LSN. */
	ackLsn: Lsn;
	/** When the transaction committed (a non-transactional message: when it was decoded, i.e. now). */
	commitTime: Date;
	events: CdcEvent[];
	/**
	 * The Relation and Type messages that arrived with this transaction (or since the previous one),
	 * in order. Apply them to a RelationCache kept at the acknowledged position (RelationCache.apply)
	 * to resume after a restart with the definitions as of that position.
	 */
	definitions: Array<RelationMessage | TypeMessage>;
}

interface OpenTransaction {
	begin: BeginMessage;
	identity: SourceIdentity | undefined;
	origin?: string;
	/** Events before the commit LSN is known; `source.commitLsn` is filled at Commit. */
	events: CdcEvent[];
}

/**
 * Turns decoded pgoutput messages, fed in stream order with their LSNs, into Debezium-like events,
 * released a whole transaction at a time when its Commit arrives (only then is the commit LSN
 * known). Keeps the relation cache current and diffs each new Relation against the previous one.
 */
export class TransactionAssembler {
	readonly relations: RelationCache;
	private readonly valueMode: ValueMode;
	private readonly onKeptAsText?: ColumnKeptAsText;
	private readonly schemaEvents: boolean;
	private readonly keyColumnsOverride?: AssemblerOptions['keyColumns'];
	private readonly columnFacts?: AssemblerOptions['columnFacts'];
	/** Relations described in this session: their description went out before their first change. */
	private describedInSession = new Set<number>();
	/**
	 * The definition known (e.g. acknowledged before a restart) when this session's first Relation
	 * message of a relation arrived, undefined when none was: the description reports what differs.
	 */
	private knownBeforeSession = new Map<number, RelationMessage | undefined>();
	private readonly now: () => Date;
	private readonly sourceIdentity: () => SourceIdentity | undefined;
	private open: OpenTransaction | undefined;
	/** Schema changes seen outside a transaction wait for the next one. */
	private pendingSchemaChanges: Array<{ lsn: Lsn; change: SchemaChange }> = [];
	/** Definitions received since the last finished transaction. */
	private definitions: Array<RelationMessage | TypeMessage> = [];

	constructor(options: AssemblerOptions = {}) {
		this.relations = options.relations ?? new RelationCache();
		this.valueMode = options.valueMode ?? 'text';
		this.onKeptAsText = options.onKeptAsText;
		this.schemaEvents = options.schemaEvents ?? true;
		this.keyColumnsOverride = options.keyColumns;
		this.columnFacts = options.columnFacts;
		this.now = options.now ?? (() => new Date());
		this.sourceIdentity = options.sourceIdentity ?? (() => undefined);
	}

	/** True between a Begin and its Commit. */
	get inTransaction(): boolean {
		return this.open !== undefined;
	}

	/**
	 * Forgets a half-received transaction (after a reconnect the server sends it again from its Begin).
	 * Relations it carried stay in the cache, so their replay looks unchanged: to get schema change
	 * events against the acknowledged position, start a new assembler from a cache kept there instead.
	 */
	discardOpenTransaction(): void {
		this.open = undefined;
		this.definitions = [];
		this.pendingSchemaChanges = [];
	}

	/**
	 * A new replication session begins (the server sends each table's Relation message again): forgets
	 * the open transaction and which tables were described, so each gets its description again.
	 */
	startSession(): void {
		this.discardOpenTransaction();
		this.describedInSession = new Set();
		this.knownBeforeSession = new Map();
	}

	/** Feeds one message; returns the finished transaction on Commit (and for a non-transactional message). */
	push(lsn: Lsn, message: PgoutputMessage): AssembledTransaction | undefined {
		switch (message.tag) {
			case 'begin':
				return this.begin(message);
			case 'commit':
				return this.commit(message.endLsn, message.commitTime);
			case 'origin':
				if (this.open) this.open.origin = message.name;
				return undefined;
			case 'relation':
				this.relation(lsn, message);
				return undefined;
			case 'type':
				this.relations.setType(message);
				this.definitions.push(message);
				return undefined;
			case 'insert':
				this.addChange(lsn, message.relationOid, this.insert(message));
				return undefined;
			case 'update':
				this.addChange(lsn, message.relationOid, this.update(message));
				return undefined;
			case 'delete':
				this.addChange(lsn, message.relationOid, this.delete(message));
				return undefined;
			case 'truncate':
				this.truncate(message).forEach((event, index) =>
					this.addChange(lsn, message.relationOids[index], event),
				);
				return undefined;
			case 'message':
				return this.logicalMessage(lsn, message);
			default:
				return undefined; // unknown kinds are skipped by design
		}
	}

	private begin(message: BeginMessage): undefined {
		if (this.open) {
			throw new Error(
				`Begin of transaction ${message.xid} arrived while transaction ${this.open.begin.xid} was still open: ` +
					'the stream lost a Commit; restart the stream.',
			);
		}
		this.open = { begin: message, identity: this.sourceIdentity(), events: [] };
		for (const { lsn, change } of this.pendingSchemaChanges) this.add(lsn, schemaEvent(change));
		this.pendingSchemaChanges = [];
		return undefined;
	}

	private commit(endLsn: Lsn, commitTime: Date): AssembledTransaction {
		const open = this.requireOpen('Commit');
		this.open = undefined;
		const commitLsn = formatLsn(endLsn);
		for (const event of open.events) event.source.commitLsn = commitLsn;
		return {
			kind: 'transaction',
			xid: open.begin.xid,
			ackLsn: endLsn,
			commitTime,
			events: open.events,
			definitions: this.takeDefinitions(),
		};
	}

	private takeDefinitions(): Array<RelationMessage | TypeMessage> {
		const definitions = this.definitions;
		this.definitions = [];
		return definitions;
	}

	private requireOpen(what: string): OpenTransaction {
		if (this.open === undefined) {
			throw new Error(
				`${what} arrived outside a transaction: the stream lost a Begin; restart the stream.`,
			);
		}
		return this.open;
	}

	/**
	 * A table's first Relation message in the session only records what was known before it: the
	 * description goes out with the table's first change (Postgres also sends Relation messages of
	 * tables that get none under their own name, e.g. a partition published as its root). Later ones
	 * are diffed against the previous definition.
	 */
	private relation(lsn: Lsn, message: RelationMessage): void {
		this.definitions.push(message);
		const previous = this.relations.setRelation(message);
		if (!this.schemaEvents) return;
		const oid = message.relationOid;
		if (!this.describedInSession.has(oid)) {
			if (!this.knownBeforeSession.has(oid)) this.knownBeforeSession.set(oid, previous);
			return;
		}
		if (previous === undefined) return;
		const change = diffRelations(previous, message, this.relations.typeName);
		if (change === undefined) return;
		this.completeSchemaChange(change, message);
		if (this.open) this.add(lsn, schemaEvent(change));
		else this.pendingSchemaChanges.push({ lsn, change });
	}

	/**
	 * Queues a change event, after its table's description when this is the table's first change in
	 * the session: every column, carrying what differs from a definition known before the session.
	 */
	private addChange(lsn: Lsn, relationOid: number, event: CdcEvent): void {
		this.requireOpen(`A ${event.op} change`);
		if (this.schemaEvents && !this.describedInSession.has(relationOid)) {
			this.describedInSession.add(relationOid);
			const relation = this.relations.requireRelation(relationOid, `a ${event.op} change`);
			const resolve = this.relations.typeName;
			const known = this.knownBeforeSession.get(relationOid);
			const change =
				(known && diffRelations(known, relation, resolve)) ??
				describeRelation(relation, 'firstSight', resolve);
			change.reason = 'firstSight';
			this.completeSchemaChange(change, relation);
			this.add(lsn, schemaEvent(change));
		}
		this.add(lsn, event);
	}

	/** Marks the events' key columns and adds what the catalog says about the columns. */
	private completeSchemaChange(change: SchemaChange, relation: RelationMessage): void {
		markEventKey(change, this.keyColumns(relation));
		addCatalogFacts(change, this.columnFacts?.(relation));
	}

	/** Fills the transaction-level source fields and queues the event. */
	private add(lsn: Lsn, event: CdcEvent): void {
		const open = this.requireOpen(`A ${event.op} change`);
		const source = event.source;
		source.lsn = formatLsn(lsn);
		source.txId = open.begin.xid;
		source.ts_ms = open.begin.commitTime.getTime();
		source.eventIndex = open.events.length;
		if (open.origin !== undefined) source.origin = open.origin;
		stampIdentity(source, open.identity);
		open.events.push(event);
	}

	private keyColumns(relation: RelationMessage): readonly string[] {
		return (
			this.keyColumnsOverride?.(relation) ??
			relation.columns.filter((column) => column.isKey).map((column) => column.name)
		);
	}

	private insert(message: InsertMessage): CdcEvent {
		const relation = this.relations.requireRelation(message.relationOid, 'an Insert');
		const after = this.newRow(relation, message.newTuple);
		return rowEvent('c', relation, null, after, pickKey(after, this.keyColumns(relation)), []);
	}

	private update(message: UpdateMessage): CdcEvent {
		const relation = this.relations.requireRelation(message.relationOid, 'an Update');
		const before = this.oldRow(relation, message.oldTuple, message.oldTupleKind);
		const after = this.newRow(relation, message.newTuple);
		const unknown = fillUnchangedToast(after, message.oldTupleKind === 'old' ? before : null);
		return rowEvent(
			'u',
			relation,
			before,
			after,
			pickKey(after, this.keyColumns(relation)),
			unknown,
		);
	}

	private delete(message: DeleteMessage): CdcEvent {
		const relation = this.relations.requireRelation(message.relationOid, 'a Delete');
		const before = this.oldRow(relation, message.oldTuple, message.oldTupleKind);
		const key = before === null ? null : pickKey(before, this.keyColumns(relation));
		return rowEvent('d', relation, before, null, key, []);
	}

	private newRow(relation: RelationMessage, tuple: TupleValue[]): CdcRow {
		return tupleToRow(relation, tuple, this.valueMode, undefined, this.onKeptAsText);
	}

	/** A full old row, or only its key columns when Postgres sent the key ('K'). */
	private oldRow(
		relation: RelationMessage,
		tuple: UpdateMessage['oldTuple'],
		kind: UpdateMessage['oldTupleKind'],
	) {
		if (tuple === undefined) return null;
		const include = kind === 'key' ? (column: { isKey: boolean }) => column.isKey : undefined;
		return tupleToRow(relation, tuple, this.valueMode, include, this.onKeptAsText);
	}

	private truncate(message: TruncateMessage): CdcEvent[] {
		return message.relationOids.map((relationOid) => {
			const relation = this.relations.requireRelation(relationOid, 'a Truncate');
			const event = rowEvent('t', relation, null, null, null, []);
			event.truncate = { cascade: message.cascade, restartIdentity: message.restartIdentity };
			return event;
		});
	}

	private logicalMessage(lsn: Lsn, message: LogicalMessage): AssembledTransaction | undefined {
		const event: CdcEvent = {
			op: 'm',
			before: null,
			after: null,
			key: null,
			source: emptySource(null, null),
			message: {
				prefix: message.prefix,
				content: message.content.toString('utf8'),
				transactional: message.transactional,
			},
		};
		if (message.transactional) {
			this.add(lsn, event);
			return undefined;
		}
		// Decoded on its own, outside any transaction: deliverable (and acknowledgeable) at once.
		const position = formatLsn(lsn);
		const now = this.now();
		Object.assign(event.source, { lsn: position, commitLsn: position, ts_ms: now.getTime() });
		stampIdentity(event.source, this.sourceIdentity());
		// Definitions seen before it stay pending: they belong to the next transaction's position.
		return {
			kind: 'message',
			xid: null,
			ackLsn: lsn,
			commitTime: now,
			events: [event],
			definitions: [],
		};
	}
}

function emptySource(schema: string | null, table: string | null): CdcSource {
	return {
		lsn: '',
		commitLsn: '',
		txId: null,
		ts_ms: 0,
		schema,
		table,
		snapshot: false,
		eventIndex: 0,
	};
}

function rowEvent(
	op: CdcEvent['op'],
	relation: RelationMessage,
	before: CdcRow | null,
	after: CdcRow | null,
	key: CdcRow | null,
	unchangedToastColumns: string[],
): CdcEvent {
	const event: CdcEvent = {
		op,
		before,
		after,
		key,
		source: emptySource(relation.schema, relation.name),
	};
	if (unchangedToastColumns.length > 0) event.unchangedToastColumns = unchangedToastColumns;
	return event;
}

/**
 * A schema event's isKey marks the columns the events' `key` holds (the catalog's primary key or
 * replica identity index), not every column pgoutput flags under REPLICA IDENTITY FULL: a consumer
 * that keys rows by it must key them as the events do.
 */
function markEventKey(change: SchemaChange, keyColumns: readonly string[]): void {
	const key = new Set(keyColumns);
	for (const column of [...change.columns, ...change.addedColumns]) {
		column.isKey = key.has(column.name);
	}
}

function schemaEvent(change: SchemaChange): CdcEvent {
	return {
		op: 'schema',
		before: null,
		after: null,
		key: null,
		source: emptySource(change.schema, change.table),
		schemaChange: change,
	};
}
