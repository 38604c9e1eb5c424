import { overwriteLoad } from '../../shared/loads';
import { rowOperation } from '../helpers/rowOperation';
import { loadOptions } from './base';

/** Overwrite: replace every row, atomically (method delete or swap) or not (truncate). */
export const execute = rowOperation(
	async (run, rows) =>
		await overwriteLoad({ ...loadOptions(run), items: rows, method: run.settings.overwriteMethod }),
);
