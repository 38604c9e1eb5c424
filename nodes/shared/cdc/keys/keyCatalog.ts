import type { Client } from 'pg';

import type { RelationFacts } from '../envelope/relationKeys';
import type { RelationMessage } from '../pgoutput/messages';
import { connectSql } from '../replication/replicationConnection';
import type { ReplicationConnectionOptions } from '../replication/types';
import { eventKeyColumns, readRelationCatalog } from './catalogKeys';

const DEFAULT_IDLE_MS = 60_000;

/**
 * Looks up change-event key columns (and, in the same query, the columns' nullability and defaults) on an ordinary SQL connection of its own (the replication
 * connection cannot run queries while it streams). Lookups come in bursts (a session's first
 * changes, a schema change), so the connection is opened on demand and ended after `idleMs` without
 * one; a failed one is dropped so the next lookup opens a fresh one.
 */
export class KeyCatalog {
	private client?: Promise<Client>;
	private idleTimer?: NodeJS.Timeout;

	constructor(
		private readonly connection: ReplicationConnectionOptions,
		private readonly idleMs = DEFAULT_IDLE_MS,
	) {}

	/** See eventKeyColumns: undefined means "use the columns pgoutput flags". */
	async keyColumns(relation: RelationMessage): Promise<readonly string[] | undefined> {
		return (await this.describe(relation)).keyColumns;
	}

	/** The relation's key columns and column facts; both undefined when the table is gone. */
	async describe(relation: RelationMessage): Promise<RelationFacts> {
		this.stopIdleTimer();
		const pending = (this.client ??= connectSql(this.connection));
		let client: Client | undefined;
		try {
			client = await pending;
			const catalog = await readRelationCatalog(client, relation.relationOid);
			this.startIdleTimer();
			return { keyColumns: eventKeyColumns(relation, catalog?.key), columns: catalog?.columns };
		} catch (error) {
			if (this.client === pending) this.client = undefined;
			await client?.end().catch(() => undefined);
			throw error;
		}
	}

	async close(): Promise<void> {
		this.stopIdleTimer();
		const pending = this.client;
		this.client = undefined;
		const client = await pending?.catch(() => undefined);
		await client?.end().catch(() => undefined);
	}

	private startIdleTimer(): void {
		this.stopIdleTimer();
		this.idleTimer = setTimeout(() => void this.close(), this.idleMs);
		this.idleTimer.unref();
	}

	private stopIdleTimer(): void {
		if (this.idleTimer) clearTimeout(this.idleTimer);
		this.idleTimer = undefined;
	}
}
