/** A table as the user names it: schema and table, unquoted. */
export interface TableRef {
	schema: string;
	table: string;
}

export function tableKey(table: TableRef): string {
	return `${table.schema}\u0000${table.table}`;
}

export function sortTables(tables: readonly TableRef[]): TableRef[] {
	return [...tables].sort((a, b) =>
		tableKey(a) < tableKey(b) ? -1 : tableKey(a) > tableKey(b) ? 1 : 0,
	);
}

export function sameTables(a: readonly TableRef[], b: readonly TableRef[]): boolean {
	const left = new Set(a.map(tableKey));
	return a.length === b.length && b.every((table) => left.has(tableKey(table)));
}
