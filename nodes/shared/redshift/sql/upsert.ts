import { SqlBuildError } from './errors';
import {
	normalizeIdentifier,
	quoteColumnList,
	quoteIdentifier,
	quoteTable,
	type IdentifierOptions,
	type TableRef,
} from './identifiers';
import { assertStageDiffers } from './stagingTable';

/** The staged row's position in the input; staging writes it so order survives a parallel COPY. */
export const ORDINAL_COLUMN = '_n8n_ordinal';

export interface UpsertOptions extends IdentifierOptions {
	target: TableRef;
	/** The temp staging table (bare name). */
	stage: string;
	/** Key columns that identify a row. Rows with a NULL key never match and are inserted. */
	keys: string[];
	/** Columns to write, keys included (not the ordinal). */
	columns: string[];
}

export interface DeduplicateOptions extends IdentifierOptions {
	stage: string;
	keys: string[];
	/** Which row of a key survives: the first in this order. Default: highest ordinal (the last item). */
	orderBy?: { column: string; descending: boolean }[];
	/** A column unique per staged row. Default the ordinal column. */
	rowId?: string;
}

/**
 * Keeps one staged row per key (the last one by default) and deletes the rest, so a key that
 * appears twice in a batch neither duplicates rows nor breaks MERGE ("multiple matches").
 */
export function buildDeduplicateStaging(options: DeduplicateOptions): string {
	const stage = quoteIdentifier(options.stage, options);
	const rowId = quoteIdentifier(options.rowId ?? ORDINAL_COLUMN, options);
	const order = (options.orderBy ?? [{ column: options.rowId ?? ORDINAL_COLUMN, descending: true }])
		.map(
			({ column, descending }) =>
				`${quoteIdentifier(column, options)} ${descending ? 'DESC' : 'ASC'}`,
		)
		.join(', ');
	const partition = quoteColumnList(requireKeys(options.keys), options);
	return (
		`DELETE FROM ${stage} WHERE ${rowId} IN (SELECT ${rowId} FROM (SELECT ${rowId}, ROW_NUMBER() OVER ` +
		`(PARTITION BY ${partition} ORDER BY ${order}) AS "_n8n_row" FROM ${stage}) AS "_n8n_ranked" WHERE "_n8n_row" > 1)`
	);
}

/** How many staged rows have a NULL in a key column (they would be inserted, never matched). */
export function buildCountNullKeys(
	options: Pick<UpsertOptions, 'stage' | 'keys'> & IdentifierOptions,
): string {
	const condition = requireKeys(options.keys)
		.map((key) => `${quoteIdentifier(key, options)} IS NULL`)
		.join(' OR ');
	return `SELECT COUNT(*) AS "null_keys" FROM ${quoteIdentifier(options.stage, options)} WHERE ${condition}`;
}

/**
 * Upsert by replacing rows (the AWS "merge by replacing rows" pattern): delete the target rows
 * whose key is staged, then insert every staged row. Both statements belong in one transaction.
 */
export function buildUpsertDeleteInsert(options: UpsertOptions): string[] {
	assertStageDiffers(options.stage, options.target);
	const target = quoteTable(options.target, options);
	const stage = quoteIdentifier(options.stage, options);
	const match = keyMatch(options, target, stage);
	const columns = quoteColumnList(options.columns, options);
	return [
		`DELETE FROM ${target} USING ${stage} WHERE ${match}`,
		`INSERT INTO ${target} (${columns}) SELECT ${columns} FROM ${stage}`,
	];
}

/**
 * Upsert with MERGE; the stage must be deduplicated first (one source row per target row).
 * Redshift's MERGE takes no alias for the target, so the target is named in full and the stage
 * by its own (different) name.
 */
export function buildUpsertMerge(options: UpsertOptions): string {
	assertStageDiffers(options.stage, options.target);
	const target = quoteTable(options.target, options);
	const stage = quoteIdentifier(options.stage, options);
	const keys = new Set(requireKeys(options.keys).map((key) => normalizeIdentifier(key, options)));
	const columns = options.columns.map((column) => quoteIdentifier(column, options));
	const updatable = options.columns.filter(
		(column) => !keys.has(normalizeIdentifier(column, options)),
	);
	// MERGE needs a WHEN MATCHED action; when every column is a key, setting a key to itself is a no-op.
	const assignments = (updatable.length ? updatable : [options.keys[0]])
		.map(
			(column) =>
				`${quoteIdentifier(column, options)} = ${stage}.${quoteIdentifier(column, options)}`,
		)
		.join(', ');
	return (
		`MERGE INTO ${target} USING ${stage} ON ${keyMatch(options, target, stage)} ` +
		`WHEN MATCHED THEN UPDATE SET ${assignments} ` +
		`WHEN NOT MATCHED THEN INSERT (${columns.join(', ')}) VALUES (${columns.map((column) => `${stage}.${column}`).join(', ')})`
	);
}

export function keyMatch(
	options: Pick<UpsertOptions, 'keys'> & IdentifierOptions,
	left: string,
	right: string,
): string {
	return requireKeys(options.keys)
		.map((key) => {
			const column = quoteIdentifier(key, options);
			return `${left}.${column} = ${right}.${column}`;
		})
		.join(' AND ');
}

function requireKeys(keys: string[]): string[] {
	if (!keys?.length) throw new SqlBuildError('Upsert needs at least one key column.');
	return keys;
}
