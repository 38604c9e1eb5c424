import { BufferReader } from './bufferReader';
import type {
	BeginMessage,
	CommitMessage,
	DeleteMessage,
	InsertMessage,
	LogicalMessage,
	OriginMessage,
	PgoutputMessage,
	RelationColumn,
	RelationMessage,
	TruncateMessage,
	TupleValue,
	TypeMessage,
	UpdateMessage,
} from './messages';

/** Postgres timestamps count microseconds from 2000-01-01 UTC. */
const POSTGRES_EPOCH_MS = 946_684_800_000;

const KIND_NAMES: Record<string, string> = {
	B: 'Begin (B)',
	C: 'Commit (C)',
	O: 'Origin (O)',
	R: 'Relation (R)',
	Y: 'Type (Y)',
	I: 'Insert (I)',
	U: 'Update (U)',
	D: 'Delete (D)',
	T: 'Truncate (T)',
	M: 'Message (M)',
};

/** Shared, immutable: NULL and unchanged-TOAST columns carry no value, so they need no allocation. */
const NULL_VALUE: TupleValue = Object.freeze({ kind: 'null' });
const UNCHANGED_TOAST_VALUE: TupleValue = Object.freeze({ kind: 'unchangedToast' });

const TRUNCATE_CASCADE = 1;
const TRUNCATE_RESTART_IDENTITY = 2;
const MESSAGE_TRANSACTIONAL = 1;

/** Reused for every message: decoding is synchronous, so one cursor is enough. */
const reader = new BufferReader();

/**
 * Decodes one pgoutput message (protocol version 1, plus `messages`). Unknown kinds come back as
 * `{ tag: 'unknown' }` and must be skipped; bytes that break the layout of a known kind throw
 * PgoutputDecodeError naming the kind and the offset.
 */
export function decodePgoutput(data: Buffer): PgoutputMessage {
	if (data.length === 0) {
		reader.reset(data, 'empty');
		reader.fail('the message has no bytes');
	}
	const kind = String.fromCharCode(data[0]);
	const name = KIND_NAMES[kind];
	if (name === undefined) return { tag: 'unknown', kind };
	reader.reset(data, name, 1);
	const message = decodeKnown(kind);
	reader.expectEnd();
	return message;
}

function decodeKnown(kind: string): PgoutputMessage {
	switch (kind) {
		case 'B':
			return decodeBegin();
		case 'C':
			return decodeCommit();
		case 'O':
			return decodeOrigin();
		case 'R':
			return decodeRelation();
		case 'Y':
			return decodeType();
		case 'I':
			return decodeInsert();
		case 'U':
			return decodeUpdate();
		case 'D':
			return decodeDelete();
		case 'T':
			return decodeTruncate();
		default:
			return decodeLogicalMessage();
	}
}

function timestampToDate(micros: bigint): Date {
	return new Date(POSTGRES_EPOCH_MS + Number(micros / 1000n));
}

function decodeBegin(): BeginMessage {
	const finalLsn = reader.uint64('final LSN');
	const commitTimeMicros = reader.int64('commit timestamp');
	const xid = reader.uint32('xid');
	return {
		tag: 'begin',
		finalLsn,
		commitTime: timestampToDate(commitTimeMicros),
		commitTimeMicros,
		xid,
	};
}

function decodeCommit(): CommitMessage {
	const flags = reader.uint8('flags');
	const commitLsn = reader.uint64('commit LSN');
	const endLsn = reader.uint64('end LSN');
	const commitTimeMicros = reader.int64('commit timestamp');
	return {
		tag: 'commit',
		flags,
		commitLsn,
		endLsn,
		commitTime: timestampToDate(commitTimeMicros),
		commitTimeMicros,
	};
}

function decodeOrigin(): OriginMessage {
	const originLsn = reader.uint64('origin LSN');
	const name = reader.cstring('origin name');
	return { tag: 'origin', originLsn, name };
}

function decodeReplicaIdentity(): RelationMessage['replicaIdentity'] {
	const at = reader.offset;
	const code = String.fromCharCode(reader.uint8('replica identity'));
	if (code === 'd' || code === 'n' || code === 'f' || code === 'i') return code;
	return reader.fail(`replica identity '${code}' is not one of d, n, f, i`, at);
}

function decodeRelation(): RelationMessage {
	const relationOid = reader.uint32('relation OID');
	const schema = reader.cstring('namespace');
	const name = reader.cstring('relation name');
	const replicaIdentity = decodeReplicaIdentity();
	const count = reader.int16('column count');
	if (count < 0) reader.fail(`negative column count ${count}`);
	const columns = new Array<RelationColumn>(count);
	for (let index = 0; index < count; index++) {
		const flags = reader.uint8('column flags');
		columns[index] = {
			isKey: (flags & 1) === 1,
			name: reader.cstring('column name'),
			typeOid: reader.uint32('column type OID'),
			typeModifier: reader.int32('column type modifier'),
		};
	}
	return { tag: 'relation', relationOid, schema, name, replicaIdentity, columns };
}

function decodeType(): TypeMessage {
	const typeOid = reader.uint32('type OID');
	const schema = reader.cstring('type namespace');
	const name = reader.cstring('type name');
	return { tag: 'type', typeOid, schema, name };
}

function decodeTuple(): TupleValue[] {
	const count = reader.int16('tuple column count');
	if (count < 0) reader.fail(`negative tuple column count ${count}`);
	const values = new Array<TupleValue>(count);
	for (let index = 0; index < count; index++) {
		const at = reader.offset;
		const kind = reader.uint8('tuple column kind');
		switch (kind) {
			case 0x6e: // 'n'
				values[index] = NULL_VALUE;
				break;
			case 0x75: // 'u'
				values[index] = UNCHANGED_TOAST_VALUE;
				break;
			case 0x74: // 't'
				values[index] = {
					kind: 'text',
					value: reader.utf8(readLength(), `column ${index + 1} text`),
				};
				break;
			case 0x62: // 'b'
				values[index] = {
					kind: 'binary',
					value: reader.bytes(readLength(), `column ${index + 1} bytes`),
				};
				break;
			default:
				reader.fail(
					`tuple column ${index + 1} has kind '${String.fromCharCode(kind)}', expected n, u, t or b`,
					at,
				);
		}
	}
	return values;
}

function readLength(): number {
	const at = reader.offset;
	const length = reader.int32('value length');
	if (length < 0) reader.fail(`negative value length ${length}`, at);
	return length;
}

/** Reads the 'N' / 'K' / 'O' marker that precedes a tuple. */
function tupleMarker(): string {
	return String.fromCharCode(reader.uint8('tuple marker'));
}

function expectNewTupleMarker(marker: string, at: number): void {
	if (marker !== 'N') reader.fail(`expected new tuple marker 'N' but found '${marker}'`, at);
}

function decodeInsert(): InsertMessage {
	const relationOid = reader.uint32('relation OID');
	const at = reader.offset;
	expectNewTupleMarker(tupleMarker(), at);
	return { tag: 'insert', relationOid, newTuple: decodeTuple() };
}

function decodeUpdate(): UpdateMessage {
	const relationOid = reader.uint32('relation OID');
	let at = reader.offset;
	let marker = tupleMarker();
	if (marker === 'K' || marker === 'O') {
		const oldTupleKind = marker === 'K' ? 'key' : 'old';
		const oldTuple = decodeTuple();
		at = reader.offset;
		marker = tupleMarker();
		expectNewTupleMarker(marker, at);
		return { tag: 'update', relationOid, oldTuple, oldTupleKind, newTuple: decodeTuple() };
	}
	expectNewTupleMarker(marker, at);
	return { tag: 'update', relationOid, newTuple: decodeTuple() };
}

function decodeDelete(): DeleteMessage {
	const relationOid = reader.uint32('relation OID');
	const at = reader.offset;
	const marker = tupleMarker();
	if (marker !== 'K' && marker !== 'O') {
		reader.fail(`expected old tuple marker 'K' or 'O' but found '${marker}'`, at);
	}
	return {
		tag: 'delete',
		relationOid,
		oldTupleKind: marker === 'K' ? 'key' : 'old',
		oldTuple: decodeTuple(),
	};
}

function decodeTruncate(): TruncateMessage {
	const count = reader.int32('relation count');
	if (count < 0) reader.fail(`negative relation count ${count}`);
	const options = reader.uint8('options');
	const relationOids = new Array<number>(count);
	for (let index = 0; index < count; index++) relationOids[index] = reader.uint32('relation OID');
	return {
		tag: 'truncate',
		cascade: (options & TRUNCATE_CASCADE) !== 0,
		restartIdentity: (options & TRUNCATE_RESTART_IDENTITY) !== 0,
		relationOids,
	};
}

function decodeLogicalMessage(): LogicalMessage {
	const flags = reader.uint8('flags');
	const lsn = reader.uint64('message LSN');
	const prefix = reader.cstring('prefix');
	const content = reader.bytes(readLength(), 'content');
	return {
		tag: 'message',
		transactional: (flags & MESSAGE_TRANSACTIONAL) !== 0,
		lsn,
		prefix,
		content,
	};
}
