import type { Client } from 'pg';

import type { PostgresConnection } from '../../../support/embeddedPostgres';
import { connectPg, freshDatabase } from '../../../support/testServers';
import { dropSlots, uniqueSlotName } from '../streamSupport';

type DropSlots = (client: Client, slotNames: string[]) => Promise<void>;

/** One CDC test file's own database, a client on it, and the slots its tests made. */
export interface CdcDatabase {
	/** Set before the file's first test. */
	readonly connection: PostgresConnection;
	readonly client: Client;
	/** Creates a pgoutput slot with a unique name; it is dropped after the file's tests. */
	newSlot(prefix: string): Promise<string>;
	/** A slot the code under test creates, dropped after the file's tests; returns the name. */
	trackSlot(slotName: string): string;
	/** Runs before the slots are dropped (streams and triggers must let go of their slots first). */
	closeAfterAll(close: () => Promise<unknown>): void;
}

export interface CdcDatabaseOptions {
	/** Statements run once, in order, before the first test (tables, publications). */
	setup?: readonly string[];
	/** How slots are dropped; default: terminate a walsender that still holds one, then drop. */
	dropSlotsWith?: DropSlots;
}

/**
 * Registers beforeAll/afterAll for a fresh database (one per file, so files running in parallel
 * never collide), its setup, and the cleanup every CDC file needs: close, drop slots, disconnect.
 */
export function useCdcDatabase(prefix: string, options: CdcDatabaseOptions = {}): CdcDatabase {
	let connection: PostgresConnection | undefined;
	let client: Client | undefined;
	const slots: string[] = [];
	const closers: Array<() => Promise<unknown>> = [];
	const opened = <T>(value: T | undefined, what: string): T => {
		if (value === undefined)
			throw new Error(
				`The CDC test database's ${what} is only there inside tests (after beforeAll).`,
			);
		return value;
	};
	const database: CdcDatabase = {
		get connection() {
			return opened(connection, 'connection');
		},
		get client() {
			return opened(client, 'client');
		},
		async newSlot(slotPrefix) {
			const slotName = database.trackSlot(uniqueSlotName(slotPrefix));
			await database.client.query("SELECT pg_create_logical_replication_slot($1, 'pgoutput')", [
				slotName,
			]);
			return slotName;
		},
		trackSlot(slotName) {
			if (!slots.includes(slotName)) slots.push(slotName);
			return slotName;
		},
		closeAfterAll(close) {
			closers.push(close);
		},
	};

	beforeAll(async () => {
		connection = await freshDatabase(prefix);
		client = await connectPg(connection);
		for (const statement of options.setup ?? []) await client.query(statement);
	});

	afterAll(async () => {
		await Promise.allSettled(closers.map(async (close) => await close()));
		if (!client) return;
		try {
			await (options.dropSlotsWith ?? dropSlots)(client, slots);
		} finally {
			await client.end();
		}
	});

	return database;
}
