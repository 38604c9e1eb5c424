import { createSlot } from '../../../../nodes/shared/cdc/slots';
import {
	readInitialSnapshot,
	type InitialSnapshotOptions,
	type SnapshotChunk,
} from '../../../../nodes/shared/cdc/snapshot';
import { replicationOptions, uniqueSlotName } from '../streamSupport';
import type { CdcDatabase } from './cdcDatabase';

/** Creates a slot with an exported snapshot (dropped after the file) and reads all of it, chunk by chunk. */
export async function readSnapshotChunks(
	db: CdcDatabase,
	slotPrefix: string,
	options: Omit<InitialSnapshotOptions, 'connection' | 'slot'>,
): Promise<SnapshotChunk[]> {
	const slotName = uniqueSlotName(slotPrefix);
	db.trackSlot(slotName);
	const connection = replicationOptions(db.connection);
	const slot = await createSlot(connection, slotName, { exportSnapshot: true });
	const chunks: SnapshotChunk[] = [];
	for await (const chunk of readInitialSnapshot({ ...options, connection, slot }))
		chunks.push(chunk);
	return chunks;
}
