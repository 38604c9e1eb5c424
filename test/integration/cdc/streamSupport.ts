import { randomBytes } from 'node:crypto';
import type { Client } from 'pg';

import { decodePgoutput } from '../../../nodes/shared/cdc/pgoutput';
import type { Lsn, PgoutputMessage } from '../../../nodes/shared/cdc/pgoutput';
import { parseLsn } from '../../../nodes/shared/cdc/pgoutput/lsn';
import type {
	ReplicationConnectionOptions,
	ReplicationEvent,
	ReplicationStream,
	WalData,
} from '../../../nodes/shared/cdc/replication';
import type { PostgresConnection } from '../../support/embeddedPostgres';

/** Shared helpers for the CDC stream, slot, snapshot and heartbeat integration tests. */

export function replicationOptions(
	connection: PostgresConnection,
	extra: Partial<ReplicationConnectionOptions> = {},
): ReplicationConnectionOptions {
	const { host, port, user, password, database } = connection;
	return { host, port, user, password, database, ...extra };
}

export function uniqueSlotName(prefix: string): string {
	return `${prefix}_${randomBytes(5).toString('hex')}`;
}

export interface DecodedFrame {
	wal: WalData;
	message: PgoutputMessage;
}

/** Pulls events until `done` says so, decoding data frames; fails loudly instead of hanging. */
export async function pullUntil(
	stream: ReplicationStream,
	done: (frames: DecodedFrame[], events: ReplicationEvent[]) => boolean,
	options: { timeoutMs?: number; onFrame?: (frame: DecodedFrame) => Promise<void> | void } = {},
): Promise<{ frames: DecodedFrame[]; events: ReplicationEvent[] }> {
	const frames: DecodedFrame[] = [];
	const events: ReplicationEvent[] = [];
	const timeoutMs = options.timeoutMs ?? 30_000;
	const deadline = Date.now() + timeoutMs;
	while (!done(frames, events)) {
		const remaining = deadline - Date.now();
		if (remaining <= 0) {
			throw new Error(
				`pullUntil: condition not met within ${timeoutMs} ms; got ${frames.length} frames (${frames
					.slice(-10)
					.map((frame) => frame.message.tag)
					.join(',')}) and events ${events.map((event) => event.kind).join(',')}`,
			);
		}
		let timer: NodeJS.Timeout | undefined;
		// Cleared also when next() rejects, so a failed pull does not keep jest alive for the timeout.
		const result = await Promise.race([
			stream.next(),
			new Promise<'timeout'>((resolve) => {
				timer = setTimeout(() => resolve('timeout'), remaining);
			}),
		]).finally(() => clearTimeout(timer));
		if (result === 'timeout') continue;
		if (result.done) throw new Error('pullUntil: the stream ended before the condition was met');
		events.push(result.value);
		if (result.value.kind === 'data') {
			const frame = { wal: result.value.wal, message: decodePgoutput(result.value.wal.data) };
			frames.push(frame);
			await options.onFrame?.(frame);
		}
	}
	return { frames, events };
}

export function commits(frames: DecodedFrame[]): Array<{ endLsn: Lsn }> {
	return frames.flatMap((frame) =>
		frame.message.tag === 'commit' ? [{ endLsn: frame.message.endLsn }] : [],
	);
}

export function insertedTexts(frames: DecodedFrame[], column = 1): string[] {
	return frames.flatMap((frame) => {
		if (frame.message.tag !== 'insert') return [];
		const value = frame.message.newTuple[column];
		return value.kind === 'text' ? [value.value] : [];
	});
}

export async function slotState(
	client: Client,
	slotName: string,
): Promise<{ confirmedFlush: Lsn; active: boolean; activePid: number | null } | undefined> {
	const { rows } = await client.query<{
		confirmed_flush_lsn: string | null;
		active: boolean;
		active_pid: number | null;
	}>(
		'SELECT confirmed_flush_lsn::text, active, active_pid FROM pg_replication_slots WHERE slot_name = $1',
		[slotName],
	);
	if (rows.length === 0) return undefined;
	return {
		confirmedFlush: rows[0].confirmed_flush_lsn ? parseLsn(rows[0].confirmed_flush_lsn) : 0n,
		active: rows[0].active,
		activePid: rows[0].active_pid,
	};
}

/** Waits until the slot satisfies `check` (the walsender applies status updates asynchronously). */
export async function waitForSlot(
	client: Client,
	slotName: string,
	check: (state: { confirmedFlush: Lsn; active: boolean }) => boolean,
	what: string,
	timeoutMs = 20_000,
): Promise<{ confirmedFlush: Lsn; active: boolean }> {
	const deadline = Date.now() + timeoutMs;
	let last: { confirmedFlush: Lsn; active: boolean } | undefined;
	while (Date.now() < deadline) {
		last = await slotState(client, slotName);
		if (last && check(last)) return last;
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
	throw new Error(
		`Slot ${slotName} never reached: ${what}; last state ${last ? `confirmed_flush=${last.confirmedFlush} active=${last.active}` : 'missing'}`,
	);
}

/** Drops slots even if a walsender still holds them for a moment after its client closed. */
export async function dropSlots(client: Client, slotNames: string[]): Promise<void> {
	for (const slotName of slotNames) {
		for (let attempt = 0; attempt < 50; attempt += 1) {
			const state = await slotState(client, slotName);
			if (!state) break;
			if (state.active && state.activePid) {
				await client.query('SELECT pg_terminate_backend($1)', [state.activePid]);
			}
			try {
				await client.query('SELECT pg_drop_replication_slot($1)', [slotName]);
				break;
			} catch {
				await new Promise((resolve) => setTimeout(resolve, 100));
			}
		}
	}
}
