import { formatColumnType, toColumnType, type ColumnType } from '../../staging/columnTypes';
import { SqlBuildError } from './errors';
import {
	normalizeIdentifier,
	quoteIdentifier,
	quoteTable,
	type IdentifierOptions,
	type TableRef,
} from './identifiers';

export interface StagingTableOptions extends IdentifierOptions {
	/** A bare name: temp tables live in the session's own schema. */
	stage: string;
	/** The table whose columns (and types) the stage copies. */
	like: TableRef;
	/** Columns after the target's, e.g. the load ordinal or the CDC operation and position. */
	extraColumns?: { name: string; type: ColumnType | string }[];
}

/**
 * A session temp table to COPY into before touching the target. Without extra columns it is
 * `(LIKE target)`; with them it is an empty CREATE TABLE AS, which keeps the target's column
 * types and appends the extras (ALTER TABLE ADD COLUMN is avoided inside the load transaction).
 */
export function buildCreateStagingTable(options: StagingTableOptions): string {
	const stage = quoteIdentifier(options.stage, options);
	const like = quoteTable(options.like, options);
	if (!options.extraColumns?.length) return `CREATE TEMP TABLE ${stage} (LIKE ${like})`;
	const extras = options.extraColumns.map(
		(column) =>
			`CAST(NULL AS ${formatColumnType(toColumnType(column.type))}) AS ${quoteIdentifier(column.name, options)}`,
	);
	return `CREATE TEMP TABLE ${stage} AS SELECT *, ${extras.join(', ')} FROM ${like} WHERE 1 = 0`;
}

/**
 * The stage's name must differ from the target's (in any schema): statements qualify columns by
 * table name, and the same bare name on both sides would be ambiguous.
 */
export function assertStageDiffers(
	stage: string,
	target: TableRef,
	options: IdentifierOptions = {},
): void {
	if (normalizeIdentifier(stage, options) === normalizeIdentifier(target.name, options)) {
		throw new SqlBuildError(
			`The staging table ${JSON.stringify(stage)} has the target's name; pick another.`,
		);
	}
}
