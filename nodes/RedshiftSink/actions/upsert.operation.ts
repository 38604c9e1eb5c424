import { upsertLoad, type LoadItem, type LoadResult } from '../../shared/loads';
import type { TableRef } from '../../shared/redshift/sql/identifiers';
import type { SinkRun } from '../helpers/interfaces';
import { fillOf, loadBase } from './base';

/**
 * Upsert by key through a staging table (filled by COPY, or by INSERTs in write mode Insert);
 * within a batch the last item of a key wins.
 */
export async function execute(
	run: SinkRun,
	table: TableRef,
	rows: LoadItem[],
): Promise<LoadResult> {
	return await upsertLoad({
		...loadBase(run, table),
		items: rows,
		...fillOf(run),
		keys: run.settings.keys,
		strategy: run.settings.upsertStrategy,
	});
}
