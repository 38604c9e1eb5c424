import type { Connection, Submittable } from 'pg';

/** What the CopyBoth phase reports back to the stream. */
export interface CopyBothHandlers {
	/** CopyBothResponse arrived: the server accepted START_REPLICATION. */
	started(): void;
	/** One CopyData payload. It is a view into node-postgres' read buffer: copy what you keep. */
	data(chunk: Buffer): void;
	/** The command ended: an ErrorResponse, a lost connection, or ReadyForQuery after CopyDone. */
	ended(error?: Error): void;
}

interface ReplicationStartEmitter {
	once(event: 'replicationStart', listener: () => void): void;
	removeListener(event: 'replicationStart', listener: () => void): void;
}

/**
 * A node-postgres Submittable that runs START_REPLICATION and stays in the CopyBoth sub-protocol.
 * node-postgres routes CopyData to the active query's handleCopyData and announces CopyBothResponse
 * as the connection event 'replicationStart'; everything else is the normal query lifecycle.
 */
export class CopyBothQuery implements Submittable {
	private finished = false;
	private readonly onStart = (): void => this.handlers.started();
	private connection?: Connection & ReplicationStartEmitter;

	constructor(
		private readonly text: string,
		private readonly handlers: CopyBothHandlers,
	) {}

	submit(connection: Connection): void {
		this.connection = connection as Connection & ReplicationStartEmitter;
		this.connection.once('replicationStart', this.onStart);
		connection.query(this.text);
	}

	handleCopyData(message: { chunk: Buffer }): void {
		if (!this.finished) this.handlers.data(message.chunk);
	}

	handleError(error: Error): void {
		this.finish(error);
	}

	handleReadyForQuery(): void {
		this.finish();
	}

	handleCommandComplete(): void {}
	handleRowDescription(): void {}
	handleDataRow(): void {}
	handleEmptyQuery(): void {}
	handlePortalSuspended(): void {}

	handleCopyInResponse(): void {
		this.finish(new Error(`Unexpected COPY IN response to: ${this.text}`));
	}

	private finish(error?: Error): void {
		if (this.finished) return;
		this.finished = true;
		this.connection?.removeListener('replicationStart', this.onStart);
		this.handlers.ended(error);
	}
}
