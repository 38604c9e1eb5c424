import { serialize } from 'pg-protocol';

import type { StatementResult } from '../engine/session';
import { RedshiftError } from '../engine/session';
import { DropConnection, type FrontSession } from './frontSession';
import {
	bindComplete,
	closeComplete,
	emptyQueryResponse,
	noData,
	parameterDescription,
	parseComplete,
	readyForQuery,
	rowDescription,
} from './protocol/backendMessages';
import {
	decodeBind,
	decodeExecute,
	decodeParse,
	decodeTarget,
	type BoundValue,
} from './protocol/frontendMessages';
import type { Frame } from './protocol/frameReader';
import { splitStatements } from './splitStatements';

/** Handlers see a statement as in a simple Query: no leading comments, no trailing semicolon. */
function statementText(sql: string): string {
	const statements = splitStatements(sql);
	return statements.length === 1 ? statements[0] : sql;
}

/**
 * Redshift ignores Execute's row limit: the whole result comes at once and the portal is done
 * (reference redshift.md 4.9; why pg-cursor does not stream from Redshift). The front does the same.
 */
function withoutRowLimit(execute: Buffer): Buffer {
	const limitOffset = execute.length - 4;
	if (execute.readInt32BE(limitOffset) === 0) return execute;
	const copy = Buffer.from(execute);
	copy.writeInt32BE(0, limitOffset);
	return copy;
}

interface PreparedStatement {
	sql: string;
	types: number[];
	/** False when the front answered the Parse itself: PostgreSQL has not seen this statement. */
	onBackend: boolean;
}

interface BoundPortal {
	sql: string;
	types: number[];
	values: BoundValue[];
	result?: StatementResult;
}

/**
 * The extended protocol (Parse/Bind/Describe/Execute/Close up to Flush or Sync). A batch in which
 * nothing needs the engine goes to PostgreSQL as sent. Otherwise the front answers every message
 * of the batch itself and runs the statements through the engine on the client's session.
 */
export class ExtendedQuery {
	private readonly statements = new Map<string, PreparedStatement>();
	private readonly portals = new Map<string, BoundPortal>();
	private batch: Frame[] = [];
	private skipUntilSync = false;

	constructor(private readonly front: FrontSession) {}

	add(frame: Frame): void {
		this.batch.push(frame);
	}

	/** Flush or Sync ends a batch. */
	async boundary(frame: Frame): Promise<void> {
		const batch = [...this.batch, frame];
		this.batch = [];
		if (!this.skipUntilSync && !(await this.needsEngine(batch))) {
			this.forward(batch);
			return;
		}
		await this.front.channel.acquire();
		try {
			for (const message of batch) await this.answer(message);
		} finally {
			this.front.channel.release();
			this.forgetUnnamedStatement();
		}
	}

	/** Another kind of message arrived: what is pending goes to PostgreSQL first, in order. */
	flushPending(): void {
		if (this.batch.length === 0) return;
		const batch = this.batch;
		this.batch = [];
		if (!this.skipUntilSync) this.forward(batch);
	}

	/** The engine's own statements replace PostgreSQL's unnamed prepared statement, as a simple Query does. */
	forgetUnnamedStatement(): void {
		const unnamed = this.statements.get('');
		if (unnamed) unnamed.onBackend = false;
	}

	private async needsEngine(batch: Frame[]): Promise<boolean> {
		const statementSql = new Map<string, string>();
		const portalSql = new Map<string, string>();
		const sqlOf = (name: string) => statementSql.get(name) ?? this.statements.get(name)?.sql;
		for (const frame of batch) {
			if (frame.code === 'P') {
				const { statement, sql } = decodeParse(frame.body);
				statementSql.set(statement, sql);
				if (await this.front.needsEngine(statementText(sql))) return true;
			} else if (frame.code === 'B') {
				const { portal, statement } = decodeBind(frame.body);
				const sql = sqlOf(statement);
				if (sql !== undefined) portalSql.set(portal, sql);
			} else if (frame.code === 'E') {
				const sql = portalSql.get(decodeExecute(frame.body).portal);
				if (sql !== undefined && (await this.front.needsEngine(statementText(sql)))) return true;
			}
		}
		return false;
	}

	private forward(batch: Frame[]): void {
		const { channel } = this.front;
		for (const frame of batch) {
			if (frame.code === 'P') {
				const { statement, sql, parameterTypes } = decodeParse(frame.body);
				this.statements.set(statement, { sql, types: parameterTypes, onBackend: true });
			} else if (frame.code === 'B') {
				const name = decodeBind(frame.body).statement;
				const prepared = this.statements.get(name);
				if (prepared && !prepared.onBackend) {
					// The front answered this statement's Parse itself; PostgreSQL needs it now.
					channel.forwardHiddenParse(
						serialize.parse({ name, text: prepared.sql, types: prepared.types }),
					);
					prepared.onBackend = true;
				}
			} else if (frame.code === 'C') {
				const { kind, name } = decodeTarget(frame.body);
				if (kind === 'S') this.statements.delete(name);
			}
			channel.forward(
				frame.code === 'E' ? withoutRowLimit(frame.raw) : frame.raw,
				frame.code === 'S' ? 1 : 0,
			);
		}
	}

	private async answer(frame: Frame): Promise<void> {
		const { channel } = this.front;
		if (frame.code === 'S') {
			this.skipUntilSync = false;
			channel.sendToClient(readyForQuery(channel.status));
			return;
		}
		if (this.skipUntilSync) return;
		try {
			await this.answerMessage(frame);
		} catch (error) {
			if (error instanceof DropConnection) throw error;
			// As PostgreSQL does: report, then ignore the batch up to Sync.
			this.skipUntilSync = true;
			await this.front.fail(error);
		}
	}

	private async answerMessage(frame: Frame): Promise<void> {
		const { channel } = this.front;
		switch (frame.code) {
			case 'P': {
				const { statement, sql, parameterTypes } = decodeParse(frame.body);
				this.statements.set(statement, { sql, types: parameterTypes, onBackend: false });
				channel.sendToClient(parseComplete());
				return;
			}
			case 'B': {
				const { portal, statement, values } = decodeBind(frame.body);
				const prepared = this.statements.get(statement);
				if (!prepared)
					throw new RedshiftError(`prepared statement "${statement}" does not exist`, '26000');
				this.portals.set(portal, { sql: prepared.sql, types: prepared.types, values });
				channel.sendToClient(bindComplete());
				return;
			}
			case 'D':
				await this.describe(frame);
				return;
			case 'E': {
				const portal = this.portalNamed(decodeExecute(frame.body).portal);
				if (portal.sql.trim() === '') {
					channel.sendToClient(emptyQueryResponse());
					return;
				}
				// Redshift ignores the row limit of Execute too: the whole result comes at once.
				this.front.writeResult(await this.run(portal), false);
				portal.result = undefined;
				return;
			}
			case 'C':
				await this.close(frame);
				return;
			default:
				return;
		}
	}

	private async describe(frame: Frame): Promise<void> {
		const { channel } = this.front;
		const { kind, name } = decodeTarget(frame.body);
		if (kind === 'S') {
			const prepared = this.statements.get(name);
			if (!prepared)
				throw new RedshiftError(`prepared statement "${name}" does not exist`, '26000');
			channel.sendToClient([parameterDescription(prepared.types), noData()]);
			return;
		}
		const portal = this.portalNamed(name);
		if (portal.sql.trim() === '') {
			channel.sendToClient(noData());
			return;
		}
		const result = await this.run(portal);
		channel.sendToClient(result.fields.length > 0 ? rowDescription(result.fields) : noData());
	}

	private async close(frame: Frame): Promise<void> {
		const { kind, name } = decodeTarget(frame.body);
		if (kind === 'S') {
			const prepared = this.statements.get(name);
			this.statements.delete(name);
			if (prepared?.onBackend) await this.closeOnBackend(kind, name);
		} else if (!this.portals.delete(name)) {
			await this.closeOnBackend(kind, name);
		}
		this.front.channel.sendToClient(closeComplete());
	}

	private async closeOnBackend(kind: string, name: string): Promise<void> {
		const { channel } = this.front;
		channel.write(
			Buffer.concat([serialize.close({ type: kind === 'S' ? 'S' : 'P', name }), serialize.sync()]),
		);
		while ((await channel.next()).code !== 'Z');
	}

	private portalNamed(name: string): BoundPortal {
		const portal = this.portals.get(name);
		if (!portal) throw new RedshiftError(`portal "${name}" does not exist`, '34000');
		return portal;
	}

	/** Runs the portal's statement once (Describe may come before Execute): the engine, or PostgreSQL with its parameters. */
	private async run(portal: BoundPortal): Promise<StatementResult> {
		if (portal.result) return portal.result;
		const { engine, session } = this.front;
		this.front.dropIfArmed(portal.sql);
		let result: StatementResult | undefined;
		if (portal.values.length === 0) {
			result = await engine.handle(statementText(portal.sql), session);
		} else {
			// Handlers take no parameters; the fault hooks and Redshift's grammar still apply.
			engine.checkParameterized(statementText(portal.sql));
		}
		portal.result = result ?? (await session.queryTyped(portal.sql, portal.values, portal.types));
		return portal.result;
	}
}
