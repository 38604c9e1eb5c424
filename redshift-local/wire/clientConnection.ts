import { connect, type Socket } from 'node:net';
import { TLSSocket, type SecureContext } from 'node:tls';

import type { RedshiftEngine } from '../engine/engine';
import type { FaultInjector } from '../engine/faults';
import { prepareSession, type SystemDdl } from '../engine/systemSchema';
import { BackendChannel } from './backendChannel';
import { ClientMessages } from './clientMessages';
import { errorFields } from './errorFields';
import { ExtendedQuery } from './extendedQuery';
import { asRedshiftReads } from './identifierFolding';
import { DropConnection, FrontSession } from './frontSession';
import { errorResponse, readyForQuery } from './protocol/backendMessages';
import { FrameReader, StartupPacketReader, type Frame } from './protocol/frameReader';
import {
	CANCEL_REQUEST_CODE,
	GSSENC_REQUEST_CODE,
	SSL_REQUEST_CODE,
	decodeStartupParameters,
	startupRequestCode,
} from './protocol/frontendMessages';
import { runSimpleQuery } from './simpleQuery';
import { WireBackendSession } from './wireBackendSession';

export interface ClientConnectionOptions {
	backend: { host: string; port: number };
	/** The engine for a database (its autonomous connection points at that database). */
	engineFor(database: string): RedshiftEngine;
	faults: FaultInjector;
	systemDdl: SystemDdl;
	/** TLS for clients that send SSLRequest; without it they are told 'N' and go on in plain text. */
	tls?: SecureContext;
}

/** startup: reading startup packets; auth: relaying the authentication exchange; ready: serving queries; raw: plain relay. */
type Phase = 'startup' | 'auth' | 'ready' | 'raw';

const NO_ENCRYPTION = Buffer.from('N', 'latin1');
const ENCRYPTION = Buffer.from('S', 'latin1');

/**
 * One client of the wire front. PostgreSQL authenticates the client itself (the startup and the
 * password exchange pass through unchanged); then every message goes through the front.
 */
export class ClientConnection {
	private phase: Phase = 'startup';
	private readonly startupReader = new StartupPacketReader();
	private readonly frameReader = new FrameReader();
	private readonly messages = new ClientMessages();
	private backend?: Socket;
	private channel?: BackendChannel;

	constructor(
		private client: Socket,
		private readonly options: ClientConnectionOptions,
	) {
		client.setNoDelay(true);
		this.listen(client);
	}

	private listen(client: Socket): void {
		client.on('data', (chunk: Buffer) => this.receive(chunk));
		client.on('error', () => this.close());
		client.on('close', () => this.close());
	}

	/** Closes both sides; PostgreSQL rolls back the client's open transaction. */
	close(): void {
		this.messages.end();
		if (this.channel) this.channel.terminate();
		else this.backend?.destroy();
		if (this.client.destroyed) return;
		// end() lets a last FATAL message reach the client; a client that does not hang up is cut off.
		this.client.end();
		setTimeout(() => this.client.destroy(), 1000).unref();
	}

	private receive(chunk: Buffer): void {
		if (this.phase === 'startup') {
			const packet = this.startupReader.push(chunk);
			if (packet) this.startup(packet.packet, packet.rest);
			return;
		}
		if (this.phase === 'raw') {
			this.channel?.write(chunk);
			return;
		}
		for (const frame of this.frameReader.push(chunk)) {
			if (this.phase === 'auth') this.channel?.write(frame.raw);
			else this.messages.push(frame);
		}
	}

	private startup(packet: Buffer, rest: Buffer): void {
		const code = startupRequestCode(packet);
		if (code === SSL_REQUEST_CODE && this.options.tls) {
			this.startTls(this.options.tls, rest);
			return;
		}
		if (code === SSL_REQUEST_CODE || code === GSSENC_REQUEST_CODE) {
			// No GSS encryption (nor TLS when turned off): the client goes on in plain text or gives up.
			this.client.write(NO_ENCRYPTION);
			if (rest.length > 0) this.receive(rest);
			return;
		}
		if (code === CANCEL_REQUEST_CODE) {
			// The key the client holds is PostgreSQL's own (BackendKeyData passed through), so PostgreSQL can act on it.
			const cancel = connect(this.options.backend.port, this.options.backend.host, () =>
				cancel.end(packet),
			);
			cancel.on('error', () => cancel.destroy());
			this.client.end();
			return;
		}
		const parameters = decodeStartupParameters(packet);
		const database = parameters.database ?? parameters.user ?? '';
		const backend = connect(this.options.backend.port, this.options.backend.host);
		backend.setNoDelay(true);
		this.backend = backend;
		backend.on('error', (error) => {
			if (this.phase === 'auth' && backend.bytesRead === 0) {
				// Tell the client why, in the protocol, before closing: PostgreSQL is not there.
				const { host, port } = this.options.backend;
				const message = `the local Redshift cannot reach its PostgreSQL at ${host}:${port}: ${error.message}`;
				this.client.write(errorResponse({ severity: 'FATAL', code: '08006', message }));
			}
			this.close();
		});
		backend.on('close', () => {
			this.messages.end();
			if (!this.client.destroyed) this.client.end();
		});
		const channel = new BackendChannel(backend, this.client);
		this.channel = channel;
		backend.write(packet);
		if (parameters.replication !== undefined) {
			// Replication connections speak their own protocol: relayed as they are.
			this.phase = 'raw';
			if (rest.length > 0) channel.write(rest);
			return;
		}
		this.phase = 'auth';
		channel.holdFirstReady(() => {
			this.phase = 'ready';
			void this.serve(database, channel);
		});
		if (rest.length > 0) this.receive(rest);
	}

	/**
	 * Answers 'S' and continues the startup inside TLS, as Redshift does for a client that asks
	 * (DG/MG "Configuring security options for connections"). Bytes sent after SSLRequest before
	 * the handshake would be plain text injected into the encrypted session: refused, as PostgreSQL does.
	 */
	private startTls(context: SecureContext, rest: Buffer): void {
		if (rest.length > 0) {
			this.client.destroy();
			return;
		}
		const plain = this.client;
		plain.removeAllListeners('data');
		plain.write(ENCRYPTION);
		const secure = new TLSSocket(plain, { isServer: true, secureContext: context });
		secure.setNoDelay(true);
		this.client = secure;
		this.listen(secure);
	}

	private async serve(database: string, channel: BackendChannel): Promise<void> {
		const session = new WireBackendSession(channel);
		try {
			const engine = this.options.engineFor(database);
			await channel.acquire();
			try {
				await prepareSession(database, session, engine.context, this.options.systemDdl);
			} finally {
				channel.release();
			}
			channel.sendToClient(readyForQuery(channel.status));
			const front = new FrontSession(channel, session, engine, this.options.faults, () =>
				this.messages.next(),
			);
			await this.loop(front);
		} catch (error) {
			if (!(error instanceof DropConnection) && !channel.isClosed()) {
				channel.sendToClient(errorResponse({ ...errorFields(error), severity: 'FATAL' }));
			}
			this.close();
		}
	}

	private async loop(front: FrontSession): Promise<void> {
		const extended = new ExtendedQuery(front);
		for (;;) {
			const frame = await this.messages.next();
			if (!frame) return;
			await this.dispatch(asRedshiftReads(frame, front), front, extended);
		}
	}

	private async dispatch(
		frame: Frame,
		front: FrontSession,
		extended: ExtendedQuery,
	): Promise<void> {
		switch (frame.code) {
			case 'Q':
				extended.flushPending();
				await runSimpleQuery(front, frame);
				return;
			case 'P':
			case 'B':
			case 'D':
			case 'E':
			case 'C':
				extended.add(frame);
				return;
			case 'H':
			case 'S':
				await extended.boundary(frame);
				return;
			case 'X':
				this.close();
				return;
			default:
				// FunctionCall answers with ReadyForQuery; CopyData/CopyDone/CopyFail belong to a relayed COPY.
				extended.flushPending();
				front.channel.forward(frame.raw, frame.code === 'F' ? 1 : 0);
		}
	}
}
