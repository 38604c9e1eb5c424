import { parseLsn } from '../cdc/pgoutput/lsn';
import { ItemValueError } from './errors';

/** Events per transaction that one position can order (eventIndex is below this). */
export const EVENTS_PER_COMMIT = 2n ** 32n;

/** What a change event must say about where it is in the source's history. */
export interface ChangeSource {
	/** The transaction's commit (end) LSN, 'X/X', or a whole number. */
	commitLsn?: string | number | bigint;
	/** The change's own LSN; used only when commitLsn is missing. */
	lsn?: string | number | bigint;
	/** The event's place within its transaction (or snapshot), from 0. */
	eventIndex?: number;
}

function lsnValue(value: string | number | bigint): bigint {
	if (typeof value === 'bigint') return value;
	if (typeof value === 'number') {
		if (!Number.isSafeInteger(value) || value < 0) throw new Error(`${value} is not a position`);
		return BigInt(value);
	}
	return /^\d+$/.test(value) ? BigInt(value) : parseLsn(value);
}

/**
 * A change's position as one exact number: commit LSN × 2^32 + event index. Transactions arrive
 * in commit order and events in order within them, so positions only grow, also when a large
 * transaction or a snapshot spans several batches (their events share a commit LSN). The change's
 * own LSN alone would not do: a transaction that commits later can hold smaller LSNs.
 */
export function changePosition(source: ChangeSource | undefined, itemIndex: number): bigint {
	const commit = source?.commitLsn ?? source?.lsn;
	if (commit === undefined || commit === null || commit === '') {
		throw new ItemValueError(
			`Item ${itemIndex}: the change has no source.commitLsn (or source.lsn); a changelog needs positions to apply changes exactly once.`,
			itemIndex,
			'source.commitLsn',
		);
	}
	const index = source?.eventIndex ?? 0;
	if (!Number.isSafeInteger(index) || index < 0 || BigInt(index) >= EVENTS_PER_COMMIT) {
		throw new ItemValueError(
			`Item ${itemIndex}: source.eventIndex must be a whole number from 0 to 2^32-1; got ${String(index)}.`,
			itemIndex,
			'source.eventIndex',
		);
	}
	let lsn: bigint;
	try {
		lsn = lsnValue(commit);
	} catch {
		throw new ItemValueError(
			`Item ${itemIndex}: ${JSON.stringify(String(commit))} is not an LSN like '0/16B3748'.`,
			itemIndex,
			'source.commitLsn',
		);
	}
	return lsn * EVENTS_PER_COMMIT + BigInt(index);
}
