import type { RelationColumn, RelationMessage, TupleValue } from '../pgoutput/messages';
import { UNCHANGED_TOAST, type CdcRow } from '../changeEvent';
import { convertTupleValue, type CdcValue, type ValueMode } from '../values/convert';
import type { KeptAsTextReason } from '../values/native';

/** Sets a property even when the column is called '__proto__' (which plain assignment would not). */
function setColumn(row: CdcRow, name: string, value: CdcValue): void {
	if (name === '__proto__') {
		Object.defineProperty(row, name, {
			value,
			enumerable: true,
			writable: true,
			configurable: true,
		});
	} else {
		row[name] = value;
	}
}

function checkWidth(relation: RelationMessage, tuple: TupleValue[]): void {
	if (tuple.length !== relation.columns.length) {
		throw new Error(
			`A change for ${relation.schema}.${relation.name} has ${tuple.length} column(s) but its Relation message has ` +
				`${relation.columns.length}: the relation definition is out of date; restart the stream.`,
		);
	}
}

/** Hears which column of which table had a value native mode kept as text, and why. */
export type ColumnKeptAsText = (
	relation: RelationMessage,
	column: string,
	reason: KeptAsTextReason,
) => void;

/** All columns of a tuple, or only those `include` accepts. */
export function tupleToRow(
	relation: RelationMessage,
	tuple: TupleValue[],
	mode: ValueMode,
	include?: (column: RelationColumn) => boolean,
	onKeptAsText?: ColumnKeptAsText,
): CdcRow {
	checkWidth(relation, tuple);
	const row: CdcRow = {};
	relation.columns.forEach((column, index) => {
		if (include === undefined || include(column)) {
			// A listener per column only when someone listens (native mode): text mode allocates nothing.
			const note =
				onKeptAsText && mode === 'native'
					? (reason: KeptAsTextReason) => onKeptAsText(relation, column.name, reason)
					: undefined;
			setColumn(row, column.name, convertTupleValue(tuple[index], column.typeOid, mode, note));
		}
	});
	return row;
}

/** The key columns of a row already built; null when there are none. */
export function pickKey(row: CdcRow, keyColumns: readonly string[]): CdcRow | null {
	if (keyColumns.length === 0) return null;
	const key: CdcRow = {};
	for (const name of keyColumns) setColumn(key, name, row[name] ?? null);
	return key;
}

/**
 * Replaces unchanged-TOAST placeholders in `after` with the old value when `before` is a full row
 * (REPLICA IDENTITY FULL): the value did not change, so the old one is the current one.
 * Returns the columns that stay unknown.
 */
export function fillUnchangedToast(after: CdcRow, before: CdcRow | null): string[] {
	const unknown: string[] = [];
	for (const name of Object.keys(after)) {
		if (after[name] !== UNCHANGED_TOAST) continue;
		const old =
			before !== null && Object.prototype.hasOwnProperty.call(before, name)
				? before[name]
				: UNCHANGED_TOAST;
		if (old === UNCHANGED_TOAST) unknown.push(name);
		else setColumn(after, name, old);
	}
	return unknown;
}
