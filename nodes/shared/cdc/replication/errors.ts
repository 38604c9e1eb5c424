/** Sorting errors from a replication connection into "try again later" and "a person must act". */

interface PgLikeError {
	code?: string;
	message?: string;
}

const SLOT_BUSY = /replication slot .* is active for PID/i;

/** Network failures and server states that pass by themselves. */
const RETRYABLE_SQLSTATES = new Set([
	'55006', // object_in_use: the slot is held by another walsender
	'57P01', // admin_shutdown
	'57P02', // crash_shutdown
	'57P03', // cannot_connect_now (server starting or in recovery)
	'53300', // too_many_connections
	'53400', // configuration_limit_exceeded (no free wal sender)
	'08000',
	'08001',
	'08003',
	'08004',
	'08006',
]);

const RETRYABLE_NODE_CODES = new Set([
	'ECONNREFUSED',
	'ECONNRESET',
	'EPIPE',
	'ETIMEDOUT',
	'EHOSTUNREACH',
	'ENETUNREACH',
	'EAI_AGAIN',
]);

export function isSlotBusyError(error: unknown): boolean {
	const candidate = error as PgLikeError;
	return candidate?.code === '55006' || SLOT_BUSY.test(candidate?.message ?? '');
}

export function isRetryableReplicationError(error: unknown): boolean {
	const candidate = error as PgLikeError;
	if (isSlotBusyError(error)) return true;
	if (
		candidate?.code &&
		(RETRYABLE_SQLSTATES.has(candidate.code) || RETRYABLE_NODE_CODES.has(candidate.code))
	) {
		return true;
	}
	const message = candidate?.message ?? '';
	return /Connection terminated|timeout expired|Connection ended|socket hang up|number of requested standby connections exceeds/i.test(
		message,
	);
}

/** A message that names what failed and what to do, without connection secrets. */
export function describeReplicationError(error: unknown, slotName: string): string {
	const candidate = error as PgLikeError;
	const message = candidate?.message ?? String(error);
	const code = candidate?.code ? ` (SQLSTATE ${candidate.code})` : '';
	if (isSlotBusyError(error)) {
		return `Replication slot "${slotName}" is in use by another consumer${code}: ${message}. Another workflow or tool reads this slot; stop it or give this trigger its own slot name.`;
	}
	if (/replication slot .* does not exist/i.test(message)) {
		return `Replication slot "${slotName}" does not exist${code}. Let the trigger create it, or create it with pg_create_logical_replication_slot('${slotName}', 'pgoutput').`;
	}
	if (/publication .* does not exist/i.test(message)) {
		return `${message}${code}. Create the publication (CREATE PUBLICATION … FOR TABLE …) or let the trigger manage it.`;
	}
	if (
		/can no longer get changes|has been invalidated|wal_status.*lost|required WAL has been removed/i.test(
			message,
		)
	) {
		return `Replication slot "${slotName}" is no longer usable${code}: ${message}. The WAL it needed was removed (see max_slot_wal_keep_size); drop the slot and start again with an initial snapshot.`;
	}
	return `Replication on slot "${slotName}" failed${code}: ${message}`;
}

/**
 * The error as an Error without losing its fields (code, …). Errors raised inside Node or a library
 * may come from another realm (e.g. under jest), where `instanceof Error` is false.
 */
export function asError(error: unknown): Error {
	if (typeof error === 'object' && error !== null && typeof (error as Error).message === 'string') {
		return error as Error;
	}
	return new Error(String(error));
}
