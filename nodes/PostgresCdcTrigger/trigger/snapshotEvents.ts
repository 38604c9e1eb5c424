import { snapshotReadEvent, textRowToCdcRow } from '../../shared/cdc/envelope/snapshotEvent';
import type { CdcEvent } from '../../shared/cdc/envelope/types';
import type { Lsn } from '../../shared/cdc/pgoutput/messages';
import type { SnapshotChunk } from '../../shared/cdc/snapshot/initialSnapshot';
import type { ValueMode } from '../../shared/cdc/values/convert';

/**
 * Turns the initial snapshot's chunks into envelope events (op 'r'), converted exactly as streamed
 * changes are. One row is held back so the very last one can say `snapshot: 'last'`.
 */
export async function* snapshotEvents(
	chunks: AsyncIterable<SnapshotChunk>,
	consistentLsn: Lsn,
	valueMode: ValueMode,
	snapshotTime: Date = new Date(),
): AsyncGenerator<CdcEvent> {
	let held: Omit<Parameters<typeof snapshotReadEvent>[0], 'last'> | undefined;
	let index = 0;
	for await (const chunk of chunks) {
		const columns = chunk.columns.map((column) => ({
			name: column.name,
			dataTypeID: column.typeOid,
		}));
		const keyColumns = chunk.columns.filter((column) => column.isKey).map((column) => column.name);
		for (const values of chunk.rows) {
			if (held) yield snapshotReadEvent({ ...held, last: false });
			held = {
				schema: chunk.table.schema,
				table: chunk.table.table,
				row: textRowToCdcRow(columns, values, valueMode),
				keyColumns,
				consistentLsn,
				snapshotTime,
				index: index++,
			};
		}
	}
	if (held) yield snapshotReadEvent({ ...held, last: true });
}
