/** A table as the user names it: schema and table, unquoted. */
export interface TableRef {
	schema: string;
	table: string;
}

export function tableKey(table: TableRef): string {
	return `${table.schema}\u0000${table.table}`;
}
