import type { Client } from 'pg';

import type { RelationMessage } from '../pgoutput/messages';
import { qualifiedName } from '../replication/sqlText';
import type { TableRef } from '../slots/tables';

/** A table's key indexes as the catalog has them now, columns in index order. */
export interface CatalogKey {
	primaryKey: string[];
	/** The index REPLICA IDENTITY USING INDEX points at; empty under any other identity. */
	replicaIdentityIndex: string[];
}

/** Columns of the index on `c` that `flag` selects, in index order (text[] so node-postgres parses it). */
const indexColumns = (flag: string) => `(
	SELECT array_agg(a.attname::text ORDER BY k.position)
	  FROM pg_index i
	  CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, position)
	  JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
	 WHERE i.indrelid = c.oid AND ${flag})`;

const KEY_BY_OID = `
SELECT ${indexColumns('i.indisprimary')} AS primary_key,
       ${indexColumns("i.indisreplident AND c.relreplident = 'i'")} AS identity_index
  FROM pg_class c
 WHERE c.oid = $1`;

/** The table's key indexes; undefined when the relation no longer exists (dropped since the change). */
export async function readCatalogKey(
	sql: Client,
	relationOid: number,
): Promise<CatalogKey | undefined> {
	const { rows } = await sql.query<{
		primary_key: string[] | null;
		identity_index: string[] | null;
	}>(KEY_BY_OID, [relationOid]);
	if (rows.length === 0) return undefined;
	return {
		primaryKey: rows[0].primary_key ?? [],
		replicaIdentityIndex: rows[0].identity_index ?? [],
	};
}

/**
 * The columns that make up a change event's `key`:
 * - REPLICA IDENTITY USING INDEX: that index (Postgres sends only its columns in a delete's old row);
 * - else the primary key (under FULL the old row holds it, under DEFAULT it is the identity);
 * - else none: FULL without a primary key, or NOTHING (key null).
 * Undefined when the catalog no longer matches the Relation message (a key column renamed or dropped
 * since, or the table dropped): the caller then falls back to the columns pgoutput flags.
 */
export function eventKeyColumns(
	relation: RelationMessage,
	catalog: CatalogKey | undefined,
): string[] | undefined {
	if (catalog === undefined) return undefined;
	const chosen =
		relation.replicaIdentity === 'i' && catalog.replicaIdentityIndex.length > 0
			? catalog.replicaIdentityIndex
			: catalog.primaryKey;
	const names = new Set(relation.columns.map((column) => column.name));
	return chosen.every((name) => names.has(name)) ? chosen : undefined;
}

const TABLES_WITHOUT_KEY = `
SELECT t.schema_name AS schema, t.table_name AS "table"
  FROM unnest($1::text[], $2::text[]) AS t(schema_name, table_name)
  JOIN pg_namespace n ON n.nspname = t.schema_name
  JOIN pg_class c ON c.relnamespace = n.oid AND c.relname = t.table_name
 WHERE NOT EXISTS (
	SELECT 1 FROM pg_index i
	 WHERE i.indrelid = c.oid AND (i.indisprimary OR (i.indisreplident AND c.relreplident = 'i')))
 ORDER BY 1, 2`;

/**
 * The tables (of those given that exist) with neither a primary key nor a replica identity index:
 * their change events carry `key: null`, so a changelog apply cannot match their updates and deletes.
 */
export async function tablesWithoutKey(
	sql: Client,
	tables: readonly TableRef[],
): Promise<TableRef[]> {
	if (tables.length === 0) return [];
	const { rows } = await sql.query<TableRef>(TABLES_WITHOUT_KEY, [
		tables.map((table) => table.schema),
		tables.map((table) => table.table),
	]);
	return rows.map((row) => ({ schema: row.schema, table: row.table }));
}

/** The activation warning for a table tablesWithoutKey found, with the ways to fix it. */
export function tableWithoutKeyWarning(table: TableRef): string {
	const name = qualifiedName(table.schema, table.table);
	return (
		`Table ${name} has neither a primary key nor a replica identity index, so its change events carry no key ` +
		`(key: null) and Apply Changelog cannot match its updates and deletes. Add a primary key ` +
		`(ALTER TABLE ${name} ADD PRIMARY KEY (...)), or a unique index on NOT NULL columns with ` +
		`ALTER TABLE ${name} REPLICA IDENTITY USING INDEX <index>, or set Key Columns for this table in the Sink.`
	);
}
