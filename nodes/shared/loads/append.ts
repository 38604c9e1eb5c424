import { createThenCopy, prepareItemLoad } from './itemLoad';
import { runStagedLoad } from './stagedLoad';
import type { LoadResult, StagedLoadOptions } from './types';

/**
 * Append: stage the items, then COPY them into the table in one transaction (after CREATE TABLE
 * when it is missing and asked for). A failed COPY rolls everything back.
 */
export async function appendLoad(options: StagedLoadOptions): Promise<LoadResult> {
	const { target, fields } = await prepareItemLoad(options);
	return await runStagedLoad(options, {
		action: 'append',
		...fields,
		transaction: createThenCopy(target, options.table),
	});
}
