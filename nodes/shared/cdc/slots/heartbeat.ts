import type { Client } from 'pg';

import { parseLsn } from '../pgoutput/lsn';
import type { LogicalMessage, Lsn } from '../pgoutput/messages';
import { connectSql } from '../replication/replicationConnection';
import type { ReplicationConnectionOptions } from '../replication/types';
import { asError } from '../replication/errors';

/** The prefix of our heartbeat messages; the consumer acknowledges them and emits nothing. */
export const HEARTBEAT_PREFIX = 'n8n-cdc-heartbeat';

/**
 * Writes one non-transactional logical message into this database's WAL. The slot's stream
 * delivers it (with `messages 'true'`), and acknowledging it lets the slot advance on a database
 * whose captured tables are idle. Returns the message's end position.
 */
export async function emitHeartbeat(sql: Client, content = ''): Promise<Lsn> {
	const { rows } = await sql.query<{ lsn: string }>(
		'SELECT pg_logical_emit_message(false, $1, $2)::text AS lsn',
		[HEARTBEAT_PREFIX, content],
	);
	return parseLsn(rows[0].lsn);
}

export function isHeartbeatMessage(message: LogicalMessage): boolean {
	return message.prefix === HEARTBEAT_PREFIX;
}

export interface HeartbeatOptions {
	connection: ReplicationConnectionOptions;
	intervalMs: number;
	/** Content of each message (for example the slot name, so an operator can tell heartbeats apart). */
	content?: string;
	/** A failed heartbeat is reported and retried at the next interval with a new connection. */
	onError?(error: Error): void;
	onBeat?(lsn: Lsn): void;
}

/** Emits a heartbeat every `intervalMs` on its own SQL connection. */
export class Heartbeat {
	private timer?: NodeJS.Timeout;
	private client?: Client;
	private beating = false;
	private stopped = false;

	constructor(private readonly options: HeartbeatOptions) {
		if (!(options.intervalMs > 0))
			throw new Error('The heartbeat interval must be a positive number of milliseconds.');
	}

	start(): void {
		if (this.timer || this.stopped) return;
		this.timer = setInterval(() => void this.beat(), this.options.intervalMs);
		this.timer.unref();
	}

	/** One heartbeat now (also used by start()'s timer); overlapping calls are skipped. */
	async beat(): Promise<Lsn | undefined> {
		if (this.beating || this.stopped) return undefined;
		this.beating = true;
		try {
			if (!this.client) {
				const client = await connectSql(this.options.connection);
				// stop() ran while connecting: nobody else will end this connection.
				if (this.stopped) {
					await client.end().catch(() => {});
					return undefined;
				}
				this.client = client;
			}
			const lsn = await emitHeartbeat(this.client, this.options.content ?? '');
			this.options.onBeat?.(lsn);
			return lsn;
		} catch (error) {
			const client = this.client;
			this.client = undefined;
			await client?.end().catch(() => {});
			this.options.onError?.(asError(error));
			return undefined;
		} finally {
			this.beating = false;
		}
	}

	async stop(): Promise<void> {
		this.stopped = true;
		if (this.timer) clearInterval(this.timer);
		this.timer = undefined;
		const client = this.client;
		this.client = undefined;
		await client?.end().catch(() => {});
	}
}
