import { shapeItems, stagingColumns } from './itemColumns';
import { prepareTarget } from './prepareTarget';
import { runStagedLoad } from './stagedLoad';
import type { LoadResult, StagedLoadOptions } from './types';

/**
 * Append: stage the items, then COPY them into the table in one transaction (after CREATE TABLE
 * when it is missing and asked for). A failed COPY rolls everything back.
 */
export async function appendLoad(options: StagedLoadOptions): Promise<LoadResult> {
	const target = await prepareTarget(options, options.items, (options.staging.format ?? 'csv') === 'csv');
	return await runStagedLoad(options, {
		action: 'append',
		tableKey: target.key,
		quotedTable: target.quoted,
		tableCreated: target.createStatements.length > 0,
		rows: shapeItems(target.items, target.shaper),
		columns: stagingColumns(target.columns),
		extraLines: target.shaper.extraLines,
		transaction: (copyInto, staged) => {
			const statements = target.createStatements.map((text) => ({ text }));
			const copyAt = statements.length;
			// COPY fails on a manifest without files, so an empty input copies nothing.
			if (staged.rowCount > 0) statements.push(...copyInto(options.table));
			return {
				statements,
				rowsLoaded: (results) => (staged.rowCount > 0 ? (results[copyAt]?.rowCount ?? staged.rowCount) : 0),
			};
		},
	});
}
