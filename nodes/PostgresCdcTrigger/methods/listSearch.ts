import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { catalogQuery, USER_SCHEMAS } from './catalogQuery';

/**
 * The Schema picker: user schemas whose name contains the typed filter, ignoring case. strpos takes
 * the filter literally (no LIKE wildcards to escape); an empty filter matches every schema.
 */
export async function schemaSearch(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const rows = await catalogQuery<{ schema: string }>(
		this,
		`SELECT n.nspname AS schema FROM pg_namespace n WHERE ${USER_SCHEMAS} AND strpos(lower(n.nspname), lower($1)) > 0 ORDER BY 1`,
		[filter ?? ''],
	);
	return { results: rows.map((row) => ({ name: row.schema, value: row.schema })) };
}
