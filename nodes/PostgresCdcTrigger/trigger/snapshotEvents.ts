import type { CdcEvent, CdcRow } from '../../shared/cdc/envelope/types';
import { formatLsn } from '../../shared/cdc/pgoutput/lsn';
import type { Lsn } from '../../shared/cdc/pgoutput/messages';
import type { SnapshotChunk } from '../../shared/cdc/snapshot/initialSnapshot';
import { convertTextValue, type ValueMode } from '../../shared/cdc/values/convert';

/**
 * Turns the initial snapshot's chunks into envelope events (op 'r'), with the values converted exactly as
 * streamed changes are. All rows share the slot's consistent point as position; `eventIndex` orders them
 * and the very last row says `snapshot: 'last'` (one row is held back to know which is last).
 */
export async function* snapshotEvents(
	chunks: AsyncIterable<SnapshotChunk>,
	consistentPoint: Lsn,
	valueMode: ValueMode,
	takenAt: Date = new Date(),
): AsyncGenerator<CdcEvent> {
	const position = formatLsn(consistentPoint);
	let held: CdcEvent | undefined;
	let index = 0;
	for await (const chunk of chunks) {
		const keyColumns = chunk.columns.filter((column) => column.isKey).map((column) => column.name);
		for (const values of chunk.rows) {
			const after: CdcRow = {};
			chunk.columns.forEach((column, at) => {
				Object.defineProperty(after, column.name, {
					value: convertTextValue(values[at], column.typeOid, valueMode),
					enumerable: true,
					writable: true,
					configurable: true,
				});
			});
			const key =
				keyColumns.length > 0
					? Object.fromEntries(keyColumns.map((name) => [name, after[name]]))
					: null;
			if (held) yield held;
			held = {
				op: 'r',
				before: null,
				after,
				key,
				source: {
					lsn: position,
					commitLsn: position,
					txId: null,
					ts_ms: takenAt.getTime(),
					schema: chunk.table.schema,
					table: chunk.table.table,
					snapshot: true,
					eventIndex: index++,
				},
			};
		}
	}
	if (held) {
		held.source.snapshot = 'last';
		yield held;
	}
}
