import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { catalogQuery, locatorValue } from './catalog';

const SYSTEM_SCHEMAS = `"schema_name" NOT IN ('information_schema', 'pg_catalog', 'pg_internal', 'pg_automv', 'catalog_history') AND "schema_name" NOT LIKE 'pg\\_toast%' AND "schema_name" NOT LIKE 'pg\\_temp%'`;

/** The filter typed in the list, as an ILIKE pattern (its own % and _ taken literally). */
function likePattern(filter?: string): string {
	return `%${(filter ?? '').replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
}

/** User schemas of the database. */
export async function schemaSearch(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const rows = await catalogQuery(this, {
		text: `SELECT "schema_name" FROM information_schema.schemata WHERE ${SYSTEM_SCHEMAS} AND "schema_name" ILIKE $1 ORDER BY 1`,
		values: [likePattern(filter)],
	});
	return {
		results: rows.map((row) => ({ name: String(row.schema_name), value: String(row.schema_name) })),
	};
}

/** Tables of the chosen schema. */
export async function tableSearch(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const schema = locatorValue(this, 'schema') || 'public';
	const rows = await catalogQuery(this, {
		text: `SELECT "table_name" FROM information_schema.tables WHERE "table_schema" = $1 AND "table_type" = 'BASE TABLE' AND "table_name" ILIKE $2 ORDER BY 1`,
		values: [schema, likePattern(filter)],
	});
	return {
		results: rows.map((row) => ({ name: String(row.table_name), value: String(row.table_name) })),
	};
}
