import { appendLoad, insertRows, type LoadItem, type LoadResult } from '../../shared/loads';
import type { TableRef } from '../../shared/redshift/sql/identifiers';
import type { SinkRun } from '../helpers/interfaces';
import { loadBase, stagingOf } from './base';

/** Append: new rows, by batched INSERT or by one COPY of staged files, in one transaction. */
export async function execute(
	run: SinkRun,
	table: TableRef,
	rows: LoadItem[],
): Promise<LoadResult> {
	const base = loadBase(run, table);
	if (run.settings.writeMode === 'insert') {
		return await insertRows({
			...base,
			items: rows,
			batchSize: run.settings.batchSize,
			nulBytes: run.settings.nulBytes,
		});
	}
	return await appendLoad({
		...base,
		items: rows,
		staging: stagingOf(run),
		copy: run.settings.copy,
	});
}
