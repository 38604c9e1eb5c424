import type { Client } from 'pg';

import type { RelationMessage } from '../pgoutput/messages';
import { qualifiedName } from '../replication/sqlText';
import type { ColumnCatalogFacts } from '../schema/columnFacts';
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

const KEY_COLUMNS = `${indexColumns('i.indisprimary')} AS primary_key,
       ${indexColumns("i.indisreplident AND c.relreplident = 'i'")} AS identity_index,
       c.relreplident AS replica_identity`;

/**
 * Nullability and default of every column of `c`, as json node-postgres parses. A generated column's
 * expression is not a default (pg_attrdef holds both), so it shows none.
 */
const COLUMN_FACTS = `(
	SELECT json_agg(json_build_object(
	         'name', a.attname,
	         'nullable', NOT a.attnotnull,
	         'default', CASE WHEN a.attgenerated = '' THEN pg_get_expr(d.adbin, d.adrelid) END,
	         'typeCategory', (SELECT t.typcategory FROM pg_type t WHERE t.oid = a.atttypid))
	         ORDER BY a.attnum)
	  FROM pg_attribute a
	  LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
	 WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped) AS columns`;

/** One query per relation: its key indexes and its columns' catalog facts. */
const RELATION_BY_OID = `SELECT ${KEY_COLUMNS}, ${COLUMN_FACTS} FROM pg_class c WHERE c.oid = $1`;

const KEY_BY_NAME = `
SELECT ${KEY_COLUMNS}
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE n.nspname = $1 AND c.relname = $2`;

type ReplicaIdentity = RelationMessage['replicaIdentity'];

interface KeyRow {
	primary_key: string[] | null;
	identity_index: string[] | null;
	replica_identity: ReplicaIdentity;
}

interface RelationRow extends KeyRow {
	columns: Array<ColumnCatalogFacts & { name: string }> | null;
}

function toCatalogKey(row: KeyRow): CatalogKey {
	return { primaryKey: row.primary_key ?? [], replicaIdentityIndex: row.identity_index ?? [] };
}

/** A relation as the catalog has it now: its key indexes and what it says about each column. */
export interface RelationCatalog {
	key: CatalogKey;
	columns: Map<string, ColumnCatalogFacts>;
}

/** The relation's keys and column facts; undefined when it no longer exists (dropped since the change). */
export async function readRelationCatalog(
	sql: Client,
	relationOid: number,
): Promise<RelationCatalog | undefined> {
	const { rows } = await sql.query<RelationRow>(RELATION_BY_OID, [relationOid]);
	if (rows.length === 0) return undefined;
	const columns = new Map<string, ColumnCatalogFacts>();
	for (const column of rows[0].columns ?? []) {
		columns.set(column.name, {
			nullable: column.nullable,
			default: column.default,
			typeCategory: column.typeCategory,
		});
	}
	return { key: toCatalogKey(rows[0]), columns };
}

/** The table's key indexes; undefined when the relation no longer exists (dropped since the change). */
export async function readCatalogKey(
	sql: Client,
	relationOid: number,
): Promise<CatalogKey | undefined> {
	return (await readRelationCatalog(sql, relationOid))?.key;
}

/**
 * The key columns of a change event of a table with this replica identity:
 * - USING INDEX: that index (Postgres sends only its columns in a delete's old row);
 * - else the primary key (under FULL the old row holds it, under DEFAULT it is the identity);
 * - else none: FULL without a primary key, or NOTHING (key null).
 */
export function chooseKeyColumns(identity: ReplicaIdentity, catalog: CatalogKey): string[] {
	return identity === 'i' && catalog.replicaIdentityIndex.length > 0
		? catalog.replicaIdentityIndex
		: catalog.primaryKey;
}

/**
 * chooseKeyColumns for a streamed relation. Undefined when the catalog no longer matches the
 * Relation message (a key column renamed or dropped since, or the table dropped): the caller then
 * falls back to the columns pgoutput flags.
 */
export function eventKeyColumns(
	relation: RelationMessage,
	catalog: CatalogKey | undefined,
): string[] | undefined {
	if (catalog === undefined) return undefined;
	const chosen = chooseKeyColumns(relation.replicaIdentity, catalog);
	const names = new Set(relation.columns.map((column) => column.name));
	return chosen.every((name) => names.has(name)) ? chosen : undefined;
}

/**
 * The same key for a table by name (e.g. for snapshot rows, so they carry the key streamed changes
 * of the table carry); undefined when the table does not exist.
 */
export async function tableKeyColumns(sql: Client, table: TableRef): Promise<string[] | undefined> {
	const { rows } = await sql.query<KeyRow>(KEY_BY_NAME, [table.schema, table.table]);
	return rows.length === 0
		? undefined
		: chooseKeyColumns(rows[0].replica_identity, toCatalogKey(rows[0]));
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
