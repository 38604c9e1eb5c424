import { Client } from 'pg';

import { parseLsn } from '../../../nodes/shared/cdc/pgoutput/lsn';
import type { PostgresConnection } from '../../support/embeddedPostgres';

/** What the test committed: the transaction id the trigger reports as `source.txId`. */
export interface CommittedTransaction {
	txId: number;
}

/** The test's own SQL session on the source database. */
export class CdcDatabase {
	private constructor(private readonly client: Client) {}

	static async connect(connection: PostgresConnection): Promise<CdcDatabase> {
		const client = new Client(connection);
		await client.connect();
		return new CdcDatabase(client);
	}

	async query(text: string, values: unknown[] = []): Promise<Array<Record<string, unknown>>> {
		return (await this.client.query(text, values)).rows as Array<Record<string, unknown>>;
	}

	/** Runs the statements in one transaction and returns its id (pgoutput's 32-bit xid). */
	async commit(
		statements: Array<{ text: string; values?: unknown[] }>,
	): Promise<CommittedTransaction> {
		await this.client.query('BEGIN');
		try {
			const rows = await this.query('SELECT pg_current_xact_id()::text AS xid');
			for (const statement of statements)
				await this.client.query(statement.text, statement.values ?? []);
			await this.client.query('COMMIT');
			// Epoch 0 on a fresh cluster: the 64-bit id equals the 32-bit xid pgoutput sends.
			return { txId: Number(rows[0].xid) };
		} catch (error) {
			await this.client.query('ROLLBACK').catch(() => undefined);
			throw error;
		}
	}

	/** The slot's acknowledged position (`confirmed_flush_lsn`); fails when the slot is missing. */
	async confirmedFlushLsn(slotName: string): Promise<bigint> {
		const rows = await this.query(
			'SELECT confirmed_flush_lsn::text AS lsn FROM pg_replication_slots WHERE slot_name = $1',
			[slotName],
		);
		if (rows.length === 0) throw new Error(`replication slot "${slotName}" does not exist`);
		return parseLsn(String(rows[0].lsn));
	}

	async close(): Promise<void> {
		await this.client.end();
	}
}
