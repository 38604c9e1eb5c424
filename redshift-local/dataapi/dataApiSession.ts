import { randomUUID } from 'node:crypto';
import type { EventEmitter } from 'node:events';

import { PgClientSession } from '../engine/pgClientSession';
import type { EngineContext } from '../engine/session';
import { prepareSession, type SystemDdl } from '../engine/systemSchema';
import type { RowField } from './columnMetadata';

export interface PostgresServer {
	host: string;
	port: number;
	user: string;
	password: string;
}

interface RowDescriptionMessage {
	fields: RowField[];
}

/**
 * One database connection the Data API runs statements on: a fresh one per statement, or a kept-alive
 * one named by a SessionId (SessionKeepAliveSeconds). Its id exists before it connects, because
 * ExecuteStatement returns the SessionId at once. It remembers the last RowDescription so that column
 * metadata (source table, type modifier) survives the engine's text-only results.
 */
export class DataApiSession {
	readonly id = randomUUID();
	readonly createdAt = Date.now() / 1000;
	busy = false;
	closed = false;
	/** The statement running on the session now (ListSessions' CurrentStatementId). */
	currentStatementId?: string;
	/** Epoch seconds of the last status change (ListSessions' UpdatedAt). */
	updatedAt = this.createdAt;
	pid = 0;
	lastRowDescription?: RowField[];
	/** Seconds the session stays open after a statement; 0 = closed once the statement ends. */
	keepAliveSeconds: number;
	private backendSession?: PgClientSession;
	private keepAliveTimer?: NodeJS.Timeout;

	constructor(
		private readonly server: PostgresServer,
		readonly database: string,
		keepAliveSeconds: number,
	) {
		this.keepAliveSeconds = keepAliveSeconds;
	}

	get backend(): PgClientSession {
		if (!this.backendSession) throw new Error(`Data API session ${this.id} is not connected`);
		return this.backendSession;
	}

	get connected(): boolean {
		return this.backendSession !== undefined;
	}

	/** Connects to the session's database on Redshift's session defaults, with the system schema prepared. */
	async connect(context: EngineContext, systemDdl: SystemDdl): Promise<void> {
		const backend = await PgClientSession.connect({ ...this.server, database: this.database });
		// A backend that goes away (terminated, server stopped) must not crash the process.
		backend.client.on('error', () => {
			this.closed = true;
		});
		try {
			const pid = await backend.query('SELECT pg_backend_pid()');
			// Redshift sessions run in UTC unless the client sets a time zone.
			await backend.query("SET TIME ZONE 'UTC'");
			await prepareSession(this.database, backend, context, systemDdl);
			this.pid = Number(pid.rows[0][0]);
		} catch (error) {
			await backend.close().catch(() => undefined);
			throw error;
		}
		const connection = (backend.client as unknown as { connection: EventEmitter }).connection;
		connection.on('rowDescription', (message: RowDescriptionMessage) => {
			this.lastRowDescription = message.fields;
		});
		this.backendSession = backend;
	}

	/** Keeps the session open `keepAliveSeconds` after the statement that just ended, then closes it. */
	scheduleClose(onClose: () => void): void {
		clearTimeout(this.keepAliveTimer);
		this.keepAliveTimer = setTimeout(() => {
			void this.close().then(onClose);
		}, this.keepAliveSeconds * 1000);
		this.keepAliveTimer.unref();
	}

	async close(): Promise<void> {
		clearTimeout(this.keepAliveTimer);
		this.closed = true;
		const backend = this.backendSession;
		this.backendSession = undefined;
		await backend?.close().catch(() => undefined);
	}
}
