import { changelogLoad, type ChangeEvent, type ChangelogResult } from '../../shared/loads';
import { quoteTable, type TableRef } from '../../shared/redshift/sql/identifiers';
import { groupChangeEvents, type ChangeGroup } from '../helpers/changeEvents';
import { changelogFailure, type TableFailure } from '../helpers/changelogFailure';
import type { SinkRun, TableKeys } from '../helpers/interfaces';
import {
	paired,
	summaryJson,
	type SinkOperationExecute,
	type SinkOutcome,
} from '../helpers/output';
import { loadOptions } from './base';

/** The key columns set for a group's source table (schema.table first, then the bare name), else the list for every table. */
export function keysFor(
	group: Pick<ChangeGroup, 'source' | 'table'>,
	tableKeys: readonly TableKeys[],
	everyTable: readonly string[],
): string[] {
	const name = group.source.table ?? group.table.name;
	const qualified = group.source.schema ? `${group.source.schema}.${name}` : undefined;
	const same = (a: string, b: string | undefined) =>
		b !== undefined && (a === b || a.toLowerCase() === b.toLowerCase());
	const entry =
		tableKeys.find((candidate) => same(candidate.table, qualified)) ??
		tableKeys.find((candidate) => same(candidate.table, name));
	return [...(entry?.keys ?? everyTable)];
}

/** Applies one table's change events exactly once, in any order of batches (positions kept with the rows). */
async function applyToTable(
	run: SinkRun,
	table: TableRef,
	events: ChangeEvent[],
	keys: string[],
): Promise<ChangelogResult> {
	return await changelogLoad({
		...loadOptions(run, table),
		events,
		...(keys.length > 0 ? { keys } : {}),
		missingToast: run.settings.missingToast,
	});
}

/**
 * Apply Changelog: the trigger's items grouped by target table, each table applied in its own
 * transaction, one summary item per table. When any table fails the run fails after the others
 * were applied, whatever the On Error setting (see changelogFailure).
 */
export const execute: SinkOperationExecute = async (context, run, items, toNodeError) => {
	const { settings } = run;
	const { groups } = groupChangeEvents(items, {
		table: settings.table,
		schemaOverride: settings.changelogSchema,
	});
	const outcome: SinkOutcome = { items: [], results: [] };
	const failures: TableFailure[] = [];
	for (const group of groups) {
		try {
			const keys = keysFor(group, settings.tableKeys, settings.keys);
			const result = await applyToTable(run, group.table, group.events, keys);
			outcome.results.push(result);
			outcome.items.push({
				json: summaryJson(result, settings, run.connection.transport),
				pairedItem: paired(group.itemIndexes),
			});
		} catch (error) {
			// The other tables are still applied; the run fails below whatever the error setting.
			failures.push({
				table: quoteTable(group.table),
				error: toNodeError(error, (index) => group.itemIndexes[index] ?? index),
				firstItem: group.itemIndexes[0] ?? 0,
			});
		}
	}
	if (failures.length > 0) throw changelogFailure(context.getNode(), failures, groups.length);
	return outcome;
};
