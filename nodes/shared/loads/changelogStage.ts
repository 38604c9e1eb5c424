import { isRowChangeOp, UNCHANGED_TOAST } from '../cdc/changeEvent';
import { CHANGELOG_COLUMNS, oldKeyColumn } from '../redshift/sql/changelog';
import { normalizeIdentifier } from '../redshift/sql/identifiers';
import { ItemValueError } from './errors';
import { ItemShaper } from './itemColumns';
import type { TableColumn } from './targetTable';
import type { LoadItem } from './types';
import type { ChangeEvent, ChangelogOptions } from './changelog';

export interface StagedChange {
	row: LoadItem;
	eventIndex: number;
}

/** A staged change whose unchanged TOAST value must come from the target row it replaces. */
export interface TableFill {
	eventIndex: number;
	/** The key whose row holds the value: the old key after a key change. */
	key: LoadItem;
	position: bigint;
	columns: string[];
}

export function rowOf(event: ChangeEvent): LoadItem | null | undefined {
	return event.op === 'd' ? (event.before ?? event.key) : event.after;
}

/** The key before an update, when the update changed it (Postgres then sends the old key in `before`). */
function movedKey(
	event: ChangeEvent,
	row: LoadItem,
	keys: readonly string[],
	shaper: ItemShaper,
	index: number,
): LoadItem | undefined {
	if (!event.before || typeof event.before !== 'object') return undefined;
	const before = shaper.shape(event.before, index);
	if (keys.some((name) => before[name] === null || before[name] === undefined)) return undefined;
	if (keys.every((name) => JSON.stringify(before[name]) === JSON.stringify(row[name])))
		return undefined;
	return Object.fromEntries(keys.map((name) => [name, before[name]]));
}

interface Latest {
	row: LoadItem;
	unchanged: readonly string[];
	deleted: boolean;
	/** Where the row's pending TOAST values come from: a row under another key, as it was before this position. */
	fillFrom?: FillSource;
}

interface FillSource {
	key: LoadItem;
	before: bigint;
}

/**
 * The rows to stage, one per data event at or above the floor, in position order: the row after the
 * change (the key before it for deletes), its operation, position and which columns kept an unchanged
 * TOAST value. Such a value is taken from an earlier change of the same row in the batch when there is
 * one (an insert and a later update fold into one row), else from the target row during the apply:
 * the row under the old key when the update changed the key (its old key is staged with it).
 */
export function stageChanges(
	events: readonly ChangeEvent[],
	order: readonly number[],
	positions: readonly bigint[],
	table: readonly TableColumn[],
	keys: readonly string[],
	options: ChangelogOptions,
	quoted: string,
) {
	const shaper = new ItemShaper(
		table,
		table,
		{
			...options,
			countNewlines: options.writeMode !== 'insert' && (options.staging?.format ?? 'csv') === 'csv',
		},
		quoted,
	);
	const changes: StagedChange[] = [];
	const columns = new Set<string>();
	const unchangedColumns = new Set<string>();
	const tableFills: TableFill[] = [];
	const latest = new Map<string, Latest>();
	const identityOf = (row: LoadItem) => JSON.stringify(keys.map((name) => row[name]));
	let movedKeys = false;
	for (const index of order) {
		const event = events[index];
		if (!isRowChangeOp(event.op)) continue;
		const source = rowOf(event);
		if (!source || typeof source !== 'object') {
			throw new ItemValueError(
				`Item ${index}: the ${event.op === 'd' ? 'delete has no before row or key' : 'change has no after row'}.`,
				index,
				event.op === 'd' ? 'before' : 'after',
			);
		}
		const row = shaper.shape(source, index);
		for (const name of keys) {
			if (row[name] === null || row[name] === undefined) {
				throw new ItemValueError(
					`Item ${index}: the key column "${name}" is empty; a changelog matches rows by key.`,
					index,
					name,
				);
			}
		}
		const identity = identityOf(row);
		const previousKey = event.op === 'u' ? movedKey(event, row, keys, shaper, index) : undefined;
		// The row this change replaces: under the old key after a key change.
		const replaced = latest.get(previousKey ? identityOf(previousKey) : identity);
		if (previousKey) {
			// An update that changed the key: the row under the old key goes (and is tombstoned).
			movedKeys = true;
			latest.set(identityOf(previousKey), { row: previousKey, unchanged: [], deleted: true });
			changes.push({
				row: {
					...previousKey,
					[CHANGELOG_COLUMNS.operation]: 'd',
					[CHANGELOG_COLUMNS.position]: positions[index],
					[CHANGELOG_COLUMNS.unchanged]: null,
					[CHANGELOG_COLUMNS.toast]: null,
				},
				eventIndex: index,
			});
		}
		const unchanged: string[] = [];
		const named = (event.unchangedToastColumns ?? []).map((name) =>
			normalizeIdentifier(name, options),
		);
		for (const name of new Set([
			...Object.keys(row).filter((column) => row[column] === UNCHANGED_TOAST),
			...named,
		])) {
			if (row[name] !== undefined && row[name] !== UNCHANGED_TOAST) continue;
			if (
				replaced &&
				!replaced.deleted &&
				replaced.row[name] !== undefined &&
				!replaced.unchanged.includes(name)
			) {
				row[name] = replaced.row[name];
			} else {
				row[name] = null;
				unchanged.push(name);
				unchangedColumns.add(name);
			}
		}
		// A value still pending in the row this one replaces comes from where that row's does: after a
		// key change earlier in the batch, the old key's row as it was before the key change.
		let fillFrom: FillSource | undefined;
		if (unchanged.length > 0) {
			const inherited =
				replaced &&
				!replaced.deleted &&
				unchanged.some((name) => replaced.unchanged.includes(name));
			if (inherited && replaced.fillFrom) fillFrom = replaced.fillFrom;
			else if (previousKey) fillFrom = { key: previousKey, before: positions[index] };
		}
		if (fillFrom) movedKeys = true;
		if (unchanged.length > 0)
			tableFills.push({
				eventIndex: index,
				key: fillFrom?.key ?? Object.fromEntries(keys.map((name) => [name, row[name]])),
				position: positions[index],
				columns: unchanged,
			});
		if (event.op !== 'd') for (const name of Object.keys(row)) columns.add(name);
		latest.set(identity, { row, unchanged, deleted: event.op === 'd', fillFrom });
		const fillSource =
			fillFrom ?? (previousKey ? { key: previousKey, before: positions[index] } : undefined);
		changes.push({
			row: {
				...row,
				...(fillSource
					? {
							...Object.fromEntries(
								keys.map((name, at) => [oldKeyColumn(at), fillSource.key[name]]),
							),
							[CHANGELOG_COLUMNS.fillBefore]: fillSource.before,
						}
					: {}),
				[CHANGELOG_COLUMNS.operation]: event.op,
				[CHANGELOG_COLUMNS.position]: positions[index],
				[CHANGELOG_COLUMNS.unchanged]: unchanged.length > 0 ? `,${unchanged.join(',')},` : null,
				[CHANGELOG_COLUMNS.toast]: unchanged.length > 0 ? `,${unchanged.join(',')},` : null,
			},
			eventIndex: index,
		});
	}
	if (movedKeys) {
		for (const change of changes) {
			keys.forEach((_, at) => (change.row[oldKeyColumn(at)] ??= null));
			change.row[CHANGELOG_COLUMNS.fillBefore] ??= null;
		}
	}
	for (const name of unchangedColumns) columns.add(name);
	return {
		changes,
		columns,
		unchangedColumns,
		tableFills,
		movedKeys,
		extraLines: shaper.extraLines,
	};
}
