import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { catalogQuery, locatorValue } from './catalog';

/** Columns of the chosen table (changelog key columns). */
export async function getColumns(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const schema = locatorValue(this, 'schema') || 'public';
	const table = locatorValue(this, 'table');
	if (!table) return [];
	const rows = await catalogQuery(this, {
		text: 'SELECT "column_name", "data_type" FROM information_schema.columns WHERE "table_schema" = $1 AND "table_name" = $2 ORDER BY "ordinal_position"',
		values: [schema, table],
	});
	return rows.map((row) => ({
		name: String(row.column_name),
		value: String(row.column_name),
		description: String(row.data_type),
	}));
}
