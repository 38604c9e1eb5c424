import type { Client } from 'pg';

import { tableKey, type TableRef } from './tables';

/** The given tables that are partitioned (their rows live in partitions). */
export async function partitionedAmong(
	sql: Client,
	tables: readonly TableRef[],
): Promise<TableRef[]> {
	if (tables.length === 0) return [];
	const { rows } = await sql.query<{ nspname: string; relname: string }>(
		`SELECT n.nspname, c.relname
		   FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		  WHERE c.relkind = 'p'
		    AND (n.nspname, c.relname) IN (SELECT * FROM unnest($1::text[], $2::text[]))
		  ORDER BY 1, 2`,
		[tables.map((table) => table.schema), tables.map((table) => table.table)],
	);
	return rows.map((row) => ({ schema: row.nspname, table: row.relname }));
}

/**
 * Every partition (at any depth) of the given partitioned tables, keyed by tableKey, with the
 * selected table it belongs to. The event filter uses it to tell "a table the user did not choose"
 * from "a partition of one the user chose, published under its own name".
 */
export async function readPartitionLeaves(
	sql: Client,
	roots: readonly TableRef[],
): Promise<Map<string, TableRef>> {
	const leaves = new Map<string, TableRef>();
	for (const root of await partitionedAmong(sql, roots)) {
		const { rows } = await sql.query<{ nspname: string; relname: string }>(
			`SELECT n.nspname, c.relname
			   FROM pg_partition_tree(format('%I.%I', $1::text, $2::text)::regclass) tree
			   JOIN pg_class c ON c.oid = tree.relid
			   JOIN pg_namespace n ON n.oid = c.relnamespace
			  WHERE tree.level > 0`,
			[root.schema, root.table],
		);
		for (const row of rows) leaves.set(tableKey({ schema: row.nspname, table: row.relname }), root);
	}
	return leaves;
}

/**
 * The partitions a publication publishes under their own names (it lacks publish_via_partition_root),
 * optionally only those in one schema.
 */
export async function partitionsPublishedByName(
	sql: Client,
	publication: string,
	schema?: string,
): Promise<TableRef[]> {
	const { rows } = await sql.query<{ schemaname: string; tablename: string }>(
		`SELECT pt.schemaname, pt.tablename
		   FROM pg_publication_tables pt
		   JOIN pg_namespace n ON n.nspname = pt.schemaname
		   JOIN pg_class c ON c.relnamespace = n.oid AND c.relname = pt.tablename
		  WHERE pt.pubname = $1 AND c.relispartition AND ($2::text IS NULL OR pt.schemaname = $2)
		  ORDER BY 1, 2`,
		[publication, schema ?? null],
	);
	return rows.map((row) => ({ schema: row.schemaname, table: row.tablename }));
}
