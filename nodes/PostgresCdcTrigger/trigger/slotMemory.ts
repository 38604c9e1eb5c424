import type { IDataObject } from 'n8n-workflow';

import {
	RelationCache,
	type SerializedRelationCache,
} from '../../shared/cdc/envelope/relationCache';
import { formatLsn, parseLsn } from '../../shared/cdc/pgoutput/lsn';
import type { Lsn, RelationMessage, TypeMessage } from '../../shared/cdc/pgoutput/messages';
import type { RelationState } from './changePipeline';

/**
 * What the trigger remembers per slot in the workflow's static data (saved by n8n with every emit):
 * whether the initial snapshot completed, and the table definitions as of the acknowledged position.
 *
 * n8n notices a change only when a property of an object it observed is SET; an object added later is
 * not observed, so writing inside it would never be saved. Every write therefore replaces the whole
 * top-level entry.
 */

/**
 * 'pending': the slot was created for an initial snapshot that has not completed; 'done': the slot owes
 * no snapshot (it completed, or the slot was created by "Changes From Now"). Written before the slot is
 * created; a slot without a state under "Initial Snapshot" therefore never saw its snapshot complete.
 */
export type SnapshotState = 'pending' | 'done';

const SNAPSHOTS = 'cdcSnapshots';
const RELATIONS = 'cdcRelations';

function entries<T>(data: IDataObject, key: string): Record<string, T> {
	const value = data[key];
	return typeof value === 'object' && value !== null ? (value as Record<string, T>) : {};
}

function replaceEntry<T>(
	data: IDataObject,
	key: string,
	slotName: string,
	value: T | undefined,
): void {
	const next: Record<string, T> = { ...entries<T>(data, key) };
	if (value === undefined) delete next[slotName];
	else next[slotName] = value;
	data[key] = next as unknown as IDataObject;
}

export function readSnapshotState(data: IDataObject, slotName: string): SnapshotState | undefined {
	return entries<SnapshotState>(data, SNAPSHOTS)[slotName];
}

export function writeSnapshotState(
	data: IDataObject,
	slotName: string,
	state: SnapshotState | undefined,
): void {
	replaceEntry(data, SNAPSHOTS, slotName, state);
}

/** Relation state as JSON: positions as 'X/X' text. */
interface StoredRelations {
	acknowledged: SerializedRelationCache;
	pending: Array<{ lsn: string; definitions: Array<RelationMessage | TypeMessage> }>;
}

/**
 * The definitions as of `confirmedLsn` (the slot's confirmed position, where streaming resumes): the
 * stored acknowledged cache plus every stored pending transaction Postgres has confirmed since.
 */
export function readRelations(
	data: IDataObject,
	slotName: string,
	confirmedLsn: Lsn,
): RelationCache {
	const stored = entries<StoredRelations>(data, RELATIONS)[slotName];
	if (!stored?.acknowledged) return new RelationCache();
	const cache = RelationCache.fromJSON(stored.acknowledged);
	for (const entry of stored.pending ?? []) {
		if (parseLsn(entry.lsn) <= confirmedLsn) cache.apply(entry.definitions);
	}
	return cache;
}

export function writeRelations(
	data: IDataObject,
	slotName: string,
	state: RelationState | undefined,
): void {
	const stored: StoredRelations | undefined = state && {
		acknowledged: state.acknowledged.toJSON(),
		pending: state.pending.map((entry) => ({
			lsn: formatLsn(entry.lsn),
			definitions: entry.definitions,
		})),
	};
	replaceEntry(data, RELATIONS, slotName, stored);
}
