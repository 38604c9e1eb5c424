import { upsertLoad } from '../../shared/loads';
import { loadOptions, type RowOperation } from './base';

/**
 * Upsert by key through a staging table (filled by COPY, or by INSERTs in write mode Insert);
 * within a batch the last item of a key wins.
 */
export const execute: RowOperation = async (run, table, rows) =>
	await upsertLoad({
		...loadOptions(run, table),
		items: rows,
		keys: run.settings.keys,
		strategy: run.settings.upsertStrategy,
	});
