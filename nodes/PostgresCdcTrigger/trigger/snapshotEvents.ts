import { snapshotReadEvent, textRowToCdcRow } from '../../shared/cdc/envelope/snapshotEvent';
import type { CdcEvent } from '../../shared/cdc/changeEvent';
import type { SourceIdentity } from '../../shared/cdc/envelope/types';
import type { Lsn } from '../../shared/cdc/pgoutput/messages';
import type { SnapshotChunk } from '../../shared/cdc/snapshot/initialSnapshot';
import type { ValueMode } from '../../shared/cdc/values/convert';
import type { KeptAsTextReason } from '../../shared/cdc/values/native';
import type { KeptAsTextWarner } from './keptAsTextWarnings';
import { snapshotSchemaEvent } from './snapshotSchemaEvent';
import { snapshotSource, type SnapshotPlace } from './snapshotSource';

type HeldRow = Omit<Parameters<typeof snapshotReadEvent>[0], 'last'>;

/**
 * The marker after a table's last snapshot row (also for an empty table): the table's snapshot at the
 * consistent point is complete, so a consumer may remove target rows the snapshot did not contain
 * (rows deleted while an earlier, interrupted snapshot was taken).
 */
export function snapshotEndEvent(input: SnapshotPlace & { rows: number }): CdcEvent {
	return {
		op: 'snapshotEnd',
		before: null,
		after: null,
		key: null,
		source: snapshotSource(input),
		snapshotEnd: { rows: input.rows },
	};
}

export interface SnapshotEventsOptions {
	/** The slot's consistent point: every snapshot event's position. */
	consistentLsn: Lsn;
	valueMode: ValueMode;
	/** When the snapshot was taken (source.ts_ms); default now. */
	snapshotTime?: Date;
	/** The server the slot is on (source.systemId, timeline), as on streamed events. */
	identity?: SourceIdentity;
	/** Native mode: hears each value kept as text, as the stream's assembler does. */
	onKeptAsText?: KeptAsTextWarner;
}

/**
 * Turns the initial snapshot's chunks into envelope events, converted exactly as streamed changes are:
 * op 'r' per row and op 'snapshotEnd' after each table's last row. eventIndex numbers them all in
 * order, so positions stay unique. The last row is held back (with the markers after it) until the
 * next row or the end shows whether it is the snapshot's last, which says `snapshot: 'last'`.
 */
export async function* snapshotEvents(
	chunks: AsyncIterable<SnapshotChunk>,
	options: SnapshotEventsOptions,
): AsyncGenerator<CdcEvent> {
	const { consistentLsn, valueMode, identity, onKeptAsText } = options;
	const keptAsText = (table: { schema: string; table: string }) =>
		onKeptAsText
			? (column: string, reason: KeptAsTextReason) =>
					onKeptAsText(table.schema, table.table, column, reason)
			: undefined;
	const snapshotTime = options.snapshotTime ?? new Date();
	let held: HeldRow | undefined;
	let heldMarkers: CdcEvent[] = [];
	let index = 0;
	let tableOfLastChunk: string | undefined;
	for await (const chunk of chunks) {
		const tableKey = `${chunk.table.schema}\u0000${chunk.table.table}`;
		if (tableKey !== tableOfLastChunk) {
			tableOfLastChunk = tableKey;
			// The table's description goes before its rows (after a held row, whose index is lower).
			const description = snapshotSchemaEvent({
				chunk,
				consistentLsn,
				snapshotTime,
				index: index++,
				identity,
			});
			if (held) heldMarkers.push(description);
			else yield description;
		}
		const columns = chunk.columns.map((column) => ({
			name: column.name,
			dataTypeID: column.typeOid,
		}));
		const keyColumns = chunk.columns.filter((column) => column.isKey).map((column) => column.name);
		const tableKeptAsText = keptAsText(chunk.table);
		for (const values of chunk.rows) {
			if (held) yield snapshotReadEvent({ ...held, last: false });
			yield* heldMarkers;
			heldMarkers = [];
			held = {
				schema: chunk.table.schema,
				table: chunk.table.table,
				row: textRowToCdcRow(columns, values, valueMode, tableKeptAsText),
				keyColumns,
				consistentLsn,
				snapshotTime,
				index: index++,
				systemId: identity?.systemId,
				timeline: identity?.timeline,
			};
		}
		if (chunk.lastOfTable) {
			const marker = snapshotEndEvent({
				table: chunk.table,
				rows: chunk.rowsSoFar,
				consistentLsn,
				snapshotTime,
				index: index++,
				identity,
			});
			// Nothing held: no row is waiting to learn whether it is the last, so the marker goes at once.
			if (held) heldMarkers.push(marker);
			else yield marker;
		}
	}
	if (held) yield snapshotReadEvent({ ...held, last: true });
	yield* heldMarkers;
}
