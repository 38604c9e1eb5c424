import { changelogLoad, type ChangeEvent, type ChangelogResult } from '../../shared/loads';
import type { TableRef } from '../../shared/redshift/sql/identifiers';
import type { ChangeGroup } from '../helpers/changeEvents';
import type { SinkRun, TableKeys } from '../helpers/interfaces';
import { fillOf, loadBase } from './base';

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
export async function execute(
	run: SinkRun,
	table: TableRef,
	events: ChangeEvent[],
	keys: string[],
): Promise<ChangelogResult> {
	return await changelogLoad({
		...loadBase(run, table),
		events,
		...fillOf(run),
		...(keys.length > 0 ? { keys } : {}),
		missingToast: run.settings.missingToast,
	});
}
