import { appendLoad } from '../../shared/loads';
import { rowOperation } from '../helpers/rowOperation';
import { loadOptions } from './base';

/** Append: new rows, by one COPY of staged files in one transaction, or by batched INSERTs. */
export const execute = rowOperation(
	async (run, rows) => await appendLoad({ ...loadOptions(run), items: rows }),
);
