import { formatColumnType, type ColumnType } from '../../staging/columnTypes';
import {
	quoteIdentifier,
	quoteTable,
	tableKey,
	type IdentifierOptions,
	type TableRef,
} from './identifiers';
import type { ParameterizedQuery } from './statement';
import { buildCreateStagingTable } from './stagingTable';
import {
	CDC_POSITIONS_TABLE,
	CHANGELOG_COLUMNS,
	oldKeyColumn,
	POSITION_TYPE,
} from './changelogColumns';

export * from './changelogColumns';
export {
	buildChangelogApply,
	buildLockTarget,
	TOAST_MISSING_COLUMN,
	type ChangelogApply,
	type ChangelogApplyOptions,
} from './changelogApply';
export {
	buildAddSideKey,
	buildCreateTombstones,
	buildCreateToastFills,
	DELETED_AT_COLUMN,
	tombstoneTable,
	toastFillTable,
} from './changelogSideTables';

function positionsTable(target: TableRef): TableRef {
	return { schema: target.schema, name: CDC_POSITIONS_TABLE };
}

/** The state table's columns after the key, with their types (older versions had only "position"). */
export const STATE_COLUMNS: { name: string; type: string }[] = [
	{ name: 'position', type: POSITION_TYPE },
	{ name: 'floor_position', type: POSITION_TYPE },
	{ name: 'system_id', type: 'VARCHAR(32)' },
	{ name: 'timeline', type: 'BIGINT' },
];

/**
 * The state table of the target's schema; idempotent, run before the load transaction. Per target:
 * the highest position applied (informational), the floor (changes below it were truncated away or
 * superseded by a completed snapshot) and the source server the positions belong to.
 */
export function buildCreatePositionsTable(
	target: TableRef,
	options: IdentifierOptions = {},
): string {
	const columns = STATE_COLUMNS.map((column) => `"${column.name}" ${column.type}`).join(', ');
	return `CREATE TABLE IF NOT EXISTS ${quoteTable(positionsTable(target), options)} ("target_table" VARCHAR(512) NOT NULL, ${columns}, PRIMARY KEY ("target_table"))`;
}

/** The state table as a TableRef (to describe it and add columns an older version lacked). */
export function positionsTableOf(target: TableRef): TableRef {
	return positionsTable(target);
}

/** The changelog stage: the target's columns, then operation, position, unchanged columns, old key and ordinal. */
export function buildCreateChangelogStage(
	stage: string,
	target: TableRef,
	options: IdentifierOptions & { oldKeyTypes?: (ColumnType | string)[] } = {},
): string {
	return buildCreateStagingTable({
		...options,
		stage,
		like: target,
		extraColumns: [
			{ name: CHANGELOG_COLUMNS.operation, type: 'VARCHAR(1)' },
			{ name: CHANGELOG_COLUMNS.position, type: POSITION_TYPE },
			{ name: CHANGELOG_COLUMNS.unchanged, type: 'VARCHAR(65535)' },
			{ name: CHANGELOG_COLUMNS.toast, type: 'VARCHAR(65535)' },
			...(options.oldKeyTypes ?? []).map((type, index) => ({ name: oldKeyColumn(index), type })),
			...(options.oldKeyTypes?.length
				? [{ name: CHANGELOG_COLUMNS.fillBefore, type: POSITION_TYPE }]
				: []),
			{ name: CHANGELOG_COLUMNS.ordinal, type: 'BIGINT' },
		],
	});
}

/** A target's recorded state, as text (no row: nothing applied yet). */
export function buildReadAppliedPosition(
	target: TableRef,
	options: IdentifierOptions = {},
): ParameterizedQuery {
	return {
		text: `SELECT CAST(MAX("position") AS VARCHAR(40)) AS "position" FROM ${quoteTable(positionsTable(target), options)} WHERE "target_table" = $1`,
		values: [tableKey(target, options)],
	};
}

/** The source servers a target's positions were recorded for (one, unless concurrent first runs disagreed). */
export function buildReadSourceServer(
	target: TableRef,
	options: IdentifierOptions = {},
): ParameterizedQuery {
	return {
		text: `SELECT DISTINCT "system_id" FROM ${quoteTable(positionsTable(target), options)} WHERE "target_table" = $1 AND "system_id" IS NOT NULL`,
		values: [tableKey(target, options)],
	};
}

/** ALTER TABLE … ADD COLUMN for a state column an older version's table lacks. */
export function buildAddStateColumn(
	target: TableRef,
	column: { name: string; type: string },
	options: IdentifierOptions = {},
): string {
	return `ALTER TABLE ${quoteTable(positionsTable(target), options)} ADD COLUMN ${quoteIdentifier(column.name, options)} ${column.type}`;
}

/**
 * After upgrading an older version's state table: its one recorded position per target meant "applied
 * up to here, skip the rest", so the floor starts just above it (its rows have no position of their own).
 */
export function buildLegacyFloor(
	target: TableRef,
	options: IdentifierOptions = {},
): ParameterizedQuery {
	return {
		text: `UPDATE ${quoteTable(positionsTable(target), options)} SET "floor_position" = "position" + 1 WHERE "floor_position" IS NULL`,
		values: [],
	};
}

/** The metadata column's DDL type, for ADD COLUMN and CREATE TABLE. */
export const ROW_POSITION_TYPE: ColumnType = { name: 'NUMERIC', precision: 38, scale: 0 };
export const ROW_POSITION_DDL = formatColumnType(ROW_POSITION_TYPE);
