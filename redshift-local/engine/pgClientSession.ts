import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Client, type ClientConfig, type QueryArrayResult } from 'pg';
import { from as copyFromStdin } from 'pg-copy-streams';

import type { BackendSession, StatementResult, TransactionStatus } from './session';

/** Keep every value in PostgreSQL text form: the fronts pass values on, they never interpret them. */
const textValues = { getTypeParser: () => (value: string) => value };

const STATUS_BY_BYTE: Record<string, TransactionStatus> = {
	I: 'idle',
	T: 'inTransaction',
	E: 'failed',
};

/** Builds a command tag from node-postgres' result, the way the server sent it. */
function commandTag(result: QueryArrayResult): string {
	const { command, rowCount } = result;
	if (command === 'INSERT') return `INSERT 0 ${rowCount ?? 0}`;
	if (['SELECT', 'UPDATE', 'DELETE', 'COPY', 'MERGE', 'FETCH', 'MOVE'].includes(command)) {
		return `${command} ${rowCount ?? 0}`;
	}
	return command;
}

export function toStatementResult(result: QueryArrayResult): StatementResult {
	return {
		commandTag: commandTag(result),
		rowCount: result.rowCount,
		fields: (result.fields ?? []).map((field) => ({
			name: field.name,
			dataTypeID: field.dataTypeID,
		})),
		rows: (result.rows ?? []) as Array<Array<string | null>>,
	};
}

/** A BackendSession over one node-postgres client (the Data API front and handler tests use it). */
export class PgClientSession implements BackendSession {
	private status: TransactionStatus = 'idle';
	private readonly connection: NodeJS.EventEmitter;

	private constructor(readonly client: Client) {
		this.connection = (client as unknown as { connection: NodeJS.EventEmitter }).connection;
		this.connection.on('readyForQuery', (message: { status: string }) => {
			this.status = STATUS_BY_BYTE[message.status] ?? this.status;
		});
	}

	/**
	 * node-postgres rejects a query as soon as the ErrorResponse arrives, before the server's
	 * ReadyForQuery carries the new transaction status; waiting for it keeps the status exact.
	 */
	private nextReadyForQuery(): Promise<void> {
		return new Promise((resolve) => {
			const done = () => {
				this.connection.off('readyForQuery', done);
				this.connection.off('end', done);
				resolve();
			};
			this.connection.on('readyForQuery', done);
			this.connection.on('end', done);
		});
	}

	static async connect(config: ClientConfig): Promise<PgClientSession> {
		const client = new Client({ ...config, types: textValues });
		await client.connect();
		return new PgClientSession(client);
	}

	async query(sql: string, params: unknown[] = []): Promise<StatementResult> {
		const ready = this.nextReadyForQuery();
		try {
			const result = await this.client.query({ text: sql, values: params, rowMode: 'array' });
			return toStatementResult(result);
		} catch (error) {
			await ready;
			throw error;
		}
	}

	async copyFrom(
		copySql: string,
		source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
	): Promise<number> {
		const stream = this.client.query(copyFromStdin(copySql));
		await pipeline(Readable.from(source, { objectMode: false }), stream);
		return stream.rowCount;
	}

	transactionStatus(): TransactionStatus {
		return this.status;
	}

	async close(): Promise<void> {
		await this.client.end();
	}
}
