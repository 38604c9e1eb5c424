import { SqlBuildError } from './errors';
import { quoteColumnList, quoteIdentifier, quoteTable, tableKey, type IdentifierOptions, type TableRef } from './identifiers';
import type { ParameterizedQuery } from './statement';
import { buildCreateStagingTable, assertStageDiffers } from './stagingTable';
import { buildDeduplicateStaging, keyMatch, ORDINAL_COLUMN } from './upsert';

/** One table per schema records the last position applied to each target table. */
export const CDC_POSITIONS_TABLE = '_n8n_cdc_positions';

/** Columns the changelog stage has after the target's own. */
export const CHANGELOG_COLUMNS = {
	/** 'c' insert, 'u' update, 'r' snapshot read, 'd' delete (Debezium letters). */
	operation: '_n8n_op',
	/** The change's position (e.g. its LSN) as an unsigned 64-bit number. */
	position: '_n8n_position',
	/** The change's place in the batch: orders changes that share a position. */
	ordinal: ORDINAL_COLUMN,
} as const;

/** An LSN or other position: an unsigned whole number below 2^64, kept exact. */
export type ChangePosition = bigint | string;

const POSITION_TYPE = 'NUMERIC(20,0)';

function positionsTable(target: TableRef): TableRef {
	return { schema: target.schema, name: CDC_POSITIONS_TABLE };
}

/** The positions table of the target's schema; idempotent, safe inside the load transaction. */
export function buildCreatePositionsTable(target: TableRef, options: IdentifierOptions = {}): string {
	return (
		`CREATE TABLE IF NOT EXISTS ${quoteTable(positionsTable(target), options)} ` +
		`("target_table" VARCHAR(512) NOT NULL, "position" ${POSITION_TYPE} NOT NULL, PRIMARY KEY ("target_table"))`
	);
}

/** The changelog stage: the target's columns, then operation, position and ordinal. */
export function buildCreateChangelogStage(stage: string, target: TableRef, options: IdentifierOptions = {}): string {
	return buildCreateStagingTable({
		...options,
		stage,
		like: target,
		extraColumns: [
			{ name: CHANGELOG_COLUMNS.operation, type: 'VARCHAR(1)' },
			{ name: CHANGELOG_COLUMNS.position, type: POSITION_TYPE },
			{ name: CHANGELOG_COLUMNS.ordinal, type: 'BIGINT' },
		],
	});
}

/** The last applied position of a target (no row: nothing applied yet). */
export function buildReadAppliedPosition(target: TableRef, options: IdentifierOptions = {}): ParameterizedQuery {
	return {
		text: `SELECT "position" FROM ${quoteTable(positionsTable(target), options)} WHERE "target_table" = $1`,
		values: [tableKey(target, options)],
	};
}

export interface ChangelogApplyOptions extends IdentifierOptions {
	target: TableRef;
	/** The loaded changelog stage (bare name). */
	stage: string;
	keys: string[];
	/** The target columns to write (not the changelog columns). */
	columns: string[];
	/** The highest position in this batch; recorded when it is above the stored one. */
	batchPosition: ChangePosition;
}

/**
 * Applies a staged changelog exactly once. Run these statements in order, in the same
 * transaction as the COPY into the stage:
 * 1. drop staged changes at or below the recorded position (a replayed batch becomes empty);
 * 2. keep only the last change per key (highest position, then highest ordinal);
 * 3. delete every target row whose key changed;
 * 4. insert the surviving non-delete changes;
 * 5–6. raise the recorded position to this batch's (never lower it).
 * Positions must grow from one batch to the next; within a batch, equal positions are ordered by ordinal.
 */
export function buildChangelogApply(options: ChangelogApplyOptions): ParameterizedQuery[] {
	assertStageDiffers(options.stage, options.target);
	const position = positionText(options.batchPosition);
	const targetKey = tableKey(options.target, options);
	const target = quoteTable(options.target, options);
	const stage = quoteIdentifier(options.stage, options);
	const positions = quoteTable(positionsTable(options.target), options);
	const op = quoteIdentifier(CHANGELOG_COLUMNS.operation, options);
	const stagedPosition = quoteIdentifier(CHANGELOG_COLUMNS.position, options);
	const columns = quoteColumnList(options.columns, options);
	const castPosition = `CAST($2 AS ${POSITION_TYPE})`;
	return [
		{
			text: `DELETE FROM ${stage} WHERE ${stagedPosition} <= (SELECT COALESCE(MAX("position"), -1) FROM ${positions} WHERE "target_table" = $1)`,
			values: [targetKey],
		},
		{
			text: buildDeduplicateStaging({
				...options,
				orderBy: [
					{ column: CHANGELOG_COLUMNS.position, descending: true },
					{ column: CHANGELOG_COLUMNS.ordinal, descending: true },
				],
			}),
			values: [],
		},
		{ text: `DELETE FROM ${target} USING ${stage} WHERE ${keyMatch(options, target, stage)}`, values: [] },
		// 'd' is the delete marker written by the loader, a constant of this code, not user data.
		{ text: `INSERT INTO ${target} (${columns}) SELECT ${columns} FROM ${stage} WHERE ${op} <> 'd'`, values: [] },
		{
			text: `UPDATE ${positions} SET "position" = ${castPosition} WHERE "target_table" = $1 AND "position" < ${castPosition}`,
			values: [targetKey, position],
		},
		{
			text:
				`INSERT INTO ${positions} ("target_table", "position") SELECT CAST($1 AS VARCHAR(512)), ${castPosition} ` +
				`WHERE NOT EXISTS (SELECT 1 FROM ${positions} WHERE "target_table" = $1)`,
			values: [targetKey, position],
		},
	];
}

function positionText(position: ChangePosition): string {
	const text = typeof position === 'bigint' ? position.toString() : position;
	if (typeof text !== 'string' || !/^\d{1,20}$/.test(text) || BigInt(text) >= 2n ** 64n) {
		throw new SqlBuildError(`A change position must be a whole number from 0 to 2^64-1; got ${String(position)}.`);
	}
	return text;
}
