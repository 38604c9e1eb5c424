import { SqlBuildError } from './errors';
import {
	normalizeIdentifier,
	quoteIdentifier,
	quoteTable,
	type IdentifierOptions,
	type TableRef,
} from './identifiers';

export interface SwapOverwriteOptions extends IdentifierOptions {
	target: TableRef;
	/** A loaded table in the target's schema (CREATE TABLE … (LIKE target) + COPY), given as a bare name. */
	replacement: string;
	/** The name the old table gets before it is dropped, e.g. `<table>_n8n_old_<run>`. */
	retiredName: string;
	/** DROP … CASCADE: also drops views on the old table (they would block the DROP otherwise). */
	cascade?: boolean;
	/** Keep the old table under retiredName instead of dropping it. */
	keepRetired?: boolean;
}

/**
 * Atomic overwrite: after the replacement is loaded, swap names and drop the old table, all
 * inside one transaction, so readers see either the old rows or the new ones. Grants and views
 * on the old table do not move to the new one (the same trade-off as Airbyte and awswrangler).
 */
export function buildSwapOverwrite(options: SwapOverwriteOptions): string[] {
	const names = new Set(
		[options.target.name, options.replacement, options.retiredName].map((name) =>
			normalizeIdentifier(name, options),
		),
	);
	if (names.size !== 3)
		throw new SqlBuildError('The target, replacement and retired table names must all differ.');
	const schema = options.target.schema;
	const target = quoteTable(options.target, options);
	const replacement = quoteTable({ schema, name: options.replacement }, options);
	const retired = quoteTable({ schema, name: options.retiredName }, options);
	// RENAME TO takes a bare name: the table stays in its schema.
	const statements = [
		`ALTER TABLE ${target} RENAME TO ${quoteIdentifier(options.retiredName, options)}`,
		`ALTER TABLE ${replacement} RENAME TO ${quoteIdentifier(options.target.name, options)}`,
	];
	if (!options.keepRetired)
		statements.push(`DROP TABLE ${retired}${options.cascade ? ' CASCADE' : ''}`);
	return statements;
}

/** Atomic but slower overwrite: DELETE keeps grants and views and can run inside the load transaction. */
export function buildDeleteAllRows(target: TableRef, options: IdentifierOptions = {}): string {
	return `DELETE FROM ${quoteTable(target, options)}`;
}

/**
 * Fast, NOT atomic overwrite. TRUNCATE commits the current transaction in Redshift (and
 * starts a new one), so the overwrite happens in two transactions: readers can see an empty
 * table, and a failed COPY afterwards leaves it empty. Never run it inside the load transaction.
 */
export function buildTruncate(target: TableRef, options: IdentifierOptions = {}): string {
	return `TRUNCATE ${quoteTable(target, options)}`;
}

/** Appends the stage into the target inside the load transaction. */
export function buildInsertFromStage(
	target: TableRef,
	stage: string,
	columns: string[],
	options: IdentifierOptions = {},
): string {
	if (columns.length === 0) throw new SqlBuildError('INSERT … SELECT needs at least one column.');
	const list = columns.map((column) => quoteIdentifier(column, options)).join(', ');
	return `INSERT INTO ${quoteTable(target, options)} (${list}) SELECT ${list} FROM ${quoteIdentifier(stage, options)}`;
}
