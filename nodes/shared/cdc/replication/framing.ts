import type { Lsn } from '../pgoutput/messages';
import type { PrimaryKeepalive, StandbyStatus, WalData } from './types';

/**
 * CopyBoth payloads of the streaming replication protocol. Each CopyData from the walsender starts
 * with one kind byte: 'w' XLogData or 'k' primary keepalive. We answer with 'r' standby status updates.
 */

const XLOG_DATA = 0x77; // 'w'
const PRIMARY_KEEPALIVE = 0x6b; // 'k'
const STANDBY_STATUS_UPDATE = 0x72; // 'r'

const XLOG_DATA_HEADER_BYTES = 25;
const KEEPALIVE_BYTES = 18;
const STATUS_UPDATE_BYTES = 34;

/** 2000-01-01T00:00:00Z in milliseconds since the Unix epoch: PostgreSQL's clock origin. */
const POSTGRES_EPOCH_MS = 946_684_800_000n;

export type ReplicationFrame =
	| { kind: 'xlogData'; wal: WalData }
	| { kind: 'keepalive'; keepalive: PrimaryKeepalive }
	| { kind: 'unknown'; code: number };

/** Parses one CopyData payload. The XLogData payload is a view into `chunk`, not a copy. */
export function parseReplicationFrame(chunk: Buffer): ReplicationFrame {
	const code = chunk.length > 0 ? chunk[0] : -1;
	if (code === XLOG_DATA) {
		if (chunk.length < XLOG_DATA_HEADER_BYTES) throw truncated('XLogData', chunk.length);
		return {
			kind: 'xlogData',
			wal: {
				walStart: chunk.readBigUInt64BE(1),
				walEnd: chunk.readBigUInt64BE(9),
				serverTime: chunk.readBigInt64BE(17),
				data: chunk.subarray(XLOG_DATA_HEADER_BYTES),
			},
		};
	}
	if (code === PRIMARY_KEEPALIVE) {
		if (chunk.length < KEEPALIVE_BYTES) throw truncated('primary keepalive', chunk.length);
		return {
			kind: 'keepalive',
			keepalive: {
				walEnd: chunk.readBigUInt64BE(1),
				serverTime: chunk.readBigInt64BE(9),
				replyRequested: chunk[17] === 1,
			},
		};
	}
	return { kind: 'unknown', code };
}

/** Builds the 34-byte 'r' message. */
export function encodeStandbyStatus(status: StandbyStatus): Buffer {
	const buffer = Buffer.alloc(STATUS_UPDATE_BYTES);
	buffer[0] = STANDBY_STATUS_UPDATE;
	buffer.writeBigUInt64BE(status.write, 1);
	buffer.writeBigUInt64BE(status.flush, 9);
	buffer.writeBigUInt64BE(status.apply, 17);
	buffer.writeBigInt64BE(status.clientTime, 25);
	buffer[33] = status.replyRequested ? 1 : 0;
	return buffer;
}

/**
 * The status we report for an acknowledged position: write = flush = apply = acknowledged. We never
 * report a position we merely received, so the slot keeps everything not yet acknowledged.
 * 0n means "nothing acknowledged yet"; the server ignores an invalid (zero) flush position.
 */
export function statusForAcknowledged(
	acknowledged: Lsn,
	now: Date,
	replyRequested = false,
): StandbyStatus {
	return {
		write: acknowledged,
		flush: acknowledged,
		apply: acknowledged,
		clientTime: postgresMicros(now),
		replyRequested,
	};
}

/** Microseconds since 2000-01-01 UTC. */
export function postgresMicros(time: Date): bigint {
	return (BigInt(time.getTime()) - POSTGRES_EPOCH_MS) * 1000n;
}

export function dateFromPostgresMicros(micros: bigint): Date {
	return new Date(Number(micros / 1000n + POSTGRES_EPOCH_MS));
}

function truncated(what: string, length: number): Error {
	return new Error(
		`Replication protocol error: a ${what} frame of ${length} bytes is too short. ` +
			'The server sent something this client does not understand; check that the connection goes straight to PostgreSQL (no proxy).',
	);
}
