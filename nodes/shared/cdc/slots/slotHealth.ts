import type { Client } from 'pg';

export interface SlotHealth {
	slotName: string;
	exists: boolean;
	active: boolean;
	/** reserved | extended | unreserved | lost (null when the slot does not exist). */
	walStatus: string | null;
	/** WAL written since the last acknowledged position: how far the consumer is behind. */
	bytesBehind: bigint | null;
	/** WAL the slot keeps on disk (from restart_lsn). */
	retainedBytes: bigint | null;
	/** Bytes left before max_slot_wal_keep_size would invalidate the slot; null = unlimited. */
	safeWalSize: bigint | null;
}

export type SlotHealthLevel = 'ok' | 'warning' | 'critical';

export interface SlotHealthReport {
	health: SlotHealth;
	level: SlotHealthLevel;
	/** Sentences for n8n's log and the items' metadata. */
	warnings: string[];
}

export async function readSlotHealth(sql: Client, slotName: string): Promise<SlotHealth> {
	const { rows } = await sql.query<{
		active: boolean;
		wal_status: string | null;
		behind: string | null;
		retained: string | null;
		safe_wal_size: string | null;
	}>(
		`SELECT active, wal_status,
		        pg_wal_lsn_diff(pg_current_wal_lsn(), confirmed_flush_lsn)::bigint::text AS behind,
		        pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn)::bigint::text AS retained,
		        safe_wal_size::text
		   FROM pg_replication_slots WHERE slot_name = $1`,
		[slotName],
	);
	if (rows.length === 0) {
		return {
			slotName,
			exists: false,
			active: false,
			walStatus: null,
			bytesBehind: null,
			retainedBytes: null,
			safeWalSize: null,
		};
	}
	const row = rows[0];
	const big = (text: string | null) => (text === null ? null : BigInt(text));
	return {
		slotName,
		exists: true,
		active: row.active,
		walStatus: row.wal_status,
		bytesBehind: big(row.behind),
		retainedBytes: big(row.retained),
		safeWalSize: big(row.safe_wal_size),
	};
}

/** Judges a slot's health against a lag threshold; wal_status and safe_wal_size raise it further. */
export function judgeSlotHealth(health: SlotHealth, maxBytesBehind: bigint): SlotHealthReport {
	const warnings: string[] = [];
	let level: SlotHealthLevel = 'ok';
	const raise = (to: SlotHealthLevel, message: string) => {
		if (to === 'critical' || level === 'ok') level = to;
		warnings.push(message);
	};
	if (!health.exists) {
		raise(
			'critical',
			`Replication slot "${health.slotName}" does not exist: changes since it disappeared are lost.`,
		);
		return { health, level, warnings };
	}
	if (health.walStatus === 'lost') {
		raise(
			'critical',
			`Replication slot "${health.slotName}" is lost: PostgreSQL removed WAL it still needed (max_slot_wal_keep_size). Drop it and start again with an initial snapshot.`,
		);
	} else if (health.walStatus === 'unreserved') {
		raise(
			'critical',
			`Replication slot "${health.slotName}" is about to lose WAL it needs at the next checkpoint (wal_status unreserved). Make the workflow catch up now.`,
		);
	} else if (health.walStatus === 'extended') {
		raise(
			'warning',
			`Replication slot "${health.slotName}" keeps more WAL than max_wal_size (wal_status extended).`,
		);
	}
	if (health.bytesBehind !== null && health.bytesBehind > maxBytesBehind) {
		raise(
			'warning',
			`Replication slot "${health.slotName}" is ${formatBytes(health.bytesBehind)} behind (threshold ${formatBytes(maxBytesBehind)}); PostgreSQL keeps that WAL on disk until the workflow catches up.`,
		);
	}
	if (health.safeWalSize !== null && health.safeWalSize < maxBytesBehind) {
		raise(
			'critical',
			`Replication slot "${health.slotName}" can fall only ${formatBytes(health.safeWalSize)} further behind before max_slot_wal_keep_size invalidates it.`,
		);
	}
	return { health, level, warnings };
}

export async function checkSlotHealth(
	sql: Client,
	slotName: string,
	maxBytesBehind: bigint,
): Promise<SlotHealthReport> {
	return judgeSlotHealth(await readSlotHealth(sql, slotName), maxBytesBehind);
}

export function formatBytes(bytes: bigint): string {
	const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
	let value = Number(bytes);
	let unit = 0;
	while (Math.abs(value) >= 1024 && unit < units.length - 1) {
		value /= 1024;
		unit += 1;
	}
	return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}
