import { SqlBuildError } from '../redshift/sql/errors';
import { normalizeIdentifier, quoteIdentifier, quoteTable, type IdentifierOptions, type TableRef } from '../redshift/sql/identifiers';

export interface MergeOptions extends IdentifierOptions {
	target: TableRef;
	stage: string;
	keys: string[];
	columns: string[];
}

const SOURCE = '"_n8n_source"';

/**
 * Upsert with MERGE in Redshift's grammar (DG r_MERGE.md): the target takes no alias, so its
 * columns are qualified by its own (quoted) name; the source is a table with an alias. The stage
 * must be deduplicated first: a target row matching two source rows fails the MERGE.
 */
export function buildRedshiftMerge(options: MergeOptions): string {
	if (options.keys.length === 0) throw new SqlBuildError('MERGE needs at least one key column.');
	const keys = new Set(options.keys.map((key) => normalizeIdentifier(key, options)));
	const targetName = quoteIdentifier(options.target.name, options);
	const column = (name: string) => quoteIdentifier(name, options);
	const updatable = options.columns.filter((name) => !keys.has(normalizeIdentifier(name, options)));
	// MERGE needs a WHEN MATCHED action; with only key columns, setting a key to itself changes nothing.
	const assignments = (updatable.length > 0 ? updatable : [options.keys[0]])
		.map((name) => `${column(name)} = ${SOURCE}.${column(name)}`)
		.join(', ');
	const match = options.keys.map((key) => `${targetName}.${column(key)} = ${SOURCE}.${column(key)}`).join(' AND ');
	const list = options.columns.map(column);
	return (
		`MERGE INTO ${quoteTable(options.target, options)} USING ${quoteIdentifier(options.stage, options)} AS ${SOURCE} ON ${match} ` +
		`WHEN MATCHED THEN UPDATE SET ${assignments} ` +
		`WHEN NOT MATCHED THEN INSERT (${list.join(', ')}) VALUES (${list.map((name) => `${SOURCE}.${name}`).join(', ')})`
	);
}
