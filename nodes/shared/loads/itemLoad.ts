import type { SqlStatement } from '../redshift/connection/types';
import type { TableRef } from '../redshift/sql/identifiers';
import { shapeItems, stagingColumns } from './itemColumns';
import { prepareTarget, type PreparedTarget } from './prepareTarget';
import type { FilledRows, StagedLoadPlan, StagedTransaction } from './stagedLoad';
import type { LoadItem, StagedLoadOptions } from './types';

/** The plan fields every staged load of items takes from its target. */
export type ItemLoadFields = Pick<
	StagedLoadPlan,
	'tableKey' | 'quotedTable' | 'tableCreated' | 'columns' | 'tableColumns' | 'extraLines'
> & {
	rows: AsyncGenerator<LoadItem>;
};

/** Prepares the target of a staged load of items (CSV counts newlines to map error lines to items). */
export async function prepareItemLoad(
	options: StagedLoadOptions,
): Promise<{ target: PreparedTarget; fields: ItemLoadFields }> {
	const target = await prepareTarget(
		options,
		options.items,
		options.writeMode !== 'insert' && (options.staging?.format ?? 'csv') === 'csv',
	);
	return {
		target,
		fields: {
			tableKey: target.key,
			quotedTable: target.quoted,
			tableCreated: target.createStatements.length > 0,
			rows: shapeItems(target.items, target.shaper),
			columns: stagingColumns(target.columns),
			tableColumns: target.columns,
			extraLines: target.shaper.extraLines,
		},
	};
}

/**
 * Adds the fill of `table` (COPY, or the INSERT batches) to the statements when there are rows
 * (COPY fails on a manifest without files); the rows loaded are the COPY's row count.
 */
export function withCopy(
	statements: SqlStatement[],
	copyInto: (table: TableRef) => SqlStatement[],
	table: TableRef,
	staged: FilledRows,
): StagedTransaction {
	const copyAt = statements.length;
	const hasRows = staged.rowCount > 0;
	if (hasRows) statements.push(...copyInto(table));
	// Multi-row INSERTs that committed wrote every row; a COPY reports its own count (MAXERROR may skip rows).
	if (staged.writeMode === 'insert') return { statements, rowsLoaded: () => staged.rowCount };
	return {
		statements,
		rowsLoaded: (results) => (hasRows ? (results[copyAt]?.rowCount ?? staged.rowCount) : 0),
	};
}

/** The transaction of a plain load: CREATE TABLE when it was missing, then the COPY into `table`. */
export function createThenCopy(
	target: PreparedTarget,
	table: TableRef,
): StagedLoadPlan['transaction'] {
	return (copyInto, staged) =>
		withCopy(
			target.createStatements.map((text) => ({ text })),
			copyInto,
			table,
			staged,
		);
}
