import type { Client, CustomTypesConfig } from 'pg';

import { connectSql } from '../replication/replicationConnection';
import type { ReplicationConnectionOptions } from '../replication/types';
import type { CreatedSlot } from '../slots/replicationSlot';
import type { TableRef } from '../slots/tables';
import { chunkSql, setTransactionSnapshotSql, type ChunkOrder } from './snapshotSql';

export interface SnapshotColumn {
	name: string;
	typeOid: number;
	/** format_type() output, e.g. 'numeric(10,2)'. */
	typeName: string;
	isKey: boolean;
}

/** One chunk of rows of one table; values in PostgreSQL text form (the same form pgoutput sends). */
export interface SnapshotChunk {
	table: TableRef;
	columns: SnapshotColumn[];
	rows: Array<Array<string | null>>;
	/** Rows of this table delivered so far, this chunk included. */
	rowsSoFar: number;
	/** True on the last chunk of the table (it may hold no rows when the table is empty). */
	lastOfTable: boolean;
}

export interface InitialSnapshotOptions {
	connection: ReplicationConnectionOptions;
	/** A slot created with an exported snapshot; its exporting connection is released here once imported. */
	slot: CreatedSlot;
	tables: TableRef[];
	/** Rows per chunk (default 5 000). Memory is bounded by one chunk. */
	chunkRows?: number;
	/**
	 * Tables without a primary key: 'ctid' walks them in physical order (stable inside the snapshot
	 * transaction; default), 'refuse' stops with an error naming the table.
	 */
	tablesWithoutKey?: 'ctid' | 'refuse';
}

/** Every value stays in its text form: no lossy JS conversion of int8, numeric or timestamps. */
const TEXT_ONLY: CustomTypesConfig = {
	getTypeParser: () => (value: string) => value,
} as CustomTypesConfig;

/**
 * Reads the tables as they were at the slot's consistent point: a REPEATABLE READ transaction on its
 * own connection imports the slot's exported snapshot, then each table is read in key-ordered
 * chunks. Streaming the slot from its consistent point afterwards continues with no gap and no
 * duplicate. The snapshot cannot be resumed: if this fails part-way, drop the slot and start over.
 */
export async function* readInitialSnapshot(
	options: InitialSnapshotOptions,
): AsyncGenerator<SnapshotChunk> {
	const snapshotName = options.slot.snapshotName;
	if (!snapshotName) {
		throw new Error(
			`Slot "${options.slot.slotName}" was created without an exported snapshot; an initial snapshot needs a new slot created with one.`,
		);
	}
	const chunkRows = options.chunkRows ?? 5_000;
	let client: Client | undefined;
	try {
		client = await connectSql(options.connection);
		// Workflow runs between chunks may take long: server-wide idle or statement limits must not
		// kill the one transaction that holds the snapshot (it cannot be taken again on this slot).
		await client.query('SET idle_in_transaction_session_timeout = 0');
		await client.query('SET statement_timeout = 0');
		await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
		await client.query(setTransactionSnapshotSql(snapshotName));
		// The snapshot now lives in this transaction; the exporting connection may go.
		await options.slot.release();
		for (const table of options.tables) {
			yield* readTable(client, table, chunkRows, options.tablesWithoutKey ?? 'ctid');
		}
		await client.query('COMMIT');
	} finally {
		await options.slot.release();
		if (client) {
			await client.query('ROLLBACK').catch(() => {});
			await client.end().catch(() => {});
		}
	}
}

async function* readTable(
	client: Client,
	table: TableRef,
	chunkRows: number,
	tablesWithoutKey: 'ctid' | 'refuse',
): AsyncGenerator<SnapshotChunk> {
	const { columns, keyColumns } = await tableColumns(client, table);
	if (keyColumns.length === 0 && tablesWithoutKey === 'refuse') {
		throw new Error(
			`Table ${table.schema}.${table.table} has no primary key, so the initial snapshot cannot read it in key order. Add a primary key, or allow reading tables without one in physical order.`,
		);
	}
	const order: ChunkOrder =
		keyColumns.length > 0 ? { kind: 'primaryKey', keyColumns } : { kind: 'ctid' };
	const cursorWidth = order.kind === 'ctid' ? 1 : keyColumns.length;
	const names = columns.map((column) => column.name);
	let afterKey: string[] | undefined;
	let rowsSoFar = 0;
	for (;;) {
		const result = await client.query<Array<string | null>>({
			text: chunkSql(table, names, order, afterKey !== undefined, chunkRows),
			values: afterKey ?? [],
			rowMode: 'array',
			types: TEXT_ONLY,
		});
		const rows = result.rows.map((row) => row.slice(0, names.length));
		rowsSoFar += rows.length;
		const lastOfTable = result.rows.length < chunkRows;
		if (rows.length > 0 || lastOfTable) yield { table, columns, rows, rowsSoFar, lastOfTable };
		if (lastOfTable) return;
		afterKey = result.rows[result.rows.length - 1].slice(
			names.length,
			names.length + cursorWidth,
		) as string[];
	}
}

/** Published columns in attribute order (as in Relation messages): no dropped or generated ones. */
async function tableColumns(
	client: Client,
	table: TableRef,
): Promise<{ columns: SnapshotColumn[]; keyColumns: string[] }> {
	const { rows } = await client.query<{
		name: string;
		type_oid: number;
		type_name: string;
		key_position: number | null;
	}>(
		`SELECT a.attname AS name, a.atttypid::int AS type_oid, format_type(a.atttypid, a.atttypmod) AS type_name,
		        array_position(i.indkey::int2[], a.attnum) AS key_position
		   FROM pg_attribute a
		   JOIN pg_class c ON c.oid = a.attrelid
		   JOIN pg_namespace n ON n.oid = c.relnamespace
		   LEFT JOIN pg_index i ON i.indrelid = c.oid AND i.indisprimary
		  WHERE n.nspname = $1 AND c.relname = $2 AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
		  ORDER BY a.attnum`,
		[table.schema, table.table],
	);
	if (rows.length === 0) {
		throw new Error(
			`Table ${table.schema}.${table.table} does not exist or has no columns the snapshot can read.`,
		);
	}
	// Key columns in the primary key's own order, so ORDER BY walks its index.
	const keyColumns = rows
		.filter((row) => row.key_position !== null)
		.sort((a, b) => (a.key_position ?? 0) - (b.key_position ?? 0))
		.map((row) => row.name);
	const columns = rows.map((row) => ({
		name: row.name,
		typeOid: Number(row.type_oid),
		typeName: row.type_name,
		isKey: row.key_position !== null,
	}));
	return { columns, keyColumns };
}
