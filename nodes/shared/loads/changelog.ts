import { buildDropTable } from '../redshift/sql/createTable';
import { normalizeIdentifier, quoteTable, tableKey } from '../redshift/sql/identifiers';
import { changePosition, EVENTS_PER_COMMIT } from './changePosition';
import {
	buildCreateChangelogStage,
	CHANGELOG_COLUMNS,
	oldKeyColumn,
	ROW_POSITION_COLUMN,
	ROW_POSITION_TYPE,
} from '../redshift/sql/changelog';
import { buildChangelogApply, buildLockTarget } from '../redshift/sql/changelogApply';
import type { SqlRow, SqlStatement } from '../redshift/connection/types';
import { changelogSetup, checkSourceServer, ddlType, sourceServerOf } from './changelogSetup';
import { rowOf, stageChanges } from './changelogStage';
import { isChangeOp, isRowChangeOp, type ReceivedChangeEvent } from '../cdc/changeEvent';
import { isMissingToast, missingToastError } from './changelogToast';
import { ItemValueError, LoadSetupError } from './errors';
import { stagingColumns } from './itemColumns';
import { planNewTable } from './newTable';
import {
	describedColumns,
	evolutionWarnings,
	planEvolution,
	type EvolutionPlan,
	type SchemaDescription,
} from './schemaEvolution';
import { runStagedLoad } from './stagedLoad';
import { describeTable, type TableColumn } from './targetTable';
import { helperTableName } from './tempNames';
import type { LoadResult, StagedLoadOptions } from './types';

export { UNCHANGED_TOAST } from '../cdc/changeEvent';

/**
 * A change event as the Postgres CDC Trigger emits it, as a Sink receives it (the one change-event
 * contract): c insert, u update, d delete, r snapshot read, t truncate, m message (ignored), schema
 * (the table's columns after the change) and snapshotEnd (the table's snapshot at
 * source.commitLsn is complete).
 */
export type ChangeEvent = ReceivedChangeEvent<SchemaDescription>;

export interface ChangelogOptions extends Omit<StagedLoadOptions, 'items' | 'fields'> {
	events: Iterable<ChangeEvent> | AsyncIterable<ChangeEvent>;
	/** Key columns; default: the events' key (their `key` fields or the schema event's key columns). */
	keys?: string[];
	/** Days a delete's tombstone is kept (default 14, n8n's default execution retention). */
	tombstoneDays?: number;
	/**
	 * An update that left a TOASTed value unchanged when the target has no row to take it from (e.g.
	 * after *Changes From Now*): fail naming table, key and column (default, nothing is written), or
	 * write NULL and report each such change in the result's warnings.
	 */
	missingToast?: 'fail' | 'null';
	/** The clock (tests). */
	now?: () => Date;
}

export interface ChangelogResult extends LoadResult {
	/** Data events in the batch (those a newer change already superseded included). */
	changes: number;
	/** The highest position in this batch (commit LSN × 2^32 + event index). */
	position: string;
	columnsAdded: string[];
}

/** Tombstones outlive any run n8n can still retry by default (executions are pruned after 14 days). */
export const DEFAULT_TOMBSTONE_DAYS = 14;

/**
 * Applies insert/update/delete events to a table exactly once and in any order of batches: each
 * target row keeps the position of the change that wrote it (column _n8n_cdc_position), deletes leave
 * tombstones beside the table, and a change applies only over an older position, so batches may
 * arrive late, twice or in part. A truncate, and a completed snapshot (op snapshotEnd), remove the
 * rows written before them. Columns that schema events add are added to the table first (ALTER TABLE
 * ADD COLUMN, each on its own); columns are never dropped.
 */
export async function changelogLoad(options: ChangelogOptions): Promise<ChangelogResult> {
	const events: ChangeEvent[] = [];
	for await (const event of options.events) events.push(event);
	const key = tableKey(options.table, options);
	const quoted = quoteTable(options.table, options);
	const positions = events.map((event, index) => {
		if (!event || !isChangeOp(event.op)) {
			throw new ItemValueError(
				`Item ${index}: ${JSON.stringify(event?.op)} is not a change operation (c, u, d, r, t, m, schema, snapshotEnd).`,
				index,
				'op',
			);
		}
		return changePosition(event.source, index);
	});
	const server = sourceServerOf(events, quoted);
	// Stable: events that share a position keep their order.
	const order = events
		.map((_, index) => index)
		.sort((a, b) => (positions[a] < positions[b] ? -1 : positions[a] > positions[b] ? 1 : a - b));
	const floor = floorOf(events, positions);
	const live = order.filter(
		(index) =>
			isRowChangeOp(events[index].op) && (floor === undefined || positions[index] >= floor),
	);

	const described = describedColumns(events, options);
	let table = await describeTable(options.connection, options.table, options);
	const existed = table !== undefined;
	let createStatements: string[] = [];
	const columnsAdded: string[] = [];
	const schemaWarnings: string[] = [];
	let evolution: EvolutionPlan | undefined;
	if (!table) {
		if (!options.createIfMissing) {
			throw new LoadSetupError(
				`The table ${quoted} does not exist. Create it first, or turn on creating the table when it is missing.`,
			);
		}
		const spec = options.createIfMissing === true ? {} : { ...options.createIfMissing };
		if (!spec.columns?.length && described.size > 0) {
			spec.columns = [...described.values()].map(({ name, type }) => ({ name, type }));
		}
		if (!spec.columns?.length) requireDescription(events, quoted);
		const rows = live.map((index) => rowOf(events[index]) ?? {});
		const plan = planNewTable(options.table, spec, rows, {
			...options,
			extraColumns: [{ name: ROW_POSITION_COLUMN, type: ROW_POSITION_TYPE, nullable: true }],
		});
		table = plan.columns;
		createStatements = plan.statements;
	} else {
		evolution = planEvolution(events, table, options.table, quoted, options);
		schemaWarnings.push(...evolution.warnings);
		// Values are checked against the widened lengths: the widening runs before the load.
		for (const column of table) {
			const length = evolution.widened.get(column.name);
			if (length !== undefined) column.type = { name: 'VARCHAR', length };
		}
		table.push(...evolution.added);
		columnsAdded.push(...evolution.added.map((column) => column.name));
	}
	const allColumns = table;
	const sourceColumns = table.filter((column) => column.name !== ROW_POSITION_COLUMN);
	const keys =
		live.length > 0
			? requireKeys(
					(options.keys ?? eventKeys(events)).map((name) => normalizeIdentifier(name, options)),
					sourceColumns,
					quoted,
				)
			: [];

	const staged = stageChanges(events, live, positions, sourceColumns, keys, options, quoted);
	const columns = sourceColumns.filter(
		(column) => staged.columns.has(column.name) || keys.includes(column.name),
	);
	const keyColumns = keys.map(
		(name) => sourceColumns.find((column) => column.name === name) as TableColumn,
	);
	const batchPosition = positions
		.reduce((max, position) => (position > max ? position : max), 0n)
		.toString();
	const setup = await changelogSetup(
		options.connection,
		options.table,
		{ exists: existed, columns: allColumns },
		keys,
		options,
	);
	await checkSourceServer(options.connection, options.table, server, setup.stateExists, options);
	const now = options.now?.() ?? new Date();
	const pruneBefore = new Date(
		now.getTime() - (options.tombstoneDays ?? DEFAULT_TOMBSTONE_DAYS) * 86_400_000,
	);

	let nulled: SqlRow[] = [];
	try {
		const result = await runStagedLoad(
			{ ...options, items: [] },
			{
				action: 'changelog',
				tableKey: key,
				quotedTable: quoted,
				tableCreated: createStatements.length > 0,
				rows: staged.changes.map((change) => change.row),
				columns: [
					...stagingColumns(columns),
					// Typed, for Parquet staging.
					{ name: CHANGELOG_COLUMNS.operation, type: { name: 'VARCHAR', length: 1 } },
					{ name: CHANGELOG_COLUMNS.position, type: ROW_POSITION_TYPE },
					{ name: CHANGELOG_COLUMNS.unchanged, type: { name: 'VARCHAR', length: 65535 } },
					{ name: CHANGELOG_COLUMNS.toast, type: { name: 'VARCHAR', length: 65535 } },
					...(staged.movedKeys
						? [
								...keyColumns.map((column, at) => ({ name: oldKeyColumn(at), type: column.type })),
								{ name: CHANGELOG_COLUMNS.fillBefore, type: ROW_POSITION_TYPE },
							]
						: []),
				],
				ordinalColumn: CHANGELOG_COLUMNS.ordinal,
				rowsAre: 'data changes',
				itemIndexOfRow: (row) => staged.changes[row]?.eventIndex,
				extraLines: staged.extraLines,
				before: () => [...(evolution?.statements ?? []), ...setup.before],
				oneTransactionBecause:
					'the changes and the position that marks them applied commit together; its staging table lives only inside it',
				...(staged.unchangedColumns.size > 0
					? {
							dataApiAlternative: `set REPLICA IDENTITY FULL on the source table so that PostgreSQL sends the values of the ${staged.unchangedColumns.size} column(s) with an unchanged TOAST value (each is filled from the table, a few statements per column)`,
						}
					: {}),
				transaction: (copyInto, files) => {
					const statements: SqlStatement[] = existed
						? [buildLockTarget(options.table, options)]
						: [];
					statements.push(...createStatements.map((text) => ({ text })));
					const hasRows = files.rowCount > 0;
					const stage = helperTableName(options.table.name, 'changes', files.runId, options);
					if (hasRows) {
						const oldKeyTypes = staged.movedKeys ? keyColumns.map(ddlType) : [];
						statements.push(
							{
								text: buildCreateChangelogStage(stage, options.table, { ...options, oldKeyTypes }),
							},
							...copyInto({ name: stage }),
						);
					}
					const apply = buildChangelogApply({
						...options,
						target: options.table,
						stage: hasRows ? stage : undefined,
						keys,
						columns: columns.map((column) => column.name),
						batchPosition,
						floorPosition: floor,
						unchangedColumns: [...staged.unchangedColumns],
						movedKeys: staged.movedKeys,
						tombstones: setup.tombstones,
						fills: setup.fills,
						lateColumns: setup.filledColumns.filter((name) =>
							columns.some((column) => column.name === name),
						),
						checkTable: helperTableName(options.table.name, 'toast', files.runId, options),
						missingToast: options.missingToast ?? 'fail',
						now,
						pruneBefore,
						source: server,
					});
					const insertAt = apply.insertAt < 0 ? -1 : statements.length + apply.insertAt;
					const missingAt = apply.missingAt < 0 ? -1 : statements.length + apply.missingAt;
					statements.push(...apply.statements);
					if (hasRows) statements.push({ text: buildDropTable({ name: stage }, options) });
					return {
						statements,
						rowsLoaded: (results) => {
							// The committed results also tell which unchanged TOAST values were written as NULL.
							if (missingAt >= 0) nulled = results[missingAt]?.rows ?? [];
							return insertAt >= 0 ? (results[insertAt]?.rowCount ?? 0) : 0;
						},
					};
				},
			},
		);
		if (evolution) {
			schemaWarnings.push(
				...(await evolutionWarnings(options.connection, evolution, options.table, quoted, options)),
			);
		}
		result.warnings.push(...schemaWarnings, ...nulledWarnings(nulled, keys, quoted));
		return { ...result, changes: staged.changes.length, position: batchPosition, columnsAdded };
	} catch (error) {
		if (isMissingToast(error))
			throw await missingToastError(options.connection, options.table, staged.tableFills, options);
		throw error;
	}
}

/**
 * The batch's floor: changes below it are gone. A truncate removes what came before it; a completed
 * snapshot (taken at commit LSN S) removes what was written before its first row (S × 2^32), i.e. rows
 * an interrupted earlier snapshot or stream wrote that the source deleted meanwhile.
 */
function floorOf(events: readonly ChangeEvent[], positions: readonly bigint[]): bigint | undefined {
	let floor: bigint | undefined;
	events.forEach((event, index) => {
		let at: bigint | undefined;
		if (event.op === 't') at = positions[index];
		else if (event.op === 'snapshotEnd')
			at = (positions[index] / EVENTS_PER_COMMIT) * EVENTS_PER_COMMIT;
		if (at !== undefined && (floor === undefined || at > floor)) floor = at;
	});
	return floor;
}

/** One warning per change whose unchanged TOAST values were written as NULL (missingToast 'null'). */
function nulledWarnings(
	rows: readonly SqlRow[],
	keys: readonly string[],
	quoted: string,
): string[] {
	return rows.map((row) => {
		const key = JSON.stringify(Object.fromEntries(keys.map((name) => [name, row[name]])));
		const columns = String(row.columns ?? '')
			.split(',')
			.filter((name) => name !== '');
		return `${quoted}: the change of key ${key} left ${columns.map((name) => `"${name}"`).join(', ')} unchanged (TOAST) and no row held the value; written as NULL, as Unchanged TOAST Without a Row says.`;
	});
}

/** Keys are needed only when there are rows to apply; a table without any gets an error that says how to add one. */
function requireKeys(keys: string[], table: readonly TableColumn[], quoted: string): string[] {
	if (keys.length === 0) {
		throw new LoadSetupError(
			`${quoted} has changes to apply but no key columns: the events carry no key (the source table has neither a primary key nor a replica identity index). ` +
				'Add a primary key to the table in PostgreSQL, or set Key Columns for this table in the Apply Changelog options.',
		);
	}
	const known = new Set(table.map((column) => column.name));
	for (const name of keys) {
		if (!known.has(name))
			throw new LoadSetupError(`The key column "${name}" is not a column of ${quoted}.`, name);
	}
	return keys;
}

/**
 * A table created from trigger changes needs the source's column types: text values cannot tell
 * numeric(12,5) from numeric(12,2) nor a zip code from a number. Items without the trigger's
 * positions (no source.lsn) keep inferring from values.
 */
function requireDescription(events: readonly ChangeEvent[], quoted: string): void {
	const fromTrigger = events.some(
		(event) =>
			isRowChangeOp(event.op) && event.source?.lsn !== undefined && event.source.lsn !== null,
	);
	if (!fromTrigger) return;
	throw new LoadSetupError(
		`The table ${quoted} does not exist and this batch holds no description of its columns (an item with op 'schema'), so its column types are unknown; ` +
			`guessing them from text values would round decimals and drop leading zeros. The Postgres CDC Trigger sends a description before each table's first change in every session: ` +
			`do not filter op 'schema' items out before this node (and keep them in the same batch as the changes). Or create the table yourself, or give the columns to create.`,
	);
}

/** The key the row events carry; a schema event's key columns only when no row event has one. */
function eventKeys(events: readonly ChangeEvent[]): string[] {
	for (const event of events) {
		if (event.key && Object.keys(event.key).length > 0) return Object.keys(event.key);
	}
	for (const event of events) {
		const keyed = event.schemaChange?.columns?.filter((column) => column.isKey) ?? [];
		if (keyed.length > 0) return keyed.map((column) => column.name);
	}
	return [];
}
