import type { Lsn } from '../pgoutput/messages';

/** One XLogData frame from the walsender. */
export interface WalData {
	/** Start of this WAL data. */
	walStart: Lsn;
	/** Server's current end of WAL. */
	walEnd: Lsn;
	serverTime: bigint;
	/** The pgoutput message (decode it with `decodePgoutput`). */
	data: Buffer;
}

/** A primary keepalive frame ('k'). */
export interface PrimaryKeepalive {
	walEnd: Lsn;
	serverTime: bigint;
	replyRequested: boolean;
}

/** The three positions a standby status update ('r') reports; we always send the same value in all three. */
export interface StandbyStatus {
	write: Lsn;
	flush: Lsn;
	apply: Lsn;
	/** Microseconds since 2000-01-01 UTC. */
	clientTime: bigint;
	replyRequested: boolean;
}

/** Connection details for a replication connection (`replication=database`). */
export interface ReplicationConnectionOptions {
	host: string;
	port: number;
	database: string;
	user: string;
	password: string;
	ssl?: false | { rejectUnauthorized: boolean; ca?: string };
	/** Shown in pg_stat_activity / pg_stat_replication; lets an operator see which workflow holds a slot. */
	applicationName?: string;
	/** Extra server settings for the session, e.g. `{ wal_sender_timeout: '10s' }`. Names and values are checked. */
	sessionSettings?: Record<string, string>;
	connectTimeoutMs?: number;
}

/** Bounded, jittered exponential backoff between reconnection attempts. */
export interface BackoffOptions {
	/** First delay (default 500 ms). */
	initialDelayMs: number;
	/** Largest delay (default 30 s). */
	maxDelayMs: number;
	/** Give up after this many consecutive failed attempts (default: never give up). */
	maxAttempts: number;
}

export interface ReplicationStreamOptions {
	connection: ReplicationConnectionOptions;
	slotName: string;
	publicationNames: string[];
	/**
	 * The position already acknowledged (for example the slot's confirmed_flush_lsn or a new slot's
	 * consistent point). 0n = unknown: the server starts from the slot's confirmed_flush_lsn and no
	 * flush position is reported until the consumer acknowledges something.
	 */
	startLsn?: Lsn;
	/**
	 * Create `slotName` as a TEMPORARY slot on the streaming connection itself (dropped when the
	 * connection ends; recreated at "now" after a reconnect, so changes in between are not seen).
	 * For previews such as n8n's manual mode, never for production.
	 */
	temporarySlot?: boolean;
	/** Ask the server for `pg_logical_emit_message` output (PG 14+; default true). */
	messages?: boolean;
	/** Pause reading from the socket when this many bytes of frames wait for the consumer (default 8 MiB). */
	maxBufferedBytes?: number;
	/** Send a status update at least this often even when the server does not ask (default 10 s). */
	statusIntervalMs?: number;
	/** Wait this long for the server's CopyDone on close before dropping the connection (default 5 s). */
	closeTimeoutMs?: number;
	reconnect?: Partial<BackoffOptions>;
	/** Diagnostics hooks (tests, logs). They must not throw. */
	observer?: ReplicationStreamObserver;
}

export interface ReplicationStreamObserver {
	keepalive?(keepalive: PrimaryKeepalive): void;
	statusSent?(status: StandbyStatus): void;
	/** A connection attempt failed or the connection was lost; the stream retries after `delayMs`. */
	retrying?(info: { attempt: number; delayMs: number; error: Error; slotBusy: boolean }): void;
	connected?(info: { startLsn: Lsn; attempt: number }): void;
}

/** What the consumer pulls from the stream. */
export type ReplicationEvent =
	| { kind: 'data'; wal: WalData }
	/**
	 * The connection was re-established from the last acknowledged position: everything not yet
	 * acknowledged comes again. Discard partial transactions and forget in-flight runs' positions
	 * (their settlements can no longer be trusted to be in stream order); the Relation cache must be
	 * rebuilt from the fresh Relation messages that follow.
	 */
	| { kind: 'restarted'; fromLsn: Lsn; reason: string };

export interface ReplicationStreamStats {
	/** Bytes of frames received and not yet pulled by the consumer. */
	bufferedBytes: number;
	/** The largest value bufferedBytes reached. */
	maxBufferedBytes: number;
	/** Times reading from the socket was paused because the consumer was behind. */
	pauses: number;
	framesReceived: number;
	keepalivesReceived: number;
	statusUpdatesSent: number;
	reconnects: number;
	acknowledgedLsn: Lsn;
	/** Highest walStart of data received (not acknowledged). */
	receivedLsn: Lsn;
}
