import { buildCreateTableLike } from '../redshift/sql/createTable';
import { buildDeleteAllRows, buildSwapOverwrite, buildTruncate } from '../redshift/sql/overwrite';
import type { SqlStatement } from '../redshift/connection/types';
import { createThenCopy, prepareItemLoad, withCopy } from './itemLoad';
import { runStagedLoad } from './stagedLoad';
import { helperTableName } from './tempNames';
import type { LoadResult, StagedLoadOptions } from './types';

export interface OverwriteOptions extends StagedLoadOptions {
	/**
	 * Both atomic: readers see the old rows or the new ones, never a mix or an empty table.
	 * - `delete` (default): DELETE every row, then COPY, in one transaction. Keeps grants, views
	 *   and comments; the deleted rows wait for VACUUM.
	 * - `swap`: COPY into a new table created LIKE the target (same columns, encodings, dist and
	 *   sort keys), then rename the target away, rename the new table into place and drop the old
	 *   one, all in the same transaction. Fast for big tables, but grants, comments and views on
	 *   the old table do not move (a view blocks the DROP unless `cascade`).
	 */
	method?: 'delete' | 'swap';
	/** swap only: DROP the old table with CASCADE (drops the views on it too). */
	cascade?: boolean;
}

/** Replaces every row of the table with the items, atomically. */
export async function overwriteLoad(options: OverwriteOptions): Promise<LoadResult> {
	const { target, fields } = await prepareItemLoad(options);
	const created = fields.tableCreated;
	return await runStagedLoad(options, {
		action: 'overwrite',
		...fields,
		transaction: (copyInto, staged) => {
			const statements: SqlStatement[] = target.createStatements.map((text) => ({ text }));
			if (options.method === 'swap' && !created) {
				const replacement = helperTableName(options.table.name, 'new', staged.runId, options);
				const retired = helperTableName(options.table.name, 'old', staged.runId, options);
				// INCLUDING DEFAULTS: columns the items leave out get their defaults, as in the old table.
				statements.push({
					text: buildCreateTableLike({
						...options,
						table: { schema: options.table.schema, name: replacement },
						like: options.table,
						includingDefaults: true,
					}),
				});
				const transaction = withCopy(
					statements,
					copyInto,
					{ schema: options.table.schema, name: replacement },
					staged,
				);
				statements.push(
					...buildSwapOverwrite({
						...options,
						target: options.table,
						replacement,
						retiredName: retired,
						cascade: options.cascade,
					}).map((text) => ({ text })),
				);
				return transaction;
			}
			// DELETE, never TRUNCATE: TRUNCATE commits the open transaction in Redshift, which would
			// make the old rows disappear before the new ones are loaded.
			if (!created) statements.push({ text: buildDeleteAllRows(options.table, options) });
			return withCopy(statements, copyInto, options.table, staged);
		},
	});
}

/**
 * Fast overwrite, NOT atomic: TRUNCATE, then COPY. TRUNCATE commits the current transaction in
 * Redshift, so it runs on its own before the load transaction: readers can see an empty table in
 * between, and a failed COPY leaves the table empty. Use it when speed matters more than that.
 */
export async function fastOverwriteLoad(options: StagedLoadOptions): Promise<LoadResult> {
	const { target, fields } = await prepareItemLoad(options);
	return await runStagedLoad(options, {
		action: 'fastOverwrite',
		...fields,
		// Only after the files are staged, so a staging failure leaves the table as it was.
		before: () => (fields.tableCreated ? [] : [{ text: buildTruncate(options.table, options) }]),
		stateAfterFailure:
			'and the table was already emptied by TRUNCATE (fast overwrite is not atomic); it stays empty until a load succeeds',
		transaction: createThenCopy(target, options.table),
	});
}
