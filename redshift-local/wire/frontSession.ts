import { serialize } from 'pg-protocol';

import type { RedshiftEngine } from '../engine/engine';
import type { FaultInjector } from '../engine/faults';
import type { StatementResult } from '../engine/session';
import type { BackendChannel } from './backendChannel';
import { errorFields } from './errorFields';
import {
	commandComplete,
	dataRow,
	errorResponse,
	noticeResponse,
	rowDescription,
} from './protocol/backendMessages';
import type { Frame } from './protocol/frameReader';
import type { WireBackendSession } from './wireBackendSession';

/** Raised when a fault hook says the client connection must drop at this statement. */
export class DropConnection extends Error {
	constructor() {
		super('connection dropped by an injected fault');
	}
}

/** Ends an aborted transaction block's work: any failing statement puts PostgreSQL's block in the failed state. */
const ABORT_TRANSACTION_SQL =
	"DO $$BEGIN RAISE EXCEPTION 'the local Redshift aborted this transaction after an error it reported to the client'; END$$";

/** Everything the statement runners need from one client connection. */
export class FrontSession {
	constructor(
		readonly channel: BackendChannel,
		readonly session: WireBackendSession,
		readonly engine: RedshiftEngine,
		readonly faults: FaultInjector,
		/** The next client message; undefined once the client is gone. */
		readonly nextClientMessage: () => Promise<Frame | undefined>,
	) {}

	/** True when the statement must go through the engine: a handler may take it or a fault is armed for it. */
	async needsEngine(sql: string): Promise<boolean> {
		return this.faults.armedFor(sql) || (await this.engine.claims(sql));
	}

	dropIfArmed(sql: string): void {
		if (this.faults.shouldDropConnection(sql)) throw new DropConnection();
	}

	writeResult(result: StatementResult, withDescription = true): void {
		const out: Buffer[] = [];
		for (const notice of result.notices ?? []) {
			out.push(noticeResponse({ severity: 'INFO', code: '00000', message: notice }));
		}
		if (withDescription && result.fields.length > 0) out.push(rowDescription(result.fields));
		for (const row of result.rows) out.push(dataRow(row));
		out.push(commandComplete(result.commandTag));
		this.channel.sendToClient(out);
	}

	/** Reports the error and leaves an open transaction block failed, as PostgreSQL and Redshift do. */
	async fail(error: unknown): Promise<void> {
		if (this.channel.status === 'inTransaction' && !this.channel.isClosed()) {
			await this.session.query(ABORT_TRANSACTION_SQL).catch(() => undefined);
		}
		this.channel.sendToClient(errorResponse(errorFields(error)));
	}

	/**
	 * Sends one statement to PostgreSQL unchanged and relays its whole answer except ReadyForQuery
	 * (COPY FROM STDIN included: the client's CopyData goes to PostgreSQL). False when it failed.
	 */
	async forwardStatement(sql: string): Promise<boolean> {
		this.channel.write(serialize.query(sql));
		let failed = false;
		for (;;) {
			const frame = await this.channel.next();
			if (frame.code === 'Z') return !failed;
			if (frame.code === 'E') failed = true;
			this.channel.sendToClient(frame.raw);
			if (frame.code === 'G') await this.pumpCopyIn();
		}
	}

	/** Client CopyData up to CopyDone or CopyFail goes to PostgreSQL. */
	private async pumpCopyIn(): Promise<void> {
		for (;;) {
			const message = await this.nextClientMessage();
			if (!message) {
				this.channel.write(serialize.copyFail('the client disconnected during COPY'));
				return;
			}
			if (message.code === 'd' || message.code === 'c' || message.code === 'f') {
				this.channel.write(message.raw);
				if (message.code !== 'd') return;
			}
			// Flush and Sync during COPY mean nothing to PostgreSQL; anything else is a client bug it would reject.
			else if (message.code !== 'H' && message.code !== 'S') {
				this.channel.write(serialize.copyFail(`unexpected message '${message.code}' during COPY`));
				return;
			}
		}
	}
}
