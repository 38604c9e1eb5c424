import { stampIdentity } from '../../shared/cdc/envelope/sourceIdentity';
import type { CdcSource } from '../../shared/cdc/changeEvent';
import type { SourceIdentity } from '../../shared/cdc/envelope/types';
import { formatLsn } from '../../shared/cdc/pgoutput/lsn';
import type { Lsn } from '../../shared/cdc/pgoutput/messages';
import type { TableRef } from '../../shared/cdc/slots/tables';

/** Where a snapshot event that carries no row (a description, an end marker) sits: at the snapshot's position. */
export interface SnapshotPlace {
	table: TableRef;
	consistentLsn: Lsn;
	snapshotTime: Date;
	index: number;
	identity?: SourceIdentity;
}

/** The source of such an event: the snapshot rows' position (the slot's consistent point) and its own index. */
export function snapshotSource(place: SnapshotPlace): CdcSource {
	const lsn = formatLsn(place.consistentLsn);
	const source: CdcSource = {
		lsn,
		commitLsn: lsn,
		txId: null,
		ts_ms: place.snapshotTime.getTime(),
		schema: place.table.schema,
		table: place.table.table,
		snapshot: true,
		eventIndex: place.index,
	};
	stampIdentity(source, place.identity);
	return source;
}
