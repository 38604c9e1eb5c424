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
	/** The change's position: commit LSN × 2^32 + event index (see loads/changePosition). */
	position: '_n8n_position',
	/** `,a,b,`: columns whose value is an unchanged TOAST value, to take from the table. */
	unchanged: '_n8n_unchanged',
	/** The change's place in the batch: orders changes that share a position. */
	ordinal: ORDINAL_COLUMN,
} as const;

/** A position: a whole number that fits NUMERIC(38,0), kept exact. */
export type ChangePosition = bigint | string;

/**
 * Commit LSN × 2^32 + event index needs up to 96 bits: wider than 64, so NUMERIC(38,0). An LSN
 * alone (64 bits) cannot order the events of a transaction that spans batches.
 */
const POSITION_TYPE = 'NUMERIC(38,0)';

function positionsTable(target: TableRef): TableRef {
	return { schema: target.schema, name: CDC_POSITIONS_TABLE };
}

/** The positions table of the target's schema; idempotent, run before the load transaction. */
export function buildCreatePositionsTable(target: TableRef, options: IdentifierOptions = {}): string {
	return (
		`CREATE TABLE IF NOT EXISTS ${quoteTable(positionsTable(target), options)} ` +
		`("target_table" VARCHAR(512) NOT NULL, "position" ${POSITION_TYPE} NOT NULL, PRIMARY KEY ("target_table"))`
	);
}

/** The changelog stage: the target's columns, then operation, position, unchanged columns and ordinal. */
export function buildCreateChangelogStage(stage: string, target: TableRef, options: IdentifierOptions = {}): string {
	return buildCreateStagingTable({
		...options,
		stage,
		like: target,
		extraColumns: [
			{ name: CHANGELOG_COLUMNS.operation, type: 'VARCHAR(1)' },
			{ name: CHANGELOG_COLUMNS.position, type: POSITION_TYPE },
			{ name: CHANGELOG_COLUMNS.unchanged, type: 'VARCHAR(65535)' },
			{ name: CHANGELOG_COLUMNS.ordinal, type: 'BIGINT' },
		],
	});
}

/** The last applied position of a target, as text (no row: nothing applied yet). */
export function buildReadAppliedPosition(target: TableRef, options: IdentifierOptions = {}): ParameterizedQuery {
	return {
		text: `SELECT CAST("position" AS VARCHAR(40)) AS "position" FROM ${quoteTable(positionsTable(target), options)} WHERE "target_table" = $1`,
		values: [tableKey(target, options)],
	};
}

export interface ChangelogApplyOptions extends IdentifierOptions {
	target: TableRef;
	/** The loaded changelog stage (bare name). */
	stage: string;
	keys: string[];
	/** The target columns the stage fills (not the changelog columns). */
	columns: string[];
	/** The highest position in this batch; recorded when it is above the stored one. */
	batchPosition: ChangePosition;
	/** Position of the batch's last truncate, if any. */
	truncatePosition?: ChangePosition;
	/** Columns some update left unchanged (TOAST), filled from the table. */
	unchangedColumns?: string[];
	/** Whether the stage has rows (COPY ran); default true. Without rows only the position is recorded. */
	staged?: boolean;
}

/**
 * Applies a staged changelog exactly once. Run these statements in order, in the same
 * transaction as the COPY into the stage:
 * 1. a truncate in the batch empties the table, unless it was applied before;
 * 2. staged changes at or below the recorded position go (a replayed batch becomes empty);
 * 3. the last change per key stays (highest position, then highest ordinal);
 * 4. unchanged TOAST columns take the table's current value;
 * 5. the table's rows of every changed key go, the surviving non-deletes come in;
 * 6. the recorded position rises to the batch's (never falls).
 * Positions must grow from one batch to the next; within a batch, equal positions are ordered by ordinal.
 */
export function buildChangelogApply(options: ChangelogApplyOptions): ParameterizedQuery[] {
	assertStageDiffers(options.stage, options.target);
	const key = tableKey(options.target, options);
	const batchPosition = positionText(options.batchPosition);
	const target = quoteTable(options.target, options);
	const positions = quoteTable(positionsTable(options.target), options);
	const recorded = `(SELECT COALESCE(MAX("position"), -1) FROM ${positions} WHERE "target_table" = $1)`;
	const batch = `CAST($2 AS ${POSITION_TYPE})`;
	const statements: ParameterizedQuery[] = [];
	if (options.truncatePosition !== undefined) {
		statements.push({ text: `DELETE FROM ${target} WHERE ${batch} > ${recorded}`, values: [key, positionText(options.truncatePosition)] });
	}
	if (options.staged ?? true) {
		const stage = quoteIdentifier(options.stage, options);
		const op = quoteIdentifier(CHANGELOG_COLUMNS.operation, options);
		const position = quoteIdentifier(CHANGELOG_COLUMNS.position, options);
		const unchanged = quoteIdentifier(CHANGELOG_COLUMNS.unchanged, options);
		const columns = quoteColumnList(options.columns, options);
		statements.push(
			{ text: `DELETE FROM ${stage} WHERE ${position} <= ${recorded}`, values: [key] },
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
		);
		for (const column of options.unchangedColumns ?? []) {
			const name = quoteIdentifier(column, options);
			statements.push({
				text: `UPDATE ${stage} SET ${name} = ${target}.${name} FROM ${target} WHERE ${keyMatch(options, stage, target)} AND POSITION($1 IN ${stage}.${unchanged}) > 0`,
				values: [`,${column},`],
			});
		}
		statements.push(
			{ text: `DELETE FROM ${target} USING ${stage} WHERE ${keyMatch(options, target, stage)}`, values: [] },
			// 'd' is the delete marker written by the loader, a constant of this code, not user data.
			{ text: `INSERT INTO ${target} (${columns}) SELECT ${columns} FROM ${stage} WHERE ${op} <> 'd'`, values: [] },
		);
	}
	statements.push(
		{
			text: `UPDATE ${positions} SET "position" = ${batch} WHERE "target_table" = $1 AND "position" < ${batch}`,
			values: [key, batchPosition],
		},
		{
			text:
				`INSERT INTO ${positions} ("target_table", "position") SELECT CAST($1 AS VARCHAR(512)), ${batch} ` +
				`WHERE NOT EXISTS (SELECT 1 FROM ${positions} WHERE "target_table" = $1)`,
			values: [key, batchPosition],
		},
	);
	return statements;
}

function positionText(position: ChangePosition): string {
	const text = typeof position === 'bigint' ? position.toString() : position;
	if (typeof text !== 'string' || !/^\d{1,38}$/.test(text)) {
		throw new SqlBuildError(`A change position must be a whole number from 0 to 10^38-1 (NUMERIC(38,0)); got ${String(position)}.`);
	}
	return text;
}
