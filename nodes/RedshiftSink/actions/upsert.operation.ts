import { upsertLoad } from '../../shared/loads';
import { rowOperation } from '../helpers/rowOperation';
import { loadOptions } from './base';

/**
 * Upsert by key through a staging table (filled by COPY, or by INSERTs in write mode Insert);
 * within a batch the last item of a key wins.
 */
export const execute = rowOperation(
	async (run, rows) =>
		await upsertLoad({
			...loadOptions(run),
			items: rows,
			keys: run.settings.keys,
			strategy: run.settings.upsertStrategy,
		}),
);
