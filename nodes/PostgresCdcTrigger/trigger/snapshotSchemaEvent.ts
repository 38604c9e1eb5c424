import { stampIdentity } from '../../shared/cdc/envelope/sourceIdentity';
import type { CdcEvent, SourceIdentity } from '../../shared/cdc/envelope/types';
import { formatLsn } from '../../shared/cdc/pgoutput/lsn';
import type { Lsn } from '../../shared/cdc/pgoutput/messages';
import type { SnapshotChunk } from '../../shared/cdc/snapshot/initialSnapshot';

/**
 * The description of a table before its snapshot rows: an op 'schema' event listing every published
 * column with its type, as a schema change lists the table's columns. A consumer can then create or
 * widen its target before the rows arrive — also when a snapshot is taken again on a new slot, whose
 * stream has no earlier definition to report an added column against.
 */
export function snapshotSchemaEvent(input: {
	chunk: SnapshotChunk;
	consistentLsn: Lsn;
	snapshotTime: Date;
	index: number;
	identity?: SourceIdentity;
}): CdcEvent {
	const { chunk } = input;
	const lsn = formatLsn(input.consistentLsn);
	const event: CdcEvent = {
		op: 'schema',
		before: null,
		after: null,
		key: null,
		source: {
			lsn,
			commitLsn: lsn,
			txId: null,
			ts_ms: input.snapshotTime.getTime(),
			schema: chunk.table.schema,
			table: chunk.table.table,
			snapshot: true,
			eventIndex: input.index,
		},
		schemaChange: {
			relationOid: chunk.relationOid,
			schema: chunk.table.schema,
			table: chunk.table.table,
			addedColumns: [],
			droppedColumns: [],
			retypedColumns: [],
			renamedColumns: [],
			columns: chunk.columns.map((column) => ({
				name: column.name,
				typeOid: column.typeOid,
				typeModifier: column.typeModifier,
				typeName: column.pgTypeName,
				formattedType: column.typeName,
				isKey: column.isKey,
			})),
		},
	};
	stampIdentity(event.source, input.identity);
	return event;
}
