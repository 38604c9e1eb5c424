import type { Client } from 'pg';

import type { ShopTable } from './shopSchema';

export interface TableStatus {
	table: string;
	sourceRows: number;
	/** undefined: the target table does not exist yet (the first batch creates it). */
	targetRows?: number;
	/** Keys missing from the target, extra in it, or with other values. */
	missing: number;
	extra: number;
	differing: number;
}

export const differingRows = (status: TableStatus): number =>
	status.missing + status.extra + status.differing;

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Every row as key → values, all as the server's text form (the clients parse no types). */
async function rowsByKey(
	client: Client,
	table: ShopTable,
): Promise<Map<string, string> | undefined> {
	const sql = `SELECT ${table.columns.map(quote).join(', ')} FROM public.${quote(table.name)}`;
	let rows: unknown[][];
	try {
		rows = (await client.query({ text: sql, rowMode: 'array' })).rows as unknown[][];
	} catch (error) {
		if ((error as { code?: string }).code === '42P01') return undefined; // not created yet
		throw error;
	}
	const keyIndexes = table.keys.map((key) => table.columns.indexOf(key));
	const byKey = new Map<string, string>();
	for (const row of rows)
		byKey.set(JSON.stringify(keyIndexes.map((index) => row[index])), JSON.stringify(row));
	return byKey;
}

/** Source and target compared row by row, by key, values as text. */
export async function compareTable(
	source: Client,
	target: Client,
	table: ShopTable,
): Promise<TableStatus> {
	const sourceRows = (await rowsByKey(source, table)) ?? new Map<string, string>();
	const targetRows = await rowsByKey(target, table);
	const status: TableStatus = {
		table: table.name,
		sourceRows: sourceRows.size,
		targetRows: targetRows?.size,
		missing: 0,
		extra: 0,
		differing: 0,
	};
	const targetMap = targetRows ?? new Map<string, string>();
	for (const [key, values] of sourceRows) {
		const other = targetMap.get(key);
		if (other === undefined) status.missing++;
		else if (other !== values) status.differing++;
	}
	for (const key of targetMap.keys()) if (!sourceRows.has(key)) status.extra++;
	return status;
}

/** Bytes of WAL the slot has not confirmed yet (current WAL position − confirmed_flush_lsn). */
export async function slotLagBytes(source: Client, slotName: string): Promise<number | undefined> {
	const result = await source.query<{ lag: string | null }>(
		`SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), confirmed_flush_lsn)::text AS lag
		 FROM pg_replication_slots WHERE slot_name = $1`,
		[slotName],
	);
	const lag = result.rows[0]?.lag;
	return lag === undefined || lag === null ? undefined : Number(lag);
}
