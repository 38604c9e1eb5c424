import type { Client } from 'pg';

import type { RelationMessage } from '../pgoutput/messages';
import { connectSql } from '../replication/replicationConnection';
import type { ReplicationConnectionOptions } from '../replication/types';
import { eventKeyColumns, readCatalogKey } from './catalogKeys';

/**
 * Looks up change-event key columns on an ordinary SQL connection of its own (the replication
 * connection cannot run queries while it streams). Opened on first use; a failed one is dropped so
 * the next lookup opens a fresh one.
 */
export class KeyCatalog {
	private client?: Promise<Client>;

	constructor(private readonly connection: ReplicationConnectionOptions) {}

	/** See eventKeyColumns: undefined means "use the columns pgoutput flags". */
	async keyColumns(relation: RelationMessage): Promise<string[] | undefined> {
		const pending = (this.client ??= connectSql(this.connection));
		let client: Client | undefined;
		try {
			client = await pending;
			return eventKeyColumns(relation, await readCatalogKey(client, relation.relationOid));
		} catch (error) {
			if (this.client === pending) this.client = undefined;
			await client?.end().catch(() => undefined);
			throw error;
		}
	}

	async close(): Promise<void> {
		const pending = this.client;
		this.client = undefined;
		const client = await pending?.catch(() => undefined);
		await client?.end().catch(() => undefined);
	}
}
