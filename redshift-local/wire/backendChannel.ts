import type { Socket } from 'node:net';

import type { TransactionStatus } from '../engine/session';
import { FrameQueue } from './frameQueue';
import { decodeReadyForQuery } from './protocol/backendMessages';
import { FrameReader, type Frame } from './protocol/frameReader';

/**
 * The client's backend connection. By default every backend message is relayed to the client
 * as it arrives (so results, COPY, notifications and errors reach it unchanged). The engine
 * takes the channel over with `acquire()` once every request forwarded so far has been answered;
 * until `release()` the messages go to the engine instead.
 */
export class BackendChannel {
	status: TransactionStatus = 'idle';
	private readonly reader = new FrameReader();
	private readonly quietWaiters: Array<() => void> = [];
	private awaitingReady = 0;
	private consumer?: FrameQueue;
	private parseCompletesToSwallow = 0;
	private firstReadyHandler?: () => void;
	private closed = false;
	private terminated = false;
	private clientPaused = false;
	private backendPaused = false;

	constructor(
		private readonly backend: Socket,
		private readonly client: Socket,
	) {
		backend.on('data', (chunk: Buffer) => this.receive(chunk));
		backend.on('close', () => {
			this.closed = true;
			this.consumer?.fail(new Error('the PostgreSQL backend closed the connection'));
			for (const wake of this.quietWaiters.splice(0)) wake();
		});
	}

	/** The startup's first ReadyForQuery is held back and reported here, so the session can be prepared first. */
	holdFirstReady(handler: () => void): void {
		this.awaitingReady = 1;
		this.firstReadyHandler = handler;
	}

	/** Sends client bytes on; `readyReplies` is how many ReadyForQuery messages they will produce. */
	forward(raw: Buffer, readyReplies = 0): void {
		this.awaitingReady += readyReplies;
		this.write(raw);
	}

	/** A Parse the front adds before a client's Bind: its ParseComplete must not reach the client. */
	forwardHiddenParse(raw: Buffer): void {
		this.parseCompletesToSwallow++;
		this.write(raw);
	}

	write(raw: Buffer): void {
		if (this.closed || this.terminated) return;
		if (!this.backend.write(raw) && !this.clientPaused) {
			// Backpressure: stop reading the client until PostgreSQL has taken what it was sent.
			this.clientPaused = true;
			this.client.pause();
			this.backend.once('drain', () => {
				this.clientPaused = false;
				this.client.resume();
			});
		}
	}

	/** Writes engine bytes and waits until PostgreSQL has taken them (COPY data from the engine). */
	async writeAndWait(raw: Buffer): Promise<void> {
		if (this.closed || this.terminated)
			throw new Error('the PostgreSQL backend closed the connection');
		if (this.backend.write(raw)) return;
		await new Promise<void>((resolve) => {
			const done = () => {
				this.backend.off('drain', done);
				this.backend.off('close', done);
				resolve();
			};
			this.backend.on('drain', done);
			this.backend.on('close', done);
		});
	}

	/** Ends the backend session; PostgreSQL rolls back whatever transaction it had open. */
	terminate(): void {
		if (this.closed || this.terminated) return;
		this.terminated = true;
		this.backend.end(Buffer.from([0x58, 0, 0, 0, 4]));
		this.backend.destroySoon();
	}

	isClosed(): boolean {
		return this.closed || this.terminated;
	}

	/** Waits until every forwarded request is answered, then routes backend messages to the caller. */
	async acquire(): Promise<void> {
		while (this.awaitingReady > 0 && !this.closed) {
			await new Promise<void>((resolve) => this.quietWaiters.push(resolve));
		}
		if (this.closed) throw new Error('the PostgreSQL backend closed the connection');
		this.consumer = new FrameQueue();
	}

	/** The next backend message, while the channel is acquired. */
	async next(): Promise<Frame> {
		if (!this.consumer)
			throw new Error(
				'the local Redshift read its backend without acquiring it (a bug in the front)',
			);
		return await this.consumer.next();
	}

	release(): void {
		this.consumer = undefined;
	}

	private receive(chunk: Buffer): void {
		const frames = this.reader.push(chunk);
		if (frames.length === 0) return;
		if (this.consumer) {
			for (const frame of frames) {
				if (frame.code === 'Z') this.status = decodeReadyForQuery(frame.body);
				this.consumer.push(frame);
			}
			return;
		}
		this.relay(frames);
	}

	/** Relays whole messages in one write per chunk, noting transaction status on the way. */
	private relay(frames: Frame[]): void {
		const out: Buffer[] = [];
		for (const frame of frames) {
			if (frame.code === '1' && this.parseCompletesToSwallow > 0) {
				this.parseCompletesToSwallow--;
				continue;
			}
			if (frame.code === 'Z') {
				this.status = decodeReadyForQuery(frame.body);
				this.awaitingReady = Math.max(0, this.awaitingReady - 1);
				if (this.firstReadyHandler) {
					// Held back: the client gets its ReadyForQuery once the session is prepared.
					const handler = this.firstReadyHandler;
					this.firstReadyHandler = undefined;
					handler();
					continue;
				}
				if (this.awaitingReady === 0)
					for (const wake of this.quietWaiters.splice(0)) queueMicrotask(wake);
			}
			out.push(frame.raw);
		}
		this.send(out);
	}

	/** Writes to the client, pausing the backend while the client is slow to read. */
	sendToClient(parts: Buffer | Buffer[]): void {
		this.send(Array.isArray(parts) ? parts : [parts]);
	}

	private send(parts: Buffer[]): void {
		if (parts.length === 0 || this.client.destroyed) return;
		if (
			!this.client.write(parts.length === 1 ? parts[0] : Buffer.concat(parts)) &&
			!this.backendPaused
		) {
			this.backendPaused = true;
			this.backend.pause();
			this.client.once('drain', () => {
				this.backendPaused = false;
				this.backend.resume();
			});
		}
	}
}
