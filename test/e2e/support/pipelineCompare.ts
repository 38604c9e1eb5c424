import type { Client } from 'pg';

import type { PipelineTable } from './pipelineSource';

/** Every value as the server's text form: both sides compared as text, no client-side parsing. */
const AS_TEXT = { getTypeParser: () => (value: string) => value };

export interface TableDifference {
	table: string;
	sourceRows: number;
	targetRows: number;
	missing: string[];
	extra: string[];
	differing: string[];
}

type Queryable = Pick<Client, 'query'>;

async function rowsByKey(
	client: Queryable,
	table: PipelineTable,
): Promise<Map<string, Record<string, string | null>>> {
	const columns = table.columns.map((column) => `"${column}"`).join(', ');
	const result = await client.query<Record<string, string | null>>({
		text: `SELECT ${columns} FROM public."${table.name}"`,
		types: AS_TEXT,
	});
	const rows = new Map<string, Record<string, string | null>>();
	for (const row of result.rows) {
		const key = JSON.stringify(table.keys.map((column) => row[column]));
		if (rows.has(key)) throw new Error(`${table.qualified} holds key ${key} twice`);
		rows.set(key, row);
	}
	return rows;
}

/** Source and target compared row by row (by the table's key columns), every value as text. */
export async function compareTable(
	source: Queryable,
	target: Queryable,
	table: PipelineTable,
): Promise<TableDifference> {
	const [sourceRows, targetRows] = await Promise.all([
		rowsByKey(source, table),
		rowsByKey(target, table),
	]);
	const missing: string[] = [];
	const differing: string[] = [];
	for (const [key, row] of sourceRows) {
		const other = targetRows.get(key);
		if (!other) missing.push(key);
		else if (table.columns.some((column) => row[column] !== other[column])) differing.push(key);
	}
	const extra = [...targetRows.keys()].filter((key) => !sourceRows.has(key));
	return {
		table: table.qualified,
		sourceRows: sourceRows.size,
		targetRows: targetRows.size,
		missing,
		extra,
		differing,
	};
}

export function isEqual(difference: TableDifference): boolean {
	return (
		difference.missing.length === 0 &&
		difference.extra.length === 0 &&
		difference.differing.length === 0
	);
}

export function describeDifference(difference: TableDifference): string {
	const sample = (keys: string[]) => keys.slice(0, 3).join(' ');
	return `${difference.table}: source ${difference.sourceRows}, target ${difference.targetRows}, missing ${difference.missing.length} (${sample(difference.missing)}), extra ${difference.extra.length} (${sample(difference.extra)}), differing ${difference.differing.length} (${sample(difference.differing)})`;
}
