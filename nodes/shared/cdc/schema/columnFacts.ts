import type { ColumnDefinition, SchemaChange } from './diffRelations';

/** What the catalog says about a column beyond its type (pg_attribute.attnotnull, pg_attrdef). */
export interface ColumnCatalogFacts {
	nullable: boolean;
	/** pg_get_expr(adbin) of the column default; null when it has none. */
	default: string | null;
	/** pg_type.typcategory ('E' enum, 'A' array, 'S' string, …): tells enums from other user types. */
	typeCategory?: string;
}

/** Catalog facts by column name. */
export type ColumnFactsByName = ReadonlyMap<string, ColumnCatalogFacts>;

function addFacts(column: ColumnDefinition, facts: ColumnFactsByName): void {
	const found = facts.get(column.name);
	if (found === undefined) return; // not (or no longer) in the catalog: unknown, so left out
	column.nullable = found.nullable;
	column.default = found.default;
	if (found.typeCategory) column.typeCategory = found.typeCategory;
}

/**
 * Adds nullable and default to the columns a schema event describes as they are now (the dropped
 * ones and a retyped column's old definition have no current facts). Matched by name, so a column
 * renamed or dropped since the Relation message stays without them.
 */
export function addCatalogFacts(change: SchemaChange, facts: ColumnFactsByName | undefined): void {
	if (facts === undefined) return;
	for (const column of [...change.columns, ...change.addedColumns]) addFacts(column, facts);
	for (const retyped of change.retypedColumns) addFacts(retyped.to, facts);
	for (const renamed of change.renamedColumns) addFacts(renamed.column, facts);
}
