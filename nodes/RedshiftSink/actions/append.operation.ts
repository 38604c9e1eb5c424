import { appendLoad } from '../../shared/loads';
import { loadOptions, type RowOperation } from './base';

/** Append: new rows, by one COPY of staged files in one transaction, or by batched INSERTs. */
export const execute: RowOperation = async (run, table, rows) =>
	await appendLoad({ ...loadOptions(run, table), items: rows });
