import type { SqlStatement } from '../redshift/connection/types';
import { buildDropTable } from '../redshift/sql/createTable';
import { normalizeIdentifier, quoteTable, tableKey } from '../redshift/sql/identifiers';
import { changePosition, type ChangeSource } from './changePosition';
import { buildAddColumn } from '../redshift/sql/addColumn';
import {
	buildChangelogApply,
	buildCreateChangelogStage,
	buildCreatePositionsTable,
	CHANGELOG_COLUMNS,
} from '../redshift/sql/changelog';
import { ItemValueError, LoadSetupError } from './errors';
import { ItemShaper, stagingColumns } from './itemColumns';
import { planNewTable } from './newTable';
import { redshiftTypeForPostgres } from './postgresTypes';
import { runStagedLoad } from './stagedLoad';
import { describeTable, type TableColumn } from './targetTable';
import { helperTableName } from './tempNames';
import type { LoadBaseOptions, LoadItem, LoadResult, StagedLoadOptions } from './types';
import type { ColumnType } from '../redshift/sql/columnTypes';

/** A change event as the Postgres CDC Trigger emits it (only the fields a changelog needs). */
export interface ChangeEvent {
	/** c insert, u update, d delete, r snapshot read, t truncate, m message (ignored), schema. */
	op: 'c' | 'u' | 'd' | 'r' | 't' | 'm' | 'schema';
	before?: LoadItem | null;
	after?: LoadItem | null;
	/** The replica identity (key) columns and values. */
	key?: LoadItem | null;
	source: ChangeSource;
	/** Columns of an update whose (TOASTed) value did not change and was not sent. */
	unchangedToastColumns?: string[];
	/** op 'schema': the table's columns after the change, with PostgreSQL types as format_type prints them. */
	schemaChange?: {
		columns: { name: string; formattedType: string; isKey?: boolean }[];
		droppedColumns?: { name: string }[];
		retypedColumns?: { name: string }[];
		renamedColumns?: { from: string; to: string }[];
	};
}

export interface ChangelogOptions extends Omit<StagedLoadOptions, 'items' | 'fields'> {
	events: Iterable<ChangeEvent> | AsyncIterable<ChangeEvent>;
	/** Key columns; default: the events' replica identity (their `key` fields or the schema event's key columns). */
	keys?: string[];
}

export interface ChangelogResult extends LoadResult {
	/** Data events in the batch, and those at or below the recorded position (skipped). */
	changes: number;
	/** The position recorded for the table after this batch (commit LSN × 2^32 + event index). */
	position: string;
	columnsAdded: string[];
}

const DATA_OPS = new Set(['c', 'u', 'd', 'r']);
const KNOWN_OPS = new Set(['c', 'u', 'd', 'r', 't', 'm', 'schema']);
const UNCHANGED_TOAST = '__n8n_unchanged_toast__';

interface StagedChange {
	row: LoadItem;
	eventIndex: number;
}

/**
 * Applies insert/update/delete events to a table exactly once: in position order, the last change
 * per key wins, deletes remove the row, and the batch's position is recorded in the same
 * transaction, so replaying a batch changes nothing. Columns that schema events add are added to
 * the table first (ALTER TABLE ADD COLUMN, each on its own); columns are never dropped.
 */
export async function changelogLoad(options: ChangelogOptions): Promise<ChangelogResult> {
	const events: ChangeEvent[] = [];
	for await (const event of options.events) events.push(event);
	const key = tableKey(options.table, options);
	const quoted = quoteTable(options.table, options);
	const positions = events.map((event, index) => {
		if (!event || !KNOWN_OPS.has(event.op)) {
			throw new ItemValueError(`Item ${index}: ${JSON.stringify(event?.op)} is not a change operation (c, u, d, r, t, m, schema).`, index, 'op');
		}
		return changePosition(event.source, index);
	});
	// Stable: events that share a position keep their order.
	const order = events.map((_, index) => index).sort((a, b) => (positions[a] < positions[b] ? -1 : positions[a] > positions[b] ? 1 : a - b));

	const wantedColumns = schemaColumns(events, options);
	const schemaWarnings = schemaChangeWarnings(events, quoted);
	let table = await describeTable(options.connection, options.table, options);
	let createStatements: string[] = [];
	const before: SqlStatement[] = [];
	const columnsAdded: string[] = [];
	if (!table) {
		if (!options.createIfMissing) {
			throw new LoadSetupError(`The table ${quoted} does not exist. Create it first, or turn on creating the table when it is missing.`);
		}
		const spec = options.createIfMissing === true ? {} : { ...options.createIfMissing };
		if (!spec.columns?.length && wantedColumns.size > 0) {
			spec.columns = [...wantedColumns].map(([name, type]) => ({ name, type }));
		}
		const rows = events.filter((event) => DATA_OPS.has(event.op)).map((event) => rowOf(event) ?? {});
		const plan = planNewTable(options.table, spec, rows, options);
		table = plan.columns;
		createStatements = plan.statements;
	} else {
		const existing = new Set(table.map((column) => column.name));
		for (const [name, type] of wantedColumns) {
			if (existing.has(name)) continue;
			before.push({ text: buildAddColumn(options.table, name, type, options) });
			table.push({ name, type, typeName: type.name.toLowerCase(), nullable: true });
			columnsAdded.push(name);
		}
	}
	const keys = (options.keys ?? eventKeys(events)).map((name) => normalizeIdentifier(name, options));
	if (keys.length === 0) {
		throw new LoadSetupError('A changelog needs key columns: give them, or send events with their replica identity (key).');
	}
	const known = new Set(table.map((column) => column.name));
	for (const name of keys) {
		if (!known.has(name)) throw new LoadSetupError(`The key column "${name}" is not a column of ${quoted}.`, name);
	}

	// A truncate makes every earlier change of the batch moot.
	let truncateAt = -1;
	order.forEach((index, sorted) => {
		if (events[index].op === 't') truncateAt = sorted;
	});
	const staged = stageChanges(events, order.slice(truncateAt + 1), positions, table, keys, options, quoted);
	const columns = table.filter((column) => staged.columns.has(column.name) || keys.includes(column.name));
	const batchPosition = positions.reduce((max, position) => (position > max ? position : max), 0n).toString();
	const truncatePosition = truncateAt >= 0 ? positions[order[truncateAt]].toString() : undefined;

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
				{ name: CHANGELOG_COLUMNS.operation },
				{ name: CHANGELOG_COLUMNS.position },
				{ name: CHANGELOG_COLUMNS.unchanged },
			],
			ordinalColumn: CHANGELOG_COLUMNS.ordinal,
			rowsAre: 'data changes',
			itemIndexOfRow: (row) => staged.changes[row]?.eventIndex,
			extraLines: staged.extraLines,
			before: () => [...before, { text: buildCreatePositionsTable(options.table, options) }],
			transaction: (copyInto, files) => {
				const statements: SqlStatement[] = createStatements.map((text) => ({ text }));
				const hasRows = files.rowCount > 0;
				const stage = helperTableName(options.table.name, 'changes', files.runId, options);
				if (hasRows) statements.push({ text: buildCreateChangelogStage(stage, options.table, options) }, ...copyInto({ name: stage }));
				const applyAt = statements.length;
				const apply = buildChangelogApply({
					...options,
					target: options.table,
					stage,
					keys,
					columns: columns.map((column) => column.name),
					batchPosition,
					truncatePosition,
					unchangedColumns: [...staged.unchangedColumns],
					staged: hasRows,
				});
				statements.push(...apply);
				if (hasRows) statements.push({ text: buildDropTable({ name: stage }, options) });
				// The INSERT of surviving changes is the 4th-from-last apply statement (before the two position statements).
				const insertAt = applyAt + apply.length - 3;
				return { statements, rowsLoaded: (results) => (hasRows ? (results[insertAt]?.rowCount ?? 0) : 0) };
			},
		},
	);
	result.warnings.push(...schemaWarnings);
	return { ...result, changes: staged.changes.length, position: batchPosition, columnsAdded };
}

function rowOf(event: ChangeEvent): LoadItem | null | undefined {
	return event.op === 'd' ? (event.before ?? event.key) : event.after;
}

/** Columns the schema events name, with the Redshift type that holds them (latest event wins). */
function schemaColumns(events: readonly ChangeEvent[], options: LoadBaseOptions): Map<string, ColumnType> {
	const columns = new Map<string, ColumnType>();
	for (const event of events) {
		if (event.op !== 'schema' || !event.schemaChange) continue;
		for (const column of event.schemaChange.columns ?? []) {
			columns.set(normalizeIdentifier(column.name, options), redshiftTypeForPostgres(column.formattedType));
		}
	}
	return columns;
}

/**
 * What schema events ask for that a changelog never does on its own: dropping a column would
 * lose its data, and retyping or renaming needs a decision. They are reported, the data kept.
 */
function schemaChangeWarnings(events: readonly ChangeEvent[], quoted: string): string[] {
	const warnings: string[] = [];
	for (const event of events) {
		const change = event.schemaChange;
		if (event.op !== 'schema' || !change) continue;
		for (const column of change.droppedColumns ?? []) {
			warnings.push(`The source dropped column "${column.name}"; ${quoted} keeps it (new rows get NULL). Drop it yourself if the data is no longer needed.`);
		}
		for (const column of change.retypedColumns ?? []) {
			warnings.push(`The source changed the type of column "${column.name}"; ${quoted} keeps its type. Values that no longer fit will fail the load with their item and column.`);
		}
		for (const renamed of change.renamedColumns ?? []) {
			warnings.push(`The source renamed column "${renamed.from}" to "${renamed.to}"; ${quoted} keeps "${renamed.from}" with its data and gets "${renamed.to}" for new values.`);
		}
	}
	return warnings;
}

/** The key before an update, when the update changed it (Postgres then sends the old key in `before`). */
function movedKey(event: ChangeEvent, row: LoadItem, keys: readonly string[], shaper: ItemShaper, index: number): LoadItem | undefined {
	if (!event.before || typeof event.before !== 'object') return undefined;
	const before = shaper.shape(event.before, index);
	if (keys.some((name) => before[name] === null || before[name] === undefined)) return undefined;
	if (keys.every((name) => JSON.stringify(before[name]) === JSON.stringify(row[name]))) return undefined;
	return Object.fromEntries(keys.map((name) => [name, before[name]]));
}

function eventKeys(events: readonly ChangeEvent[]): string[] {
	for (const event of events) {
		if (event.key && Object.keys(event.key).length > 0) return Object.keys(event.key);
		const keyed = event.schemaChange?.columns?.filter((column) => column.isKey) ?? [];
		if (keyed.length > 0) return keyed.map((column) => column.name);
	}
	return [];
}

/**
 * The rows to stage, one per data event after the last truncate: the row after the change (the
 * key before it for deletes), its operation, position and which columns kept an unchanged TOAST
 * value. Such a value is taken from an earlier change of the same key in the batch when there is
 * one, else from the table during the apply.
 */
function stageChanges(
	events: readonly ChangeEvent[],
	order: readonly number[],
	positions: readonly bigint[],
	table: readonly TableColumn[],
	keys: readonly string[],
	options: ChangelogOptions,
	quoted: string,
) {
	const shaper = new ItemShaper(table, table, { ...options, countNewlines: options.fill !== 'insert' && (options.staging?.format ?? 'csv') === 'csv' }, quoted);
	const changes: StagedChange[] = [];
	const columns = new Set<string>();
	const unchangedColumns = new Set<string>();
	const latest = new Map<string, { row: LoadItem; unchanged: readonly string[] }>();
	for (const index of order) {
		const event = events[index];
		if (!DATA_OPS.has(event.op)) continue;
		const source = rowOf(event);
		if (!source || typeof source !== 'object') {
			throw new ItemValueError(`Item ${index}: the ${event.op === 'd' ? 'delete has no before row or key' : 'change has no after row'}.`, index, event.op === 'd' ? 'before' : 'after');
		}
		const row = shaper.shape(source, index);
		for (const name of keys) {
			if (row[name] === null || row[name] === undefined) {
				throw new ItemValueError(`Item ${index}: the key column "${name}" is empty; a changelog matches rows by key.`, index, name);
			}
		}
		const identity = JSON.stringify(keys.map((name) => row[name]));
		const previousKey = event.op === 'u' ? movedKey(event, row, keys, shaper, index) : undefined;
		if (previousKey) {
			// An update that changed the key: the row under the old key goes first.
			latest.set(JSON.stringify(keys.map((name) => previousKey[name])), { row: previousKey, unchanged: [] });
			changes.push({
				row: { ...previousKey, [CHANGELOG_COLUMNS.operation]: 'd', [CHANGELOG_COLUMNS.position]: positions[index], [CHANGELOG_COLUMNS.unchanged]: null },
				eventIndex: index,
			});
		}
		const unchanged: string[] = [];
		for (const [name, value] of Object.entries(row)) {
			if (value !== UNCHANGED_TOAST) continue;
			const earlier = latest.get(identity);
			if (earlier && earlier.row[name] !== undefined && !earlier.unchanged.includes(name)) row[name] = earlier.row[name];
			else {
				row[name] = null;
				unchanged.push(name);
				unchangedColumns.add(name);
			}
		}
		for (const name of event.unchangedToastColumns ?? []) {
			const folded = normalizeIdentifier(name, options);
			if (!unchanged.includes(folded) && !(folded in row)) {
				unchanged.push(folded);
				unchangedColumns.add(folded);
			}
		}
		if (event.op !== 'd') for (const name of Object.keys(row)) columns.add(name);
		latest.set(identity, { row, unchanged });
		changes.push({
			row: {
				...row,
				[CHANGELOG_COLUMNS.operation]: event.op,
				[CHANGELOG_COLUMNS.position]: positions[index],
				[CHANGELOG_COLUMNS.unchanged]: unchanged.length > 0 ? `,${unchanged.join(',')},` : null,
			},
			eventIndex: index,
		});
	}
	for (const name of unchangedColumns) columns.add(name);
	return { changes, columns, unchangedColumns, extraLines: shaper.extraLines };
}
