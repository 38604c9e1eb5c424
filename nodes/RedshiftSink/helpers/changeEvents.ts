import type { INodeExecutionData } from 'n8n-workflow';

import type { ChangeEvent } from '../../shared/loads';
import { ItemValueError } from '../../shared/loads';
import { CHANGE_OPS, isChangeOp } from '../../shared/cdc/changeEvent';
import type { TableRef } from '../../shared/redshift/sql/identifiers';

/** The events bound for one table, and which input item each came from. */
export interface ChangeGroup {
	table: TableRef;
	/** The source table the events name (schema and table), for per-table settings. */
	source: { schema?: string; table?: string };
	events: ChangeEvent[];
	itemIndexes: number[];
}

/**
 * Groups the Postgres CDC Trigger's items by target table, in input order: the event's own
 * source table (optionally in another schema), or one fixed table. Logical messages (op m) carry
 * no row and are skipped, and so is a completed snapshot's marker (op snapshotEnd) bound for one fixed
 * table: it removes rows written before that snapshot, which in a shared table are other source
 * tables' rows too.
 */
export function groupChangeEvents(
	items: readonly INodeExecutionData[],
	target: { table?: TableRef; schemaOverride?: string },
): { groups: ChangeGroup[]; skipped: number } {
	const groups = new Map<string, ChangeGroup>();
	let skipped = 0;
	items.forEach((item, index) => {
		const event = item.json as unknown as ChangeEvent & {
			source?: { schema?: string | null; table?: string | null };
		};
		if (!event || typeof event !== 'object' || !isChangeOp(event.op)) {
			throw new ItemValueError(
				`Item ${index}: ${JSON.stringify((event as { op?: unknown })?.op ?? null)} is not a change operation; Apply Changelog takes the Postgres CDC Trigger's items (op ${CHANGE_OPS.join(', ')}) unchanged.`,
				index,
				'op',
			);
		}
		if (event.op === 'm' || (event.op === 'snapshotEnd' && target.table)) {
			skipped++;
			return;
		}
		let table = target.table;
		if (!table) {
			const name = event.source?.table;
			if (!name) {
				throw new ItemValueError(
					`Item ${index}: the change has no source.table; choose "One Table" as the target table, or pass the trigger's items unchanged.`,
					index,
					'source.table',
				);
			}
			table = { schema: target.schemaOverride || event.source?.schema || undefined, name };
		}
		const key = JSON.stringify([table.schema ?? null, table.name]);
		let group = groups.get(key);
		if (!group) {
			const source = {
				schema: event.source?.schema ?? undefined,
				table: event.source?.table ?? undefined,
			};
			groups.set(key, (group = { table, source, events: [], itemIndexes: [] }));
		}
		group.events.push(event);
		group.itemIndexes.push(index);
	});
	return { groups: [...groups.values()], skipped };
}
