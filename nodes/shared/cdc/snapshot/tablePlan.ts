import type { Client } from 'pg';

import type { TableRef } from '../slots/tables';

export interface SnapshotColumn {
	name: string;
	typeOid: number;
	/** atttypmod: length, precision and scale (-1 when the type has none). */
	typeModifier: number;
	/** pg_type.typname: 'int4', 'varchar', '_text', or an enum's name. */
	pgTypeName: string;
	/** format_type() output, e.g. 'numeric(10,2)'. */
	typeName: string;
	/** Part of the snapshot key: the replica identity index under USING INDEX, else the primary key. */
	isKey: boolean;
	/** False when the column is NOT NULL (readTablePlan always sets it). */
	nullable?: boolean;
	/** pg_get_expr(adbin) of the column default; null when it has none (readTablePlan always sets it). */
	default?: string | null;
	/** pg_type.typcategory ('E' for enums). */
	typeCategory?: string;
}

/** How one table is read: what the publication lets through, and in which order. */
export interface TableReadPlan {
	/** The table's OID (pg_class.oid), as Relation messages name it. */
	relationOid: number;
	/** The published columns in attribute order (as in Relation messages). */
	columns: SnapshotColumn[];
	/**
	 * The columns that identify a row, in their index's order, chosen as streamed events choose their
	 * key (keys/catalogKeys.ts): the replica identity index under REPLICA IDENTITY USING INDEX, else the
	 * primary key, else none. Paging walks them, also when a
	 * publication's column list leaves them out of the items.
	 */
	keyColumns: string[];
	/** The publication's row filter (PG 15+), as PostgreSQL printed it from its catalog. */
	rowFilter?: string;
	/**
	 * Where the rows are read from: the table itself, or, for a partitioned table without a key, each of
	 * its leaf partitions (their ctids repeat across partitions, so one ctid walk over the root skips rows).
	 */
	sources: TableRef[];
}

interface ColumnRow {
	name: string;
	type_oid: number;
	type_modifier: number;
	pg_type_name: string;
	type_name: string;
	key_position: number | null;
	not_null: boolean;
	default_expression: string | null;
	type_category: string;
	relkind: string;
	relation_oid: number;
}

/**
 * Reads the plan inside the snapshot transaction, so it describes the tables and the publication as
 * of the slot's consistent point (catalog reads through SQL follow the transaction's snapshot).
 */
export async function readTablePlan(
	client: Client,
	table: TableRef,
	publicationName?: string,
): Promise<TableReadPlan> {
	const { rows } = await client.query<ColumnRow>(
		`SELECT a.attname AS name, a.atttypid::int AS type_oid, a.atttypmod AS type_modifier,
		        (SELECT t.typname::text FROM pg_type t WHERE t.oid = a.atttypid) AS pg_type_name,
		        (SELECT t.typcategory::text FROM pg_type t WHERE t.oid = a.atttypid) AS type_category,
		        format_type(a.atttypid, a.atttypmod) AS type_name,
		        array_position(k.indkey::int2[], a.attnum) AS key_position, c.relkind::text AS relkind,
		        c.oid::int8 AS relation_oid, a.attnotnull AS not_null,
		        pg_get_expr(d.adbin, d.adrelid) AS default_expression
		   FROM pg_attribute a
		   JOIN pg_class c ON c.oid = a.attrelid
		   JOIN pg_namespace n ON n.oid = c.relnamespace
		   LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
		   LEFT JOIN LATERAL (
		        SELECT i.indkey FROM pg_index i
		         WHERE i.indrelid = c.oid AND (i.indisprimary OR (c.relreplident = 'i' AND i.indisreplident))
		         ORDER BY (c.relreplident = 'i' AND i.indisreplident) DESC LIMIT 1) k ON true
		  WHERE n.nspname = $1 AND c.relname = $2 AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
		  ORDER BY a.attnum`,
		[table.schema, table.table],
	);
	if (rows.length === 0) {
		throw new Error(
			`Table ${table.schema}.${table.table} does not exist or has no columns the snapshot can read.`,
		);
	}
	// Key columns in the index's own order, so ORDER BY walks it.
	const keyColumns = rows
		.filter((row) => row.key_position !== null)
		.sort((a, b) => (a.key_position ?? 0) - (b.key_position ?? 0))
		.map((row) => row.name);
	const published = publicationName
		? await readPublishedShape(client, table, publicationName)
		: undefined;
	const columns = rows
		.filter((row) => published?.columns?.has(row.name) ?? true)
		.map((row) => ({
			name: row.name,
			typeOid: Number(row.type_oid),
			typeModifier: Number(row.type_modifier),
			pgTypeName: row.pg_type_name,
			typeName: row.type_name,
			isKey: row.key_position !== null,
			nullable: !row.not_null,
			default: row.default_expression,
			typeCategory: row.type_category,
		}));
	if (columns.length === 0) {
		throw new Error(
			`Publication "${publicationName}" publishes no column of ${table.schema}.${table.table} that the snapshot can read.`,
		);
	}
	const partitioned = rows[0].relkind === 'p';
	const sources =
		partitioned && keyColumns.length === 0 ? await leafPartitions(client, table) : [table];
	return {
		relationOid: Number(rows[0].relation_oid),
		columns,
		keyColumns,
		rowFilter: published?.rowFilter,
		sources,
	};
}

/**
 * The publication's column list and row filter for the table (PG 15+; PG 14 has neither, so every
 * column and row is published). A table the publication does not publish is refused: the stream
 * would never carry its changes.
 */
async function readPublishedShape(
	client: Client,
	table: TableRef,
	publicationName: string,
): Promise<{ columns?: Set<string>; rowFilter?: string }> {
	const { rows: version } = await client.query<{ filters: boolean }>(
		"SELECT current_setting('server_version_num')::int >= 150000 AS filters",
	);
	const shape = version[0].filters
		? 'attnames::text[] AS attnames, rowfilter'
		: 'NULL::text[] AS attnames, NULL::text AS rowfilter';
	const { rows } = await client.query<{ attnames: string[] | null; rowfilter: string | null }>(
		`SELECT ${shape} FROM pg_publication_tables WHERE pubname = $1 AND schemaname = $2 AND tablename = $3`,
		[publicationName, table.schema, table.table],
	);
	if (rows.length === 0) {
		throw new Error(
			`Publication "${publicationName}" does not publish ${table.schema}.${table.table}, so the snapshot cannot read it. Add the table to the publication (ALTER PUBLICATION "${publicationName}" ADD TABLE …) or remove it from the trigger.`,
		);
	}
	const { attnames, rowfilter } = rows[0];
	return {
		columns: attnames ? new Set(attnames) : undefined,
		rowFilter: rowfilter ?? undefined,
	};
}

/** Leaf partitions that hold rows (foreign-table partitions are not published, so not read). */
async function leafPartitions(client: Client, table: TableRef): Promise<TableRef[]> {
	const { rows } = await client.query<{ nspname: string; relname: string }>(
		`SELECT n.nspname, c.relname
		   FROM pg_partition_tree(format('%I.%I', $1::text, $2::text)::regclass) tree
		   JOIN pg_class c ON c.oid = tree.relid
		   JOIN pg_namespace n ON n.oid = c.relnamespace
		  WHERE tree.isleaf AND c.relkind = 'r'
		  ORDER BY 1, 2`,
		[table.schema, table.table],
	);
	return rows.map((row) => ({ schema: row.nspname, table: row.relname }));
}
