import { formatLsn } from '../pgoutput/lsn';
import type { Lsn } from '../pgoutput/messages';
import { convertTextValue, type ValueMode } from '../values/convert';
import type { KeptAsTextReason } from '../values/native';
import { pickKey } from './rows';
import { stampIdentity } from './sourceIdentity';
import type { CdcEvent, CdcRow } from '../changeEvent';

/** A result column as node-postgres describes it (FieldDef has both). */
export interface TextColumn {
	name: string;
	dataTypeID: number;
}

/**
 * Builds a row from values in Postgres text form (e.g. a query run with raw text type parsers),
 * converted exactly like streamed values so snapshot and stream items look the same.
 */
export function textRowToCdcRow(
	columns: readonly TextColumn[],
	values: ReadonlyArray<string | null>,
	mode: ValueMode,
	onKeptAsText?: (column: string, reason: KeptAsTextReason) => void,
): CdcRow {
	const row: CdcRow = {};
	columns.forEach((column, index) => {
		const note =
			onKeptAsText && mode === 'native'
				? (reason: KeptAsTextReason) => onKeptAsText(column.name, reason)
				: undefined;
		const value = convertTextValue(values[index] ?? null, column.dataTypeID, mode, note);
		if (column.name === '__proto__') {
			Object.defineProperty(row, column.name, {
				value,
				enumerable: true,
				writable: true,
				configurable: true,
			});
		} else {
			row[column.name] = value;
		}
	});
	return row;
}

export interface SnapshotRow {
	schema: string;
	table: string;
	row: CdcRow;
	/** Primary key (or replica identity) column names; empty when the table has none. */
	keyColumns: readonly string[];
	/** The slot's consistent point: streaming resumes after it. */
	consistentLsn: Lsn;
	/** When the snapshot was taken. */
	snapshotTime: Date;
	/** Position of the row in the whole snapshot, from 0. */
	index: number;
	/** True for the snapshot's final row (source.snapshot = 'last'). */
	last: boolean;
	/** The source server's system identifier (IDENTIFY_SYSTEM on the slot's server); see CdcSource. */
	systemId?: string;
	/** The source server's timeline; given together with systemId. */
	timeline?: number;
}

/** An `op: 'r'` event for one row read by the initial snapshot. */
export function snapshotReadEvent(input: SnapshotRow): CdcEvent {
	const lsn = formatLsn(input.consistentLsn);
	const event: CdcEvent = {
		op: 'r',
		before: null,
		after: input.row,
		key: pickKey(input.row, input.keyColumns),
		source: {
			lsn,
			commitLsn: lsn,
			txId: null,
			ts_ms: input.snapshotTime.getTime(),
			schema: input.schema,
			table: input.table,
			snapshot: input.last ? 'last' : true,
			eventIndex: input.index,
		},
	};
	if (input.systemId !== undefined && input.timeline !== undefined)
		stampIdentity(event.source, { systemId: input.systemId, timeline: input.timeline });
	return event;
}
