import type { Client, CustomTypesConfig } from 'pg';

import { connectSql } from '../replication/replicationConnection';
import type { ReplicationConnectionOptions } from '../replication/types';
import type { CreatedSlot } from '../slots/replicationSlot';
import type { TableRef } from '../slots/tables';
import { chunkSql, setTransactionSnapshotSql, type ChunkOrder } from './snapshotSql';
import { readTablePlan, type SnapshotColumn, type TableReadPlan } from './tablePlan';

export type { SnapshotColumn } from './tablePlan';

/** One chunk of rows of one table; values in PostgreSQL text form (the same form pgoutput sends). */
export interface SnapshotChunk {
	table: TableRef;
	/** The table's OID, as Relation messages name it. */
	relationOid: number;
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
	 * Tables without a primary key or replica identity index: 'ctid' walks them in physical order
	 * (stable inside the snapshot transaction; default), 'refuse' stops with an error naming the table.
	 */
	tablesWithoutKey?: 'ctid' | 'refuse';
	/**
	 * The publication the stream reads. When given, the snapshot shows only what it publishes: its
	 * column lists and row filters (PG 15+) apply to the snapshot's rows as they do to the stream's.
	 */
	publicationName?: string;
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
			yield* readTable(client, table, options, chunkRows);
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
	options: InitialSnapshotOptions,
	chunkRows: number,
): AsyncGenerator<SnapshotChunk> {
	const plan = await readTablePlan(client, table, options.publicationName);
	if (plan.keyColumns.length === 0 && (options.tablesWithoutKey ?? 'ctid') === 'refuse') {
		throw new Error(
			`Table ${table.schema}.${table.table} has no primary key (nor a replica identity index), so the initial snapshot cannot read it in key order. Add a primary key, or allow reading tables without one in physical order.`,
		);
	}
	let rowsSoFar = 0;
	for (const [index, source] of plan.sources.entries()) {
		const lastSource = index === plan.sources.length - 1;
		for await (const rows of readSource(client, source, plan, chunkRows)) {
			rowsSoFar += rows.length;
			const lastOfTable = lastSource && rows.length < chunkRows;
			if (rows.length > 0 || lastOfTable)
				yield {
					table,
					relationOid: plan.relationOid,
					columns: plan.columns,
					rows,
					rowsSoFar,
					lastOfTable,
				};
		}
	}
	// A partitioned table without partitions holding rows still ends with its (empty) last chunk.
	if (plan.sources.length === 0)
		yield {
			table,
			relationOid: plan.relationOid,
			columns: plan.columns,
			rows: [],
			rowsSoFar,
			lastOfTable: true,
		};
}

/** Chunks of one relation in key (or physical) order; the last one is shorter than a full chunk. */
async function* readSource(
	client: Client,
	source: TableRef,
	plan: TableReadPlan,
	chunkRows: number,
): AsyncGenerator<Array<Array<string | null>>> {
	const order: ChunkOrder =
		plan.keyColumns.length > 0
			? { kind: 'primaryKey', keyColumns: plan.keyColumns }
			: { kind: 'ctid' };
	const cursorWidth = order.kind === 'ctid' ? 1 : plan.keyColumns.length;
	const names = plan.columns.map((column) => column.name);
	let afterKey: string[] | undefined;
	for (;;) {
		const result = await client.query<Array<string | null>>({
			text: chunkSql(source, names, order, afterKey !== undefined, chunkRows, plan.rowFilter),
			values: afterKey ?? [],
			rowMode: 'array',
			types: TEXT_ONLY,
		});
		yield result.rows.map((row) => row.slice(0, names.length));
		if (result.rows.length < chunkRows) return;
		afterKey = result.rows[result.rows.length - 1].slice(
			names.length,
			names.length + cursorWidth,
		) as string[];
	}
}
