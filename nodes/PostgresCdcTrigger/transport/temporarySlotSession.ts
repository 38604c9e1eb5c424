import type { Client } from 'pg';

import { parseLsn } from '../../shared/cdc/pgoutput/lsn';
import type { Lsn } from '../../shared/cdc/pgoutput/messages';
import { CopyBothQuery } from '../../shared/cdc/replication/copyBothQuery';
import {
	encodeStandbyStatus,
	parseReplicationFrame,
	statusForAcknowledged,
} from '../../shared/cdc/replication/framing';
import {
	connectReplication,
	serverMajor,
} from '../../shared/cdc/replication/replicationConnection';
import { quoteIdentifier } from '../../shared/cdc/replication/sqlText';
import { startReplicationSql } from '../../shared/cdc/replication/startReplicationCommand';
import type { ReplicationConnectionOptions, WalData } from '../../shared/cdc/replication/types';

/** node-postgres' CopyData writer, which the public typings do not list. */
interface CopyConnection {
	sendCopyFromChunk(chunk: Buffer): void;
	endCopyFrom(): void;
}

/** CREATE_REPLICATION_SLOT … TEMPORARY: PG 15+ takes an option list, PG 14 the older keyword. */
export function createTemporarySlotCommand(slotName: string, major: number): string {
	const base = `CREATE_REPLICATION_SLOT ${quoteIdentifier(slotName)} TEMPORARY LOGICAL pgoutput`;
	return major >= 15 ? `${base} (SNAPSHOT 'nothing')` : `${base} NOEXPORT_SNAPSHOT`;
}

/**
 * A replication session on a TEMPORARY slot, for the editor's test runs: it starts at "now", never
 * touches the production slot, and the slot disappears with the connection (also if n8n crashes).
 * Nothing is acknowledged; keepalives that ask for a reply get one so the server keeps the session.
 */
export class TemporarySlotSession {
	private readonly frames: WalData[] = [];
	private waiter?: (frame: WalData | undefined) => void;
	private endedError?: Error;
	private ended = false;
	private streaming = false;

	private constructor(
		private readonly client: Client,
		readonly slotName: string,
		readonly consistentPoint: Lsn,
	) {}

	static async open(
		connection: ReplicationConnectionOptions,
		slotName: string,
		publicationNames: string[],
	): Promise<TemporarySlotSession> {
		const client = await connectReplication(connection);
		const opening = async () => {
			const major = await serverMajor(client);
			const { rows } = await client.query<{ consistent_point: string }>(
				createTemporarySlotCommand(slotName, major),
			);
			const session = new TemporarySlotSession(
				client,
				slotName,
				parseLsn(rows[0].consistent_point),
			);
			await session.startStreaming(publicationNames);
			return session;
		};
		// On failure the connection (and with it a slot already created) goes before the error is passed on.
		return await opening().catch(async (error: unknown) => {
			await client.end().catch(() => undefined);
			return await Promise.reject(error);
		});
	}

	/** The next data frame; undefined when the session ended. Rejects if it ended with an error. */
	async next(): Promise<WalData | undefined> {
		const frame = this.frames.shift();
		if (frame) return frame;
		if (this.ended) {
			if (this.endedError) throw this.endedError;
			return undefined;
		}
		return await new Promise<WalData | undefined>((resolve) => {
			this.waiter = resolve;
		}).then((value) => {
			if (value === undefined && this.endedError) throw this.endedError;
			return value;
		});
	}

	/** Ends streaming and the connection; the temporary slot goes with it. */
	async close(): Promise<void> {
		if (this.streaming) {
			this.streaming = false;
			try {
				(this.client as unknown as { connection: CopyConnection }).connection.endCopyFrom();
			} catch {
				// The connection is already gone; ending the client below is all that is left.
			}
		}
		this.finish();
		await this.client.end().catch(() => undefined);
	}

	private async startStreaming(publicationNames: string[]): Promise<void> {
		const text = startReplicationSql({
			slotName: this.slotName,
			publicationNames,
			startLsn: 0n,
			messages: true,
		});
		await new Promise<void>((resolve, reject) => {
			this.client.on('error', (error: Error) => this.finish(error));
			this.client.query(
				new CopyBothQuery(text, {
					started: () => {
						this.streaming = true;
						resolve();
					},
					data: (chunk) => this.onData(chunk),
					ended: (error) => {
						this.streaming = false;
						reject(error ?? new Error('The server ended START_REPLICATION without streaming.'));
						this.finish(error);
					},
				}),
			);
		});
	}

	private onData(chunk: Buffer): void {
		const frame = parseReplicationFrame(chunk);
		if (frame.kind === 'xlogData') {
			// Copy: the payload is a view into a buffer node-postgres reuses.
			const wal: WalData = { ...frame.wal, data: Buffer.from(frame.wal.data) };
			if (this.waiter) {
				const waiter = this.waiter;
				this.waiter = undefined;
				waiter(wal);
			} else {
				this.frames.push(wal);
			}
		} else if (frame.kind === 'keepalive' && frame.keepalive.replyRequested && this.streaming) {
			const connection = (this.client as unknown as { connection: CopyConnection }).connection;
			connection.sendCopyFromChunk(encodeStandbyStatus(statusForAcknowledged(0n, new Date())));
		}
	}

	private finish(error?: Error): void {
		if (this.ended) return;
		this.ended = true;
		this.endedError = error;
		const waiter = this.waiter;
		this.waiter = undefined;
		waiter?.(undefined);
	}
}
