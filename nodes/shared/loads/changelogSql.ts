import type { SqlStatement } from '../redshift/connection/types';
import { formatColumnType, type ColumnType } from '../redshift/sql/columnTypes';
import {
	quoteColumnList,
	quoteIdentifier,
	quoteTable,
	tableKey,
	type IdentifierOptions,
	type TableRef,
} from '../redshift/sql/identifiers';
import { buildCreateStagingTable } from '../redshift/sql/stagingTable';
import { buildDeduplicateStaging, keyMatch, ORDINAL_COLUMN } from '../redshift/sql/upsert';

/**
 * The changelog's own SQL. Positions are commit LSN × 2^32 + event index (see changePosition),
 * wider than 64 bits, so they are NUMERIC(38,0) here (the shared builder's NUMERIC(20,0) holds
 * only an LSN, which cannot order a transaction that spans batches).
 */
export const POSITIONS_TABLE = '_n8n_cdc_positions';
const POSITION_TYPE = 'NUMERIC(38,0)';

export const CHANGE_COLUMNS = {
	operation: '_n8n_op',
	position: '_n8n_position',
	/** `,a,b,` — columns whose value is an unchanged TOAST value, to take from the table. */
	unchanged: '_n8n_unchanged',
	ordinal: ORDINAL_COLUMN,
} as const;

export interface ChangelogSqlOptions extends IdentifierOptions {
	target: TableRef;
	stage: string;
	keys: string[];
	/** Target columns the stage fills. */
	columns: string[];
	/** Highest position of the batch, as digits. */
	batchPosition: string;
	/** Position of the batch's last truncate, as digits. */
	truncatePosition?: string;
	/** Columns some update left unchanged (TOAST), filled from the table. */
	unchangedColumns?: string[];
	/** Whether the stage has rows (COPY ran). */
	staged: boolean;
}

function positionsTable(target: TableRef): TableRef {
	return { schema: target.schema, name: POSITIONS_TABLE };
}

/** The positions table of the target's schema; run before the load transaction (idempotent). */
export function buildCreatePositions(target: TableRef, options: IdentifierOptions = {}): string {
	return (
		`CREATE TABLE IF NOT EXISTS ${quoteTable(positionsTable(target), options)} ` +
		`("target_table" VARCHAR(512) NOT NULL, "position" ${POSITION_TYPE} NOT NULL, PRIMARY KEY ("target_table"))`
	);
}

export function buildCreateChangeStage(stage: string, target: TableRef, options: IdentifierOptions = {}): string {
	const extra: { name: string; type: string | ColumnType }[] = [
		{ name: CHANGE_COLUMNS.operation, type: 'VARCHAR(1)' },
		{ name: CHANGE_COLUMNS.position, type: POSITION_TYPE },
		{ name: CHANGE_COLUMNS.unchanged, type: 'VARCHAR(65535)' },
		{ name: CHANGE_COLUMNS.ordinal, type: 'BIGINT' },
	];
	return buildCreateStagingTable({ ...options, stage, like: target, extraColumns: extra });
}

export function buildAddColumn(target: TableRef, column: string, type: ColumnType, options: IdentifierOptions = {}): string {
	return `ALTER TABLE ${quoteTable(target, options)} ADD COLUMN ${quoteIdentifier(column, options)} ${formatColumnType(type)}`;
}

/**
 * After the stage is loaded, in the same transaction: apply the batch exactly once.
 * 1. a truncate in the batch empties the table, unless it was applied before;
 * 2. staged changes at or below the recorded position go (a replayed batch becomes empty);
 * 3. the last change per key stays (highest position, then ordinal);
 * 4. unchanged TOAST columns take the table's current value;
 * 5. the table's rows of every changed key go, the surviving non-deletes come in;
 * 6. the recorded position rises to the batch's (never falls).
 */
export function buildChangelogApply(options: ChangelogSqlOptions): SqlStatement[] {
	const key = tableKey(options.target, options);
	const target = quoteTable(options.target, options);
	const positions = quoteTable(positionsTable(options.target), options);
	const recorded = `(SELECT COALESCE(MAX("position"), -1) FROM ${positions} WHERE "target_table" = $1)`;
	const batch = `CAST($2 AS ${POSITION_TYPE})`;
	const statements: SqlStatement[] = [];
	if (options.truncatePosition !== undefined) {
		statements.push({ text: `DELETE FROM ${target} WHERE ${batch} > ${recorded}`, values: [key, options.truncatePosition] });
	}
	if (options.staged) {
		const stage = quoteIdentifier(options.stage, options);
		const op = quoteIdentifier(CHANGE_COLUMNS.operation, options);
		const position = quoteIdentifier(CHANGE_COLUMNS.position, options);
		const unchanged = quoteIdentifier(CHANGE_COLUMNS.unchanged, options);
		const columns = quoteColumnList(options.columns, options);
		statements.push(
			{ text: `DELETE FROM ${stage} WHERE ${position} <= ${recorded}`, values: [key] },
			{
				text: buildDeduplicateStaging({
					...options,
					orderBy: [
						{ column: CHANGE_COLUMNS.position, descending: true },
						{ column: CHANGE_COLUMNS.ordinal, descending: true },
					],
				}),
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
			{ text: `DELETE FROM ${target} USING ${stage} WHERE ${keyMatch(options, target, stage)}` },
			// 'd' is this loader's delete marker, a constant, not user data.
			{ text: `INSERT INTO ${target} (${columns}) SELECT ${columns} FROM ${stage} WHERE ${op} <> 'd'` },
		);
	}
	statements.push(
		{
			text: `UPDATE ${positions} SET "position" = ${batch} WHERE "target_table" = $1 AND "position" < ${batch}`,
			values: [key, options.batchPosition],
		},
		{
			text: `INSERT INTO ${positions} ("target_table", "position") SELECT CAST($1 AS VARCHAR(512)), ${batch} WHERE NOT EXISTS (SELECT 1 FROM ${positions} WHERE "target_table" = $1)`,
			values: [key, options.batchPosition],
		},
	);
	return statements;
}

/** The recorded position of a table (no row: nothing applied yet). */
export function buildReadPosition(target: TableRef, options: IdentifierOptions = {}): SqlStatement {
	return {
		text: `SELECT CAST("position" AS VARCHAR(40)) AS "position" FROM ${quoteTable(positionsTable(target), options)} WHERE "target_table" = $1`,
		values: [tableKey(target, options)],
	};
}
