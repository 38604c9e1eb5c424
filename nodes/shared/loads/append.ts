import { insertRows } from './insertRows';
import { createThenCopy, prepareItemLoad } from './itemLoad';
import { runStagedLoad } from './stagedLoad';
import type { LoadResult, StagedLoadOptions } from './types';

/**
 * Append: stage the items, then COPY them into the table in one transaction (after CREATE TABLE
 * when it is missing and asked for). A failed COPY rolls everything back. Write mode Insert sends
 * them as batched INSERTs instead (insertRows: on the Data API in groups of 40 statements).
 */
export async function appendLoad(options: StagedLoadOptions): Promise<LoadResult> {
	if (options.writeMode === 'insert') {
		return await insertRows({
			...options,
			batchSize: options.insert?.batchSize,
			nulBytes: options.insert?.nulBytes,
		});
	}
	const { target, fields } = await prepareItemLoad(options);
	return await runStagedLoad(options, {
		action: 'append',
		...fields,
		transaction: createThenCopy(target, options.table),
	});
}
