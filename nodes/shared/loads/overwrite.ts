import { buildCreateTableLike } from '../redshift/sql/createTable';
import { buildDeleteAllRows, buildSwapOverwrite, buildTruncate } from '../redshift/sql/overwrite';
import type { SqlStatement } from '../redshift/connection/types';
import type { TableRef } from '../redshift/sql/identifiers';
import { insertRows, TRUNCATED_BEFORE_FAILURE } from './insertRows';
import { createThenCopy, prepareItemLoad, withCopy } from './itemLoad';
import type { PreparedTarget } from './prepareTarget';
import { runStagedLoad, type FilledRows, type StagedTransaction } from './stagedLoad';
import { helperTableName } from './tempNames';
import type { LoadResult, OverwriteMethod, StagedLoadOptions } from './types';

export interface OverwriteOptions extends StagedLoadOptions {
	/**
	 * - `delete` (default, atomic): DELETE every row, then load, in one transaction. Keeps grants,
	 *   views and comments; the deleted rows wait for VACUUM.
	 * - `swap` (atomic): load into a new table created LIKE the target (same columns, encodings,
	 *   dist and sort keys), then rename the target away, rename the new table into place and drop
	 *   the old one, all in the same transaction. Fast for big tables, but grants, comments and
	 *   views on the old table do not move (a view blocks the DROP unless `cascade`).
	 * - `truncate` (NOT atomic): TRUNCATE, then load. TRUNCATE commits at once in Redshift, so it
	 *   runs on its own once the rows are checked (and staged): readers can see an empty table in
	 *   between, and a failed load leaves it empty. Write mode Insert then commits like Append.
	 */
	method?: OverwriteMethod;
	/** swap only: DROP the old table with CASCADE (drops the views on it too). */
	cascade?: boolean;
}

/** Replaces every row of the table with the items, by the method asked for, in either write mode. */
export async function overwriteLoad(options: OverwriteOptions): Promise<LoadResult> {
	const method = options.method ?? 'delete';
	if (method === 'truncate' && options.writeMode === 'insert') {
		return await insertRows({
			...options,
			batchSize: options.insert?.batchSize,
			nulBytes: options.insert?.nulBytes,
			truncateFirst: true,
		});
	}
	const { target, fields } = await prepareItemLoad(options);
	const created = fields.tableCreated;
	const result = await runStagedLoad(options, {
		action: 'overwrite',
		...fields,
		...(method === 'truncate'
			? {
					// Only after the rows are staged, so a staging failure leaves the table as it was.
					before: () => (created ? [] : [{ text: buildTruncate(options.table, options) }]),
					stateAfterFailure: TRUNCATED_BEFORE_FAILURE,
					transaction: createThenCopy(target, options.table),
				}
			: {
					oneTransactionBecause:
						method === 'swap'
							? 'the new table is filled and swapped into place by one transaction'
							: 'the old rows are deleted by the transaction that loads the new ones',
					transaction: (copyInto, staged) => replaceTransaction(options, target, copyInto, staged),
				}),
	});
	return { ...result, overwriteMethod: method };
}

/**
 * Delete: DELETE every row, then the fill, in one transaction (DELETE, never TRUNCATE: TRUNCATE
 * commits the open transaction in Redshift, so the old rows would go before the new ones are in).
 * Swap: fill a new table created LIKE the target, then rename it into place. A table this load
 * creates just gets the fill.
 */
function replaceTransaction(
	options: OverwriteOptions,
	target: PreparedTarget,
	copyInto: (table: TableRef) => SqlStatement[],
	staged: FilledRows,
): StagedTransaction {
	const statements: SqlStatement[] = target.createStatements.map((text) => ({ text }));
	const created = statements.length > 0;
	if (options.method !== 'swap' || created) {
		if (!created) statements.push({ text: buildDeleteAllRows(options.table, options) });
		return withCopy(statements, copyInto, options.table, staged);
	}
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
