import type { RedshiftConnection } from '../redshift/connection/types';
import type { SetupStatement } from './stagedLoad';
import {
	buildAddStateColumn,
	buildLegacyFloor,
	buildCreatePositionsTable,
	buildReadSourceServer,
	positionsTableOf,
	ROW_POSITION_COLUMN,
	ROW_POSITION_TYPE,
	STATE_COLUMNS,
} from '../redshift/sql/changelog';
import {
	buildAddSideKey,
	buildCreateTombstones,
	buildCreateToastFills,
	buildReadFilledColumns,
	tombstoneTable,
	toastFillColumns,
	toastFillTable,
	type SideKey,
} from '../redshift/sql/changelogSideTables';
import { buildAddColumn } from '../redshift/sql/addColumn';
import { formatColumnType } from '../staging/columnTypes';
import {
	quoteTable,
	tableKey,
	type IdentifierOptions,
	type TableRef,
} from '../redshift/sql/identifiers';
import { LoadSetupError } from './errors';
import { describeTable, type TableColumn } from './targetTable';

/** What a setup statement fails with when a concurrent first load ran it first (Redshift, and PostgreSQL's catalog race). */
export const ALREADY_DONE = /already exists|pg_type_typname_nsp_index/i;

export interface SourceServer {
	systemId: string;
	timeline?: number;
}

/** The DDL type of an existing column (as the catalog names it when it has no parsed type). */
export function ddlType(column: TableColumn): string {
	return column.type ? formatColumnType(column.type) : column.typeName.toUpperCase();
}

export interface ChangelogSetup {
	/** Statements run one by one before the apply transaction, each idempotent. */
	before: SetupStatement[];
	/** Whether the tombstone and fill-record tables exist (or will, created in `before`). */
	tombstones: boolean;
	fills: boolean;
	/** Target columns that have fill records (see changelogToastFills). */
	filledColumns: string[];
	stateExists: boolean;
}

/**
 * What the apply needs in place: the state table (and the columns an older version's lacks), the
 * target's position column, and the side tables (tombstones, fill records) with the key columns.
 */
export async function changelogSetup(
	connection: RedshiftConnection,
	target: TableRef,
	table: { exists: boolean; columns: readonly TableColumn[] },
	keys: readonly string[],
	options: IdentifierOptions,
): Promise<ChangelogSetup> {
	const before: SetupStatement[] = [
		{ text: buildCreatePositionsTable(target, options), alreadyDone: ALREADY_DONE },
	];
	const state = await describeTable(connection, positionsTableOf(target), options);
	const stateColumns = new Set((state ?? []).map((column) => column.name));
	for (const column of state ? STATE_COLUMNS : []) {
		if (!stateColumns.has(column.name))
			before.push({
				text: buildAddStateColumn(target, column, options),
				alreadyDone: ALREADY_DONE,
			});
	}
	if (state && !stateColumns.has('floor_position')) {
		// An older version skipped everything at or below its one recorded position: that is this floor.
		before.push(buildLegacyFloor(target, options));
	}
	if (table.exists && !table.columns.some((column) => column.name === ROW_POSITION_COLUMN)) {
		// Rows already in the table get NULL: older than any change.
		before.push({
			text: buildAddColumn(target, ROW_POSITION_COLUMN, ROW_POSITION_TYPE, options),
			alreadyDone: ALREADY_DONE,
		});
	}
	const keyColumns: SideKey[] = keys.map((name) => {
		const column = table.columns.find((candidate) => candidate.name === name) as TableColumn;
		return { name, ddlType: ddlType(column) };
	});
	const tombstones = await sideTable(
		connection,
		tombstoneTable(target, options),
		keyColumns,
		() => buildCreateTombstones(target, keyColumns, options),
		before,
		options,
	);
	const fills = await sideTable(
		connection,
		toastFillTable(target, options),
		keyColumns.length > 0 ? toastFillColumns(keyColumns) : [],
		() => buildCreateToastFills(target, keyColumns, options),
		before,
		options,
	);
	const filledColumns = fills.existed
		? (await connection.query(buildReadFilledColumns(target, options))).rows.map((row) =>
				String(row.name),
			)
		: [];
	return {
		before,
		tombstones: tombstones.ready,
		fills: fills.ready,
		filledColumns,
		stateExists: state !== undefined,
	};
}

/** A side table: created with the key columns when missing, given key columns it lacks; without keys only looked up. */
async function sideTable(
	connection: RedshiftConnection,
	table: TableRef,
	keys: readonly SideKey[],
	create: () => string,
	before: SetupStatement[],
	options: IdentifierOptions,
): Promise<{ existed: boolean; ready: boolean }> {
	const columns = await describeTable(connection, table, options);
	if (keys.length === 0) return { existed: columns !== undefined, ready: columns !== undefined };
	if (!columns) before.push({ text: create(), alreadyDone: ALREADY_DONE });
	else {
		const present = new Set(columns.map((column) => column.name));
		for (const key of keys)
			if (!present.has(key.name))
				before.push({ text: buildAddSideKey(table, key, options), alreadyDone: ALREADY_DONE });
	}
	return { existed: columns !== undefined, ready: true };
}

/** The one source server a batch's events name (none: items not from the trigger). */
export function sourceServerOf(
	events: readonly { source?: { systemId?: string | null; timeline?: number | null } }[],
	quoted: string,
): SourceServer | undefined {
	let server: SourceServer | undefined;
	for (const event of events) {
		const systemId = event.source?.systemId;
		if (systemId === undefined || systemId === null || systemId === '') continue;
		if (server && server.systemId !== String(systemId)) {
			throw new LoadSetupError(
				`The batch for ${quoted} mixes changes of two PostgreSQL servers (system identifiers ${server.systemId} and ${String(systemId)}); positions of different servers cannot be compared. Send each server's changes to its own target.`,
			);
		}
		const timeline = typeof event.source?.timeline === 'number' ? event.source.timeline : undefined;
		const highest = [timeline, server?.timeline].filter(
			(value): value is number => value !== undefined,
		);
		server = {
			systemId: String(systemId),
			...(highest.length > 0 ? { timeline: Math.max(...highest) } : {}),
		};
	}
	return server;
}

/**
 * Refuses a batch from another source server than the one the target's positions came from: after a
 * switchover to a server with other (often lower) LSNs every comparison of positions would be wrong.
 */
export async function checkSourceServer(
	connection: RedshiftConnection,
	target: TableRef,
	server: SourceServer | undefined,
	stateExists: boolean,
	options: IdentifierOptions,
): Promise<void> {
	if (!server || !stateExists) return;
	const recorded = (await connection.query(buildReadSourceServer(target, options))).rows.map(
		(row) => String(row.system_id),
	);
	const other = recorded.find((systemId) => systemId !== server.systemId);
	if (other === undefined) return;
	const quoted = quoteTable(target, options);
	const state = quoteTable(positionsTableOf(target), options);
	throw new LoadSetupError(
		`${quoted} holds changes from PostgreSQL server ${other}, but this batch comes from server ${server.systemId} (another system identifier: a restored backup, a blue/green switchover or a new primary). ` +
			`Positions of two servers cannot be compared, so nothing was applied. To start over from the new server: empty the target (TRUNCATE ${quoted}), ` +
			`remove its changelog state (DELETE FROM ${state} WHERE "target_table" = '${tableKey(target, options).replace(/'/g, "''")}') and its tombstones (DROP TABLE ${quoteTable(tombstoneTable(target, options), options)}), ` +
			`then let the Postgres CDC Trigger take a new initial snapshot (a new replication slot).`,
	);
}
