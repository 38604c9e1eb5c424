import { overwriteLoad } from '../../shared/loads';
import { loadOptions, type RowOperation } from './base';

/** Overwrite: replace every row, atomically (method delete or swap) or not (truncate). */
export const execute: RowOperation = async (run, table, rows) =>
	await overwriteLoad({
		...loadOptions(run, table),
		items: rows,
		method: run.settings.overwriteMethod,
	});
