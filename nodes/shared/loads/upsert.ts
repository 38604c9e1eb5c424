import type { SqlStatement } from '../redshift/connection/types';
import { buildDropTable } from '../redshift/sql/createTable';
import { normalizeIdentifier } from '../redshift/sql/identifiers';
import { buildCreateStagingTable } from '../redshift/sql/stagingTable';
import {
	buildDeduplicateStaging,
	buildUpsertDeleteInsert,
	buildUpsertMerge,
	ORDINAL_COLUMN,
} from '../redshift/sql/upsert';
import { ItemValueError, LoadSetupError } from './errors';
import { prepareItemLoad } from './itemLoad';
import { affected, runStagedLoad } from './stagedLoad';
import { helperTableName } from './tempNames';
import type { LoadItem, LoadResult, StagedLoadOptions } from './types';

export interface UpsertOptions extends StagedLoadOptions {
	/** Columns that identify a row. */
	keys: string[];
	/**
	 * `deleteInsert` (default): delete the rows whose key is staged, insert the staged rows (AWS's
	 * "merge by replacing rows"). `merge`: MERGE … WHEN MATCHED UPDATE … WHEN NOT MATCHED INSERT.
	 * Both run after in-batch dedup (the last item per key wins), in the load transaction.
	 */
	strategy?: 'deleteInsert' | 'merge';
}

/** Inserts new keys and replaces existing ones; within a batch, the last item of a key wins. */
export async function upsertLoad(options: UpsertOptions): Promise<LoadResult> {
	const { target, fields } = await prepareItemLoad(options);
	const loaded = new Set(target.columns.map((column) => column.name));
	const keys = options.keys.map((key) => normalizeIdentifier(key, options));
	if (keys.length === 0) throw new LoadSetupError('Upsert needs at least one key column.');
	for (const key of keys) {
		if (!loaded.has(key)) {
			throw new LoadSetupError(
				`The key column "${key}" is not among the loaded columns of ${target.quoted}; every item must carry it.`,
				key,
			);
		}
	}
	const columns = target.columns.map((column) => column.name);
	// A NULL key never matches, so its row would be added again on every run: refuse it up front.
	const checkKeys = async function* (rows: AsyncIterable<LoadItem>): AsyncGenerator<LoadItem> {
		let index = 0;
		for await (const row of rows) {
			for (const key of keys) {
				if (row[key] === null || row[key] === undefined) {
					throw new ItemValueError(
						`Item ${index}: the key column "${key}" is empty; upsert needs a value to match rows by.`,
						index,
						key,
					);
				}
			}
			index++;
			yield row;
		}
	};
	return await runStagedLoad(options, {
		oneTransactionBecause: 'its staging table lives only inside the transaction',
		action: 'upsert',
		...fields,
		rows: checkKeys(fields.rows),
		ordinalColumn: ORDINAL_COLUMN,
		transaction: (copyInto, staged) => {
			const statements: SqlStatement[] = target.createStatements.map((text) => ({ text }));
			if (staged.rowCount === 0) return { statements, rowsLoaded: () => 0 };
			const stage = helperTableName(options.table.name, 'stage', staged.runId, options);
			const sql = { ...options, target: options.table, stage, keys, columns };
			statements.push(
				{
					text: buildCreateStagingTable({
						...options,
						stage,
						like: options.table,
						extraColumns: [{ name: ORDINAL_COLUMN, type: 'BIGINT' }],
					}),
				},
				...copyInto({ name: stage }),
				{ text: buildDeduplicateStaging({ ...options, stage, keys }) },
			);
			const writeAt = statements.length;
			if (options.strategy === 'merge') statements.push({ text: buildUpsertMerge(sql) });
			else statements.push(...buildUpsertDeleteInsert(sql).map((text) => ({ text })));
			// A temp table outlives the transaction in a pooled session; drop it with the load.
			statements.push({ text: buildDropTable({ name: stage }, options) });
			const written = options.strategy === 'merge' ? writeAt : writeAt + 1;
			return { statements, rowsLoaded: (results) => affected(results[written]) };
		},
	});
}
