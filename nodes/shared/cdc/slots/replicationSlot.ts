import type { Client } from 'pg';

import { parseLsn } from '../pgoutput/lsn';
import type { Lsn } from '../pgoutput/messages';
import { connectReplication, serverMajor } from '../replication/replicationConnection';
import { quoteIdentifier } from '../replication/sqlText';
import type { ReplicationConnectionOptions } from '../replication/types';
import { assertValidSlotName } from './slotName';
import { asError } from '../replication/errors';

export interface SlotInfo {
	slotName: string;
	plugin: string | null;
	slotType: string;
	database: string | null;
	temporary: boolean;
	active: boolean;
	activePid: number | null;
	restartLsn: Lsn | null;
	confirmedFlushLsn: Lsn | null;
	/** reserved | extended | unreserved | lost (PG 13+). */
	walStatus: string | null;
}

/** A slot just created on a replication connection. */
export interface CreatedSlot {
	slotName: string;
	/** Changes committed after this position are streamed; everything before is in the snapshot. */
	consistentPoint: Lsn;
	/** The exported snapshot, valid only while `release()` has not been called. */
	snapshotName?: string;
	/**
	 * Ends the exporting replication connection. With an exported snapshot, call it only after the
	 * snapshot transaction has run SET TRANSACTION SNAPSHOT (the snapshot dies with the connection).
	 */
	release(): Promise<void>;
}

export async function readSlot(sql: Client, slotName: string): Promise<SlotInfo | undefined> {
	const { rows } = await sql.query<{
		slot_name: string;
		plugin: string | null;
		slot_type: string;
		database: string | null;
		temporary: boolean;
		active: boolean;
		active_pid: number | null;
		restart_lsn: string | null;
		confirmed_flush_lsn: string | null;
		wal_status: string | null;
	}>(
		`SELECT slot_name, plugin, slot_type, database, temporary, active, active_pid,
		        restart_lsn::text, confirmed_flush_lsn::text, wal_status
		   FROM pg_replication_slots WHERE slot_name = $1`,
		[slotName],
	);
	if (rows.length === 0) return undefined;
	const row = rows[0];
	return {
		slotName: row.slot_name,
		plugin: row.plugin,
		slotType: row.slot_type,
		database: row.database,
		temporary: row.temporary,
		active: row.active,
		activePid: row.active_pid,
		restartLsn: row.restart_lsn ? parseLsn(row.restart_lsn) : null,
		confirmedFlushLsn: row.confirmed_flush_lsn ? parseLsn(row.confirmed_flush_lsn) : null,
		walStatus: row.wal_status,
	};
}

/**
 * The CREATE_REPLICATION_SLOT command for a durable pgoutput slot. PG 15+ takes the option list
 * `(SNAPSHOT 'export'|'nothing')`; PG 14 only the older keywords EXPORT_SNAPSHOT / NOEXPORT_SNAPSHOT.
 */
export function createSlotCommand(
	slotName: string,
	exportSnapshot: boolean,
	major: number,
): string {
	assertValidSlotName(slotName);
	const base = `CREATE_REPLICATION_SLOT ${quoteIdentifier(slotName)} LOGICAL pgoutput`;
	if (major >= 15) return `${base} (SNAPSHOT '${exportSnapshot ? 'export' : 'nothing'}')`;
	return `${base} ${exportSnapshot ? 'EXPORT_SNAPSHOT' : 'NOEXPORT_SNAPSHOT'}`;
}

/**
 * Creates a durable pgoutput slot through the replication protocol. With `exportSnapshot` the
 * connection stays open and idle so the snapshot can be imported; otherwise it is closed at once.
 * Create the publication first: pgoutput needs it to exist when decoding starts.
 */
export async function createSlot(
	connection: ReplicationConnectionOptions,
	slotName: string,
	options: { exportSnapshot: boolean },
): Promise<CreatedSlot> {
	const client = await connectReplication(connection);
	let released = false;
	const release = async () => {
		if (released) return;
		released = true;
		await client.end().catch(() => {});
	};
	try {
		const major = await serverMajor(client);
		const { rows } = await client.query<{
			slot_name: string;
			consistent_point: string;
			snapshot_name: string | null;
		}>(createSlotCommand(slotName, options.exportSnapshot, major));
		const created: CreatedSlot = {
			slotName: rows[0].slot_name,
			consistentPoint: parseLsn(rows[0].consistent_point),
			snapshotName: rows[0].snapshot_name ?? undefined,
			release,
		};
		if (!options.exportSnapshot) await release();
		return created;
	} catch (error) {
		await release();
		throw slotError(error, slotName);
	}
}

export type EnsureSlotResult =
	| { created: true; slot: CreatedSlot }
	| { created: false; slot: SlotInfo };

/**
 * Uses the slot if it exists (and fits), creates it otherwise. Only a created slot can carry an
 * exported snapshot.
 */
export async function ensureSlot(
	sql: Client,
	connection: ReplicationConnectionOptions,
	slotName: string,
	options: { exportSnapshot: boolean },
): Promise<EnsureSlotResult> {
	assertValidSlotName(slotName);
	const existing = await readSlot(sql, slotName);
	if (existing) {
		assertUsable(existing, connection.database);
		return { created: false, slot: existing };
	}
	try {
		return { created: true, slot: await createSlot(connection, slotName, options) };
	} catch (error) {
		// Another activation created it in the meantime: use that one.
		const raced = await readSlot(sql, slotName);
		if (raced) {
			assertUsable(raced, connection.database);
			return { created: false, slot: raced };
		}
		throw error;
	}
}

/**
 * Drops the slot. The WAL it retained is released; changes not yet acknowledged are lost for good.
 * An active slot is only dropped with `terminateActive` (ends the walsender holding it).
 */
export async function dropSlot(
	sql: Client,
	slotName: string,
	options: { terminateActive?: boolean; timeoutMs?: number } = {},
): Promise<boolean> {
	const deadline = Date.now() + (options.timeoutMs ?? 10_000);
	for (;;) {
		const slot = await readSlot(sql, slotName);
		if (!slot) return false;
		if (slot.active && slot.activePid !== null) {
			if (!options.terminateActive && Date.now() >= deadline) {
				throw new Error(
					`Replication slot "${slotName}" is in use by process ${slot.activePid}; stop its consumer first, then drop it.`,
				);
			}
			if (options.terminateActive)
				await sql.query('SELECT pg_terminate_backend($1)', [slot.activePid]);
		} else {
			try {
				await sql.query('SELECT pg_drop_replication_slot($1)', [slotName]);
				return true;
			} catch (error) {
				if ((error as { code?: string }).code === '42704') return false;
				if ((error as { code?: string }).code !== '55006' || Date.now() >= deadline)
					throw slotError(error, slotName);
			}
		}
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
}

function assertUsable(slot: SlotInfo, database: string): void {
	if (slot.slotType !== 'logical' || slot.plugin !== 'pgoutput') {
		throw new Error(
			`Replication slot "${slot.slotName}" exists but is a ${slot.slotType} slot with plugin ${slot.plugin ?? 'none'}; this trigger needs a logical pgoutput slot. Choose another slot name.`,
		);
	}
	if (slot.database !== database) {
		throw new Error(
			`Replication slot "${slot.slotName}" belongs to database "${slot.database}", not "${database}". Choose another slot name.`,
		);
	}
	if (slot.walStatus === 'lost') {
		throw new Error(
			`Replication slot "${slot.slotName}" is lost: the WAL it needed was removed (max_slot_wal_keep_size). Changes are missing; drop the slot and start again with an initial snapshot.`,
		);
	}
}

function slotError(error: unknown, slotName: string): Error {
	const candidate = error as { code?: string; message?: string };
	const message = candidate?.message ?? String(error);
	if (
		candidate?.code === '42501' ||
		/must be superuser or replication role|permission denied/i.test(message)
	) {
		return new Error(
			`Cannot create or drop replication slot "${slotName}": ${message}. Grant the user the REPLICATION attribute (ALTER ROLE … REPLICATION; on RDS: GRANT rds_replication TO …).`,
		);
	}
	if (candidate?.code === '53400' || /all replication slots are in use/i.test(message)) {
		return new Error(
			`Cannot create replication slot "${slotName}": ${message}. Drop unused slots or raise max_replication_slots (restart needed).`,
		);
	}
	if (/wal_level/i.test(message)) {
		return new Error(
			`Cannot create replication slot "${slotName}": ${message}. Set wal_level = logical and restart PostgreSQL.`,
		);
	}
	return asError(error);
}
