import type { Client } from 'pg';

import type { Lsn } from '../pgoutput/messages';
import { backoffDelayMs, cancellableDelay, resolveBackoff } from './backoff';
import { CopyBothQuery } from './copyBothQuery';
import {
	asError,
	describeReplicationError,
	isRetryableReplicationError,
	isSlotBusyError,
} from './errors';
import { encodeStandbyStatus, parseReplicationFrame, statusForAcknowledged } from './framing';
import {
	identifySystem,
	newReplicationClient,
	serverMajor,
	type SystemIdentity,
} from './replicationConnection';
import { createTemporarySlotSql, startReplicationSql } from './startReplicationCommand';
import type {
	BackoffOptions,
	ReplicationConnectionOptions,
	ReplicationEvent,
	ReplicationStreamOptions,
	ReplicationStreamStats,
	WalData,
} from './types';

const DEFAULT_MAX_BUFFERED_BYTES = 8 * 1024 * 1024;
const DEFAULT_STATUS_INTERVAL_MS = 10_000;
const DEFAULT_CLOSE_TIMEOUT_MS = 5_000;
/** Bookkeeping cost of one queued frame beyond its payload, so many tiny frames also count. */
const FRAME_OVERHEAD_BYTES = 64;
/** Longest stretch the consumer may pull queued events without the event loop turning. */
const YIELD_EVERY_MS = 50;

/** node-postgres' socket and CopyData writer, which the public typings do not list. */
interface CopyConnection {
	stream: NodeJS.ReadableStream & { pause(): void; resume(): void };
	sendCopyFromChunk(chunk: Buffer): void;
	endCopyFrom(): void;
}

interface Session {
	client: Client;
	connection: CopyConnection;
	ended: Promise<Error | undefined>;
	streaming: boolean;
	/** The server this session streams from. */
	identity: SystemIdentity;
}

interface Waiter {
	resolve(result: IteratorResult<ReplicationEvent>): void;
	reject(error: Error): void;
}

/**
 * A logical replication stream (pgoutput) from one durable slot, pulled by its consumer.
 *
 * - The consumer pulls events (async iterator); when it falls behind, reading from the socket pauses,
 *   so a slow workflow never buffers unbounded WAL in memory.
 * - The server learns only what the consumer acknowledged: keepalives and periodic status updates
 *   report the last acknowledged position, never what was merely received.
 * - A lost connection or a slot held by another consumer is retried with bounded, jittered backoff;
 *   the stream then starts again from the last acknowledged position and says so ('restarted').
 * - close() ends the stream with CopyDone and acknowledges nothing new.
 */
export class ReplicationStream implements AsyncIterable<ReplicationEvent> {
	private readonly backoff: BackoffOptions;
	private readonly maxBufferedBytes: number;
	private readonly queue: ReplicationEvent[] = [];
	private queueHead = 0;
	private waiter?: Waiter;
	private session?: Session;
	/** A connection still being opened: close() ends it rather than waiting for its connect timeout. */
	private connectingClient?: Client;
	private runLoop?: Promise<void>;
	private startedOnce?: { resolve(): void; reject(error: Error): void; promise: Promise<void> };
	private cancelDelay?: () => void;
	private statusTimer?: NodeJS.Timeout;
	private fatalError?: Error;
	private closing = false;
	private closed = false;
	private restartReason?: string;
	private paused = false;
	private acknowledged: Lsn;
	private received: Lsn;
	private sessionsStarted = 0;
	private identity?: SystemIdentity;
	private lastFailure?: string;
	private lastYield = Date.now();
	private readonly counters = {
		bufferedBytes: 0,
		maxBufferedBytes: 0,
		pauses: 0,
		framesReceived: 0,
		keepalivesReceived: 0,
		statusUpdatesSent: 0,
		reconnects: 0,
	};

	constructor(private readonly options: ReplicationStreamOptions) {
		this.backoff = resolveBackoff(options.reconnect);
		this.maxBufferedBytes = options.maxBufferedBytes ?? DEFAULT_MAX_BUFFERED_BYTES;
		this.acknowledged = options.startLsn ?? 0n;
		this.received = this.acknowledged;
	}

	/**
	 * Connects and starts streaming. Resolves once the server accepted START_REPLICATION; rejects on
	 * an error a person must fix (unknown slot, wrong password, …) or when retries are exhausted.
	 * Iterating without calling start() starts the stream too.
	 */
	async start(): Promise<void> {
		if (!this.startedOnce && (this.closing || this.closed)) {
			throw new Error('The replication stream was closed before streaming started.');
		}
		if (!this.startedOnce) {
			let resolve: () => void = () => {};
			let reject: (error: Error) => void = () => {};
			const promise = new Promise<void>((res, rej) => {
				resolve = res;
				reject = rej;
			});
			// Iteration surfaces the same error; an unobserved start() must not crash the process.
			promise.catch(() => {});
			this.startedOnce = { resolve, reject, promise };
			this.runLoop = this.run();
		}
		return await this.startedOnce.promise;
	}

	/** Moves the confirmed position forward (never backward) and tells the server at once. */
	acknowledge(lsn: Lsn): void {
		if (lsn <= this.acknowledged) return;
		this.acknowledged = lsn;
		this.sendStatus(false);
	}

	get acknowledgedLsn(): Lsn {
		return this.acknowledged;
	}

	/**
	 * The server of the current session (IDENTIFY_SYSTEM), known before its first event: positions
	 * belong to it. Undefined until the first session connected.
	 */
	get systemIdentity(): SystemIdentity | undefined {
		return this.identity;
	}

	/** Where the stream connects (an ordinary SQL connection to the same server can be opened with it). */
	get connection(): ReplicationConnectionOptions {
		return this.options.connection;
	}

	/**
	 * Ends the current session and streams again from the last acknowledged position (after a failed
	 * run: its changes must come again). Queued, unpulled data is discarded; a 'restarted' event follows.
	 */
	restart(reason: string): void {
		const session = this.session;
		// Already restarting (a second CopyDone would confuse the server), closing, or between sessions
		// (the next session starts from the acknowledged position anyway).
		if (this.closing || !session || this.restartReason !== undefined) return;
		this.restartReason = reason;
		this.endCopy(session);
		// A server busy decoding a large transaction may answer CopyDone late: do not wait forever.
		const timer = setTimeout(() => {
			if (this.session === session) void endClient(session.client);
		}, this.options.closeTimeoutMs ?? DEFAULT_CLOSE_TIMEOUT_MS);
		timer.unref();
		void session.ended.then(() => clearTimeout(timer));
	}

	/** Ends the stream cleanly (CopyDone), reporting only the acknowledged position. */
	async close(): Promise<void> {
		if (this.closed) return;
		this.closing = true;
		this.stopStatusTimer();
		this.cancelDelay?.();
		this.dropQueue();
		// Still connecting: nothing to end politely, and connect() would wait for its own timeout.
		if (this.connectingClient && !this.session) dropSocket(this.connectingClient);
		const session = this.session;
		if (session) {
			this.sendStatus(false);
			this.endCopy(session);
			await withTimeout(session.ended, this.options.closeTimeoutMs ?? DEFAULT_CLOSE_TIMEOUT_MS);
			await endClient(session.client);
		}
		await this.runLoop?.catch(() => {});
		this.closed = true;
		// A start() still waiting for its first session learns it will not come (no-op once started).
		this.startedOnce?.reject(
			new Error('The replication stream was closed before streaming started.'),
		);
		this.settleWaiter({ done: true, value: undefined });
	}

	stats(): ReplicationStreamStats {
		return { ...this.counters, acknowledgedLsn: this.acknowledged, receivedLsn: this.received };
	}

	[Symbol.asyncIterator](): AsyncIterator<ReplicationEvent> {
		return {
			next: async () => await this.next(),
			return: async () => {
				await this.close();
				return { done: true, value: undefined };
			},
		};
	}

	/** The next event; waits while none is queued. */
	async next(): Promise<IteratorResult<ReplicationEvent>> {
		if (!this.startedOnce) this.start().catch(() => {}); // a closed stream just ends the iteration
		if (this.queueHead < this.queue.length) {
			// A consumer that never awaits real I/O would drain the queue in microtasks only and starve
			// the status timer: the server would then time the connection out. Let the event loop turn.
			if (Date.now() - this.lastYield > YIELD_EVERY_MS) {
				await new Promise((resolve) => setImmediate(resolve));
				this.lastYield = Date.now();
			}
			if (this.queueHead < this.queue.length) return { done: false, value: this.shift() };
		}
		if (this.fatalError) throw this.fatalError;
		if (this.closing || this.closed) return { done: true, value: undefined };
		return await new Promise<IteratorResult<ReplicationEvent>>((resolve, reject) => {
			this.waiter = { resolve, reject };
		});
	}

	private shift(): ReplicationEvent {
		const event = this.queue[this.queueHead];
		this.queue[this.queueHead] = undefined as unknown as ReplicationEvent;
		this.queueHead += 1;
		if (this.queueHead > 1024 && this.queueHead * 2 > this.queue.length) {
			this.queue.splice(0, this.queueHead);
			this.queueHead = 0;
		}
		if (event.kind === 'data') this.counters.bufferedBytes -= frameCost(event.wal);
		if (this.paused && this.counters.bufferedBytes <= this.maxBufferedBytes / 2) {
			this.paused = false;
			this.session?.connection.stream.resume();
		}
		return event;
	}

	private push(event: ReplicationEvent): void {
		if (this.waiter) {
			const waiter = this.waiter;
			this.waiter = undefined;
			waiter.resolve({ done: false, value: event });
			return;
		}
		this.queue.push(event);
		if (event.kind !== 'data') return;
		this.counters.bufferedBytes += frameCost(event.wal);
		this.counters.maxBufferedBytes = Math.max(
			this.counters.maxBufferedBytes,
			this.counters.bufferedBytes,
		);
		if (!this.paused && this.counters.bufferedBytes > this.maxBufferedBytes && this.session) {
			this.paused = true;
			this.counters.pauses += 1;
			this.session.connection.stream.pause();
		}
	}

	private dropQueue(): void {
		this.queue.length = 0;
		this.queueHead = 0;
		this.counters.bufferedBytes = 0;
		if (this.paused) {
			this.paused = false;
			this.session?.connection.stream.resume();
		}
	}

	private settleWaiter(result: IteratorResult<ReplicationEvent>, error?: Error): void {
		const waiter = this.waiter;
		this.waiter = undefined;
		if (!waiter) return;
		if (error) waiter.reject(error);
		else waiter.resolve(result);
	}

	/** Connect → stream → (lost) → back off → connect again, until closed or a fatal error. */
	private async run(): Promise<void> {
		let attempt = 0;
		while (!this.closing) {
			try {
				const session = await this.openSession(attempt);
				attempt = 0;
				const error = await session.ended;
				this.stopStatusTimer();
				this.session = undefined;
				await endClient(session.client);
				if (this.closing) break;
				if (this.restartReason !== undefined) continue;
				throw error ?? new Error('The server ended the replication stream.');
			} catch (error) {
				this.session = undefined;
				if (this.closing) break;
				const failure = asError(error);
				this.lastFailure = failure.message;
				attempt += 1;
				// A temporary slot of the lost connection may linger a moment before the server drops it.
				const lingeringTemporary = this.options.temporarySlot === true && hasCode(failure, '42710');
				if (
					(!isRetryableReplicationError(failure) && !lingeringTemporary) ||
					attempt > this.backoff.maxAttempts
				) {
					this.fail(failure, attempt);
					return;
				}
				const delayMs = backoffDelayMs(attempt, this.backoff);
				this.options.observer?.retrying?.({
					attempt,
					delayMs,
					error: failure,
					slotBusy: isSlotBusyError(failure),
				});
				const delay = cancellableDelay(delayMs);
				this.cancelDelay = delay.cancel;
				await delay.promise;
				this.cancelDelay = undefined;
			}
		}
	}

	private fail(error: Error, attempts: number): void {
		const exhausted = isRetryableReplicationError(error)
			? ` (gave up after ${attempts - 1} retries)`
			: '';
		const fatal = new Error(
			`${describeReplicationError(error, this.options.slotName)}${exhausted}`,
		);
		(fatal as Error & { code?: string }).code = (error as Error & { code?: string }).code;
		this.fatalError = fatal;
		this.startedOnce?.reject(fatal);
		this.settleWaiter({ done: true, value: undefined }, fatal);
	}

	private async openSession(attempt: number): Promise<Session> {
		const client = newReplicationClient(this.options.connection);
		this.connectingClient = client;
		try {
			await client.connect();
			const identity = await identifySystem(client);
			if (this.identity) assertSameServer(this.identity, identity, this.options.slotName);
			if (this.options.temporarySlot) {
				await client.query(
					createTemporarySlotSql(this.options.slotName, await serverMajor(client)),
				);
			}
			if (this.closing) throw new Error('The stream was closed while connecting.');
			const startLsn = this.acknowledged;
			const session = await this.startCopyBoth(client, startLsn, identity);
			this.options.observer?.connected?.({ startLsn, attempt });
			this.startedOnce?.resolve();
			return session;
		} catch (error) {
			await endClient(client);
			throw error;
		} finally {
			this.connectingClient = undefined;
		}
	}

	/**
	 * Runs synchronously on CopyBothResponse, before node-postgres hands over any CopyData that
	 * arrived in the same socket read, so no frame of the new session is missed.
	 */
	private onSessionStarted(session: Session, startLsn: Lsn): void {
		session.streaming = true;
		this.session = session;
		// Here, where the previous session's unread events are dropped: each event pulled after this
		// point comes from this server, each one pulled before from the previous one.
		this.identity = session.identity;
		const isRestart = this.sessionsStarted > 0;
		this.sessionsStarted += 1;
		if (isRestart) {
			this.counters.reconnects += 1;
			const reason = this.restartReason ?? this.lastFailure ?? 'connection lost';
			this.restartReason = undefined;
			this.lastFailure = undefined;
			this.dropQueue();
			this.received = startLsn;
			this.push({ kind: 'restarted', fromLsn: startLsn, reason });
		}
		this.startStatusTimer();
		if (this.closing) this.endCopy(session);
	}

	/** Sends START_REPLICATION and resolves when the server answered CopyBothResponse. */
	private async startCopyBoth(
		client: Client,
		startLsn: Lsn,
		identity: SystemIdentity,
	): Promise<Session> {
		const connection = (client as unknown as { connection: CopyConnection }).connection;
		const text = startReplicationSql({
			slotName: this.options.slotName,
			publicationNames: this.options.publicationNames,
			startLsn,
			messages: this.options.messages ?? true,
		});
		let markStarted: () => void = () => {};
		let failStart: (error: Error) => void = () => {};
		const started = new Promise<void>((resolve, reject) => {
			markStarted = resolve;
			failStart = reject;
		});
		let endSession: (error: Error | undefined) => void = () => {};
		const ended = new Promise<Error | undefined>((resolve) => {
			endSession = resolve;
		});
		const session: Session = { client, connection, ended, streaming: false, identity };
		// A socket failure while streaming must end the session, not crash the process.
		client.on('error', (error: Error) => endSession(error));
		client.query(
			new CopyBothQuery(text, {
				started: () => {
					this.onSessionStarted(session, startLsn);
					markStarted();
				},
				data: (chunk) => this.onCopyData(session, chunk),
				ended: (error) => {
					session.streaming = false;
					failStart(error ?? new Error('The server ended START_REPLICATION without streaming.'));
					endSession(error);
				},
			}),
		);
		await started;
		return session;
	}

	private onCopyData(session: Session, chunk: Buffer): void {
		if (this.closing || session !== this.session || this.restartReason !== undefined) return;
		const frame = parseReplicationFrame(chunk);
		if (frame.kind === 'xlogData') {
			this.counters.framesReceived += 1;
			// Copy: the payload is a view into a read buffer node-postgres reuses.
			const wal: WalData = { ...frame.wal, data: Buffer.from(frame.wal.data) };
			if (wal.walStart > this.received) this.received = wal.walStart;
			this.push({ kind: 'data', wal });
		} else if (frame.kind === 'keepalive') {
			this.counters.keepalivesReceived += 1;
			this.options.observer?.keepalive?.(frame.keepalive);
			if (frame.keepalive.replyRequested) this.sendStatus(false);
		}
	}

	private sendStatus(replyRequested: boolean): void {
		const session = this.session;
		if (!session?.streaming || this.restartReason !== undefined) return;
		const status = statusForAcknowledged(this.acknowledged, new Date(), replyRequested);
		session.connection.sendCopyFromChunk(encodeStandbyStatus(status));
		this.counters.statusUpdatesSent += 1;
		this.options.observer?.statusSent?.(status);
	}

	private endCopy(session: Session): void {
		if (!session.streaming) {
			void endClient(session.client);
			return;
		}
		// Let the server's CopyDone reach us even if reading was paused for back-pressure.
		this.dropQueue();
		session.connection.endCopyFrom();
	}

	private startStatusTimer(): void {
		this.stopStatusTimer();
		const interval = this.options.statusIntervalMs ?? DEFAULT_STATUS_INTERVAL_MS;
		this.statusTimer = setInterval(() => this.sendStatus(false), interval);
		this.statusTimer.unref();
	}

	private stopStatusTimer(): void {
		if (this.statusTimer) clearInterval(this.statusTimer);
		this.statusTimer = undefined;
	}
}

/**
 * A reconnect that reaches another server (a DNS switch, blue/green, a restored copy) must not resume
 * from this server's acknowledged position: there it would skip or repeat changes silently. A new
 * timeline of the same system (a promoted standby with a synchronized slot) continues the positions.
 */
function assertSameServer(previous: SystemIdentity, next: SystemIdentity, slotName: string): void {
	if (previous.systemId === next.systemId) return;
	throw new Error(
		`The replication connection for slot "${slotName}" now reaches a different PostgreSQL server (system identifier ${next.systemId}, timeline ${next.timeline}; it was ${previous.systemId}, timeline ${previous.timeline}). ` +
			'Positions acknowledged on the previous server mean nothing there, so streaming stopped instead of resuming from one. ' +
			"Reactivate the trigger to read that server's own slot, and reset the target (or take a new initial snapshot) if it is a different database.",
	);
}

function hasCode(error: Error, code: string): boolean {
	return (error as Error & { code?: string }).code === code;
}

function frameCost(wal: WalData): number {
	return wal.data.length + FRAME_OVERHEAD_BYTES;
}

/** Ends the connection politely, or drops the socket when the server does not answer in time. */
async function endClient(client: Client): Promise<void> {
	const ended = await withTimeout(
		client.end().then(
			() => true,
			() => true,
		),
		2_000,
	);
	if (!ended) dropSocket(client);
}

function dropSocket(client: Client): void {
	(
		client as unknown as { connection?: { stream?: { destroy(): void } } }
	).connection?.stream?.destroy();
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
	let timer: NodeJS.Timeout | undefined;
	const timeout = new Promise<undefined>((resolve) => {
		timer = setTimeout(() => resolve(undefined), ms);
	});
	try {
		return await Promise.race([promise, timeout]);
	} finally {
		if (timer) clearTimeout(timer);
	}
}
