import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { formatQualifiedTable } from '../options/qualifiedName';
import { catalogQuery, USER_SCHEMAS } from './catalogQuery';

/** The tables a publication can hold (ordinary and partitioned), as `schema.table`. */
export async function getTables(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const rows = await catalogQuery<{ schema: string; table: string }>(
		this,
		`SELECT n.nspname AS schema, c.relname AS table FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		 WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition AND ${USER_SCHEMAS} ORDER BY 1, 2`,
	);
	return rows.map((row) => {
		const value = formatQualifiedTable(row);
		return { name: value, value };
	});
}
