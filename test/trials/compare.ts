import type { Client } from 'pg';

import type { SourceTable } from './sourceSchema';

export interface TableComparison {
	table: string;
	sourceRows: number;
	targetRows: number;
	/** In the source, not in the target. */
	missing: number;
	/** In the target, not in the source (a second row under one key counts too). */
	extra: number;
	/** Under the same key on both sides, with some value different. */
	differing: number;
	/** Source columns the target does not have (their values count as NULL there). */
	missingColumns: string[];
	/** A few keys of each kind, for the report. */
	examples: string[];
}

interface Column {
	name: string;
	dataType: string;
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;
const TEXT_TYPES = new Set(['text', 'character varying', 'character']);

async function columnsOf(client: Client, table: string): Promise<Column[]> {
	const { rows } = await client.query<{ name: string; data_type: string }>(
		`SELECT column_name AS name, data_type FROM information_schema.columns
		 WHERE table_schema = 'public' AND table_name = $1 ORDER BY ordinal_position`,
		[table],
	);
	return rows.map((row) => ({ name: row.name, dataType: row.data_type }));
}

/** One text form for both sides: decimals without trailing zeros (the target may keep another scale). */
function normalise(value: string | null): string | null {
	if (value === null) return null;
	if (/^-?\d+\.\d+$/.test(value)) return value.replace(/0+$/, '').replace(/\.$/, '');
	return value;
}

/**
 * Every row of one table, by key, each value in text form (text columns as their md5, so that
 * TOASTed documents compare cheaply). Columns absent on this side read as NULL.
 */
async function rowsByKey(
	client: Client,
	table: string,
	columns: Column[],
	present: Set<string>,
	keys: string[],
): Promise<{ rows: Map<string, string>; duplicates: number; count: number }> {
	const select = columns.map((column) => {
		if (!present.has(column.name)) return `NULL::text AS ${quote(column.name)}`;
		const value = `${quote(column.name)}::text`;
		return TEXT_TYPES.has(column.dataType)
			? `md5(${value}) AS ${quote(column.name)}`
			: `${value} AS ${quote(column.name)}`;
	});
	const { rows } = await client.query<Record<string, string | null>>(
		`SELECT ${select.join(', ')} FROM ${quote(table)}`,
	);
	const byKey = new Map<string, string>();
	let duplicates = 0;
	for (const row of rows) {
		const key = JSON.stringify(keys.map((name) => normalise(row[name])));
		const value = JSON.stringify(columns.map((column) => normalise(row[column.name])));
		if (byKey.has(key)) duplicates += 1;
		else byKey.set(key, value);
	}
	return { rows: byKey, duplicates, count: rows.length };
}

/**
 * Compares one source table with its target row by row. The target is read in the PostgreSQL
 * database behind the local Redshift; columns only the target has (the Sink's metadata) are ignored.
 */
export async function compareTable(
	source: Client,
	target: Client,
	table: SourceTable,
): Promise<TableComparison> {
	const sourceColumns = await columnsOf(source, table.name);
	const targetColumns = new Set((await columnsOf(target, table.name)).map((column) => column.name));
	const sourceData = await rowsByKey(
		source,
		table.name,
		sourceColumns,
		new Set(sourceColumns.map((column) => column.name)),
		table.keys,
	);
	const comparison: TableComparison = {
		table: table.name,
		sourceRows: sourceData.count,
		targetRows: 0,
		missing: 0,
		extra: 0,
		differing: 0,
		missingColumns: sourceColumns
			.map((column) => column.name)
			.filter((name) => !targetColumns.has(name)),
		examples: [],
	};
	if (targetColumns.size === 0) {
		comparison.missing = sourceData.count;
		comparison.examples.push('the target table does not exist');
		return comparison;
	}
	const targetData = await rowsByKey(target, table.name, sourceColumns, targetColumns, table.keys);
	comparison.targetRows = targetData.count;
	comparison.extra = targetData.duplicates;
	const example = (kind: string, key: string) => {
		if (comparison.examples.filter((line) => line.startsWith(kind)).length < 2)
			comparison.examples.push(`${kind} ${key}`);
	};
	for (const [key, value] of sourceData.rows) {
		const other = targetData.rows.get(key);
		if (other === undefined) {
			comparison.missing += 1;
			example('missing', key);
		} else if (other !== value) {
			comparison.differing += 1;
			example(
				'differing',
				`${key} (columns ${differingColumns(sourceColumns, value, other).join(', ')})`,
			);
		}
	}
	for (const key of targetData.rows.keys()) {
		if (!sourceData.rows.has(key)) {
			comparison.extra += 1;
			example('extra', key);
		}
	}
	return comparison;
}

function differingColumns(columns: Column[], left: string, right: string): string[] {
	const a = JSON.parse(left) as unknown[];
	const b = JSON.parse(right) as unknown[];
	return columns.filter((_, index) => a[index] !== b[index]).map((column) => column.name);
}
