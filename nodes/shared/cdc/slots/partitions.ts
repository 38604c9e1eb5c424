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

/**
 * Of the given tables, the partitions whose changes a publication with publish_via_partition_root
 * sends under an ancestor's name (the ancestor is published too), each with that ancestor.
 */
export async function partitionsPublishedAsAncestor(
	sql: Client,
	publication: string,
	tables: readonly TableRef[],
): Promise<Array<{ partition: TableRef; ancestor: TableRef }>> {
	if (tables.length === 0) return [];
	const { rows } = await sql.query<{
		leaf_schema: string;
		leaf_table: string;
		root_schema: string;
		root_table: string;
	}>(
		`SELECT DISTINCT ON (ln.nspname, l.relname)
		        ln.nspname AS leaf_schema, l.relname AS leaf_table, an.nspname AS root_schema, a.relname AS root_table
		   FROM pg_class l
		   JOIN pg_namespace ln ON ln.oid = l.relnamespace
		   CROSS JOIN LATERAL pg_partition_ancestors(l.oid) anc
		   JOIN pg_class a ON a.oid = anc.relid AND a.oid <> l.oid
		   JOIN pg_namespace an ON an.oid = a.relnamespace
		   JOIN pg_publication_tables pt ON pt.pubname = $1 AND pt.schemaname = an.nspname AND pt.tablename = a.relname
		  WHERE l.relispartition
		    AND (ln.nspname, l.relname) IN (SELECT * FROM unnest($2::text[], $3::text[]))
		  ORDER BY ln.nspname, l.relname`,
		[publication, tables.map((table) => table.schema), tables.map((table) => table.table)],
	);
	return rows.map((row) => ({
		partition: { schema: row.leaf_schema, table: row.leaf_table },
		ancestor: { schema: row.root_schema, table: row.root_table },
	}));
}
