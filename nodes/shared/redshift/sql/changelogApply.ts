import {
	CDC_POSITIONS_TABLE,
	CHANGELOG_COLUMNS,
	oldKeyColumn,
	POSITION_TYPE,
	positionText,
	ROW_POSITION_COLUMN,
	type ChangePosition,
} from './changelogColumns';
import { DELETED_AT_COLUMN, tombstoneTable } from './changelogSideTables';
import {
	buildFillUpkeep,
	buildLateColumnValues,
	buildPruneFills,
	buildRecordFills,
	type ToastFillOptions,
} from './changelogToastFills';
import {
	quoteColumnList,
	quoteIdentifier,
	quoteTable,
	tableKey,
	type IdentifierOptions,
	type TableRef,
} from './identifiers';
import type { ParameterizedQuery } from './statement';
import { assertStageDiffers } from './stagingTable';
import { buildDeduplicateStaging, keyMatch } from './upsert';

/** A NOT NULL column of a helper table: a row inserted into it means an unchanged TOAST value had nothing to be filled from. */
export const TOAST_MISSING_COLUMN = '_n8n_unchanged_toast_missing';

export interface ChangelogApplyOptions extends IdentifierOptions {
	target: TableRef;
	/** The loaded changelog stage (bare name); omitted when the batch has no rows to apply. */
	stage?: string;
	/** Key columns (needed when there is a stage). */
	keys: string[];
	/** The target columns the stage fills (not the changelog columns). */
	columns: string[];
	/** The highest position in this batch; the recorded (informational) position rises to it. */
	batchPosition: ChangePosition;
	/**
	 * Changes below this position are gone: a truncate's position, or a completed snapshot's first
	 * row position. Rows written below it are deleted and staged changes below it are dropped.
	 */
	floorPosition?: ChangePosition;
	/** Columns some staged change left unchanged (TOAST), filled from the target row it replaces. */
	unchangedColumns?: string[];
	/** Whether stage rows carry the old key of an update that changed the key (oldKeyColumn(i)). */
	movedKeys?: boolean;
	/** Whether the tombstone table exists (it is created whenever keys are known). */
	tombstones: boolean;
	/** Whether the fill-record table exists (created with the tombstones). */
	fills?: boolean;
	/** Columns that have fill records: staged changes older than the row may still set them. */
	lateColumns?: string[];
	/** A helper temp table for the unchanged-TOAST check (bare name). */
	checkTable?: string;
	/**
	 * An unchanged TOAST value with no row to take it from: fail the transaction (default), or write
	 * NULL and return the changes concerned (`missingAt`).
	 */
	missingToast?: 'fail' | 'null';
	/** When this apply runs (tombstones are stamped with it), and tombstones older than `pruneBefore` go. */
	now: Date;
	pruneBefore: Date;
	/** The source server the positions come from, when the events say. */
	source?: { systemId: string; timeline?: number };
}

export interface ChangelogApply {
	statements: ParameterizedQuery[];
	/** Index of the INSERT of the applied rows (its row count is rows written), or -1. */
	insertAt: number;
	/** Index of the SELECT of keys whose unchanged TOAST values were written as NULL, or -1. */
	missingAt: number;
}

/**
 * The first statement of an apply transaction whose target exists: concurrent applies to one table
 * then run one after the other and each sees the other's rows (without it, two first inserts of a key
 * could both land under snapshot isolation).
 */
export function buildLockTarget(
	target: TableRef,
	options: IdentifierOptions = {},
): ParameterizedQuery {
	return { text: `LOCK ${quoteTable(target, options)}`, values: [] };
}

/**
 * Applies a staged changelog order-independently (last writer wins by position), in the load
 * transaction after the stage is filled:
 * - every target row keeps the position of the change that wrote it (ROW_POSITION_COLUMN), every
 *   deleted key a tombstone with the delete's position, outside the target;
 * - a staged change applies only over an older row and an older tombstone, so a batch that arrives
 *   late, twice, or in part changes only what it is the newest writer of;
 * - a floor (truncate, completed snapshot) deletes rows written below it and drops staged changes below it;
 * - unchanged TOAST values are taken from the row the change replaces (the old key's row after a key
 *   change) and recorded as fills, so an older change of that column arriving later still sets it
 *   (changelogToastFills); when there is no row the transaction fails on TOAST_MISSING_COLUMN, or,
 *   with missingToast 'null', writes NULL and returns the changes concerned.
 * The caller locks the target first (buildLockTarget), so concurrent applies to one table take turns.
 */
export function buildChangelogApply(options: ChangelogApplyOptions): ChangelogApply {
	const key = tableKey(options.target, options);
	const target = quoteTable(options.target, options);
	const state = quoteTable({ schema: options.target.schema, name: CDC_POSITIONS_TABLE }, options);
	const tombstones = quoteTable(tombstoneTable(options.target, options), options);
	const rowPosition = quoteIdentifier(ROW_POSITION_COLUMN, options);
	const written = `COALESCE(${target}.${rowPosition}, -1)`;
	const statements: ParameterizedQuery[] = [];
	let insertAt = -1;
	let missingAt = -1;
	const batch = positionText(options.batchPosition);
	// The state row first: later statements read its floor.
	statements.push({
		text:
			`INSERT INTO ${state} ("target_table", "position", "floor_position") SELECT CAST($1 AS VARCHAR(512)), -1, -1 ` +
			`WHERE NOT EXISTS (SELECT 1 FROM ${state} WHERE "target_table" = $1)`,
		values: [key],
	});
	if (options.floorPosition !== undefined) {
		const floor = positionText(options.floorPosition);
		const cast = `CAST($2 AS ${POSITION_TYPE})`;
		statements.push(
			{
				text: `UPDATE ${state} SET "floor_position" = ${cast} WHERE "target_table" = $1 AND COALESCE("floor_position", -1) < ${cast}`,
				values: [key, floor],
			},
			{
				text: `DELETE FROM ${target} WHERE ${written} < CAST($1 AS ${POSITION_TYPE})`,
				values: [floor],
			},
		);
		if (options.tombstones)
			statements.push({
				text: `DELETE FROM ${tombstones} WHERE ${rowPosition} < CAST($1 AS ${POSITION_TYPE})`,
				values: [floor],
			});
	}
	if (options.stage) {
		assertStageDiffers(options.stage, options.target);
		const stage = quoteIdentifier(options.stage, options);
		const op = quoteIdentifier(CHANGELOG_COLUMNS.operation, options);
		const position = quoteIdentifier(CHANGELOG_COLUMNS.position, options);
		const unchanged = quoteIdentifier(CHANGELOG_COLUMNS.unchanged, options);
		const keys = quoteColumnList(options.keys, options);
		const columns = quoteColumnList(options.columns, options);
		const staged = `${stage}.${position}`;
		const floor = `(SELECT COALESCE(MAX("floor_position"), -1) FROM ${state} WHERE "target_table" = $1)`;
		statements.push(
			{ text: `DELETE FROM ${stage} WHERE ${position} < ${floor}`, values: [key] },
			{
				text: buildDeduplicateStaging({
					...options,
					stage: options.stage,
					orderBy: [
						{ column: CHANGELOG_COLUMNS.position, descending: true },
						{ column: CHANGELOG_COLUMNS.ordinal, descending: true },
					],
				}),
				values: [],
			},
		);
		const toast: ToastFillOptions = {
			...options,
			stage: options.stage,
			movedKeys: options.movedKeys ?? false,
		};
		if (options.fills)
			for (const column of options.lateColumns ?? [])
				statements.push(...buildLateColumnValues(toast, column));
		// Last writer wins: what the target row or a tombstone already holds at this position or later stays.
		statements.push({
			text: `DELETE FROM ${stage} USING ${target} WHERE ${keyMatch(options, stage, target)} AND ${written} >= ${staged}`,
			values: [],
		});
		if (options.tombstones) {
			statements.push({
				text: `DELETE FROM ${stage} USING ${tombstones} WHERE ${keyMatch(options, stage, tombstones)} AND ${tombstones}.${rowPosition} >= ${staged}`,
				values: [],
			});
		}
		for (const column of options.unchangedColumns ?? []) {
			if (options.fills)
				statements.push(...buildRecordFills(toast, column, timestamp(options.now)));
			const name = quoteIdentifier(column, options);
			const fill = `SET ${name} = ${target}.${name}, ${unchanged} = REPLACE(${stage}.${unchanged}, $1, ',') FROM ${target}`;
			const pending = `POSITION($1 IN ${stage}.${unchanged}) > 0 AND ${written} < ${staged}`;
			if (options.movedKeys) {
				const oldKey = options.keys
					.map(
						(name, index) =>
							`${target}.${quoteIdentifier(name, options)} = ${stage}.${quoteIdentifier(oldKeyColumn(index), options)}`,
					)
					.join(' AND ');
				const firstOld = `${stage}.${quoteIdentifier(oldKeyColumn(0), options)}`;
				// The old key's row as it was before the key change (or the source row's, inherited in the batch).
				const fillBefore = `COALESCE(${stage}.${quoteIdentifier(CHANGELOG_COLUMNS.fillBefore, options)}, ${staged})`;
				// After a key change the value is the old key's row's (filled before that row is deleted below).
				statements.push(
					{
						text: `UPDATE ${stage} ${fill} WHERE ${oldKey} AND POSITION($1 IN ${stage}.${unchanged}) > 0 AND ${written} < ${fillBefore}`,
						values: [`,${column},`],
					},
					{
						text: `UPDATE ${stage} ${fill} WHERE ${keyMatch(options, stage, target)} AND ${firstOld} IS NULL AND ${pending}`,
						values: [`,${column},`],
					},
				);
			} else {
				statements.push({
					text: `UPDATE ${stage} ${fill} WHERE ${keyMatch(options, stage, target)} AND ${pending}`,
					values: [`,${column},`],
				});
			}
		}
		// 'd' and ',' are markers this code writes, not user data.
		const unfilled = `${op} <> 'd' AND ${unchanged} IS NOT NULL AND ${unchanged} <> ','`;
		if ((options.unchangedColumns?.length ?? 0) > 0 && options.missingToast === 'null') {
			// Written as NULL on request: the changes concerned are reported.
			missingAt = statements.length;
			statements.push({
				text: `SELECT ${keys}, ${unchanged} AS "columns" FROM ${stage} WHERE ${unfilled} LIMIT 20`,
				values: [],
			});
		} else if ((options.unchangedColumns?.length ?? 0) > 0 && options.checkTable) {
			const check = quoteIdentifier(options.checkTable, options);
			statements.push(
				{
					text: `CREATE TEMP TABLE ${check} (${quoteIdentifier(TOAST_MISSING_COLUMN, options)} INTEGER NOT NULL)`,
					values: [],
				},
				{
					text: `INSERT INTO ${check} SELECT CAST(NULL AS INTEGER) FROM ${stage} WHERE ${unfilled}`,
					values: [],
				},
				{ text: `DROP TABLE ${check}`, values: [] },
			);
		}
		statements.push({
			text: `DELETE FROM ${target} USING ${stage} WHERE ${keyMatch(options, target, stage)}`,
			values: [],
		});
		insertAt = statements.length;
		statements.push({
			text: `INSERT INTO ${target} (${columns}, ${rowPosition}) SELECT ${columns}, ${position} FROM ${stage} WHERE ${op} <> 'd'`,
			values: [],
		});
		if (options.tombstones) {
			const at = quoteIdentifier(DELETED_AT_COLUMN, options);
			statements.push(
				{
					text: `DELETE FROM ${tombstones} USING ${stage} WHERE ${keyMatch(options, tombstones, stage)}`,
					values: [],
				},
				{
					text: `INSERT INTO ${tombstones} (${keys}, ${rowPosition}, ${at}) SELECT ${keys}, ${position}, CAST($1 AS TIMESTAMP) FROM ${stage} WHERE ${op} = 'd'`,
					values: [timestamp(options.now)],
				},
			);
		}
		if (options.fills) statements.push(...buildFillUpkeep(toast, timestamp(options.pruneBefore)));
	} else if (options.fills) {
		statements.push(...buildPruneFills(options.target, timestamp(options.pruneBefore), options));
	}
	if (options.tombstones) {
		// Tombstones are kept for as long as an older change could still arrive (see the retention's note).
		statements.push({
			text: `DELETE FROM ${tombstones} WHERE ${quoteIdentifier(DELETED_AT_COLUMN, options)} < CAST($1 AS TIMESTAMP)`,
			values: [timestamp(options.pruneBefore)],
		});
	}
	const cast = `CAST($2 AS ${POSITION_TYPE})`;
	statements.push({
		text: `UPDATE ${state} SET "position" = ${cast} WHERE "target_table" = $1 AND "position" < ${cast}`,
		values: [key, batch],
	});
	if (options.source) {
		statements.push({
			text: `UPDATE ${state} SET "system_id" = $2, "timeline" = CAST($3 AS BIGINT) WHERE "target_table" = $1`,
			values: [
				key,
				options.source.systemId,
				options.source.timeline === undefined ? null : String(options.source.timeline),
			],
		});
	}
	return { statements, insertAt, missingAt };
}

/** A UTC timestamp Redshift and PostgreSQL both read. */
function timestamp(date: Date): string {
	return date.toISOString().replace('T', ' ').replace('Z', '');
}
