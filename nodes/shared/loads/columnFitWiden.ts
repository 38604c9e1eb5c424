import { CHANGELOG_COLUMNS } from '../redshift/sql/changelogColumns';
import { buildWidenVarchar } from '../redshift/sql/addColumn';
import { ColumnFitCheck, type ColumnToWiden, type FitColumn } from './columnFitCheck';
import { ItemValueError, LoadFailedError } from './errors';
import type { StagedLoadPlan } from './stagedLoad';
import { describeTable } from './targetTable';
import { runAlone, type TransactionContext } from './transaction';
import type { LoadBaseOptions, StagedLoadOptions } from './types';

const HELPER_COLUMNS = new Set<string>(Object.values(CHANGELOG_COLUMNS));
const OLD_KEY_COLUMN = /^_n8n_old_key_\d+$/;

/** The check of a staged load's rows against its columns (the table's own, or the staged ones with their types). */
export function columnFitOf(options: StagedLoadOptions, plan: StagedLoadPlan): ColumnFitCheck {
	const known = new Map((plan.tableColumns ?? []).map((column) => [column.name, column]));
	const columns: FitColumn[] = plan.columns.map((column) => ({
		name: column.name,
		type: known.get(column.name)?.type ?? column.type,
		widenable: !HELPER_COLUMNS.has(column.name) && !OLD_KEY_COLUMN.test(column.name),
	}));
	// COPY's TRUNCATECOLUMNS asks for cutting: it stands for the long-value policy when that is not set.
	const longValues =
		options.columnFit?.longValues ?? (options.copy?.truncateColumns ? 'truncate' : undefined);
	return new ColumnFitCheck(
		columns,
		{ ...options.columnFit, ...(longValues ? { longValues } : {}) },
		{
			tableName: plan.quotedTable,
			nulBytes:
				(options.writeMode === 'insert' ? options.insert?.nulBytes : options.staging?.nulBytes) ??
				'error',
			tableCreated: plan.tableCreated,
			itemIndexOfRow: plan.itemIndexOfRow,
		},
	);
}

/**
 * Widens the VARCHAR columns values outgrew, one ALTER at a time outside any transaction (Redshift
 * refuses ALTER COLUMN … TYPE inside one). The table is read again first: a concurrent load may
 * have widened a column already, and a column is never made shorter. Returns one notice per
 * widened column. A column stays widened when the load fails afterwards.
 */
export async function widenColumns(
	options: LoadBaseOptions,
	toWiden: readonly ColumnToWiden[],
	context: TransactionContext,
): Promise<string[]> {
	if (toWiden.length === 0) return [];
	const current = new Map(
		((await describeTable(options.connection, options.table, options)) ?? []).map((column) => [
			column.name,
			column.type,
		]),
	);
	const notices: string[] = [];
	for (const wanted of toWiden) {
		const type = current.get(wanted.column);
		if (type?.name === 'VARCHAR' && type.length >= wanted.longestBytes) continue;
		const from = type?.name === 'VARCHAR' ? type.length : wanted.length;
		try {
			await runAlone(
				options,
				{ text: buildWidenVarchar(options.table, wanted.column, wanted.newLength, options) },
				context,
			);
		} catch (error) {
			throw refused(error, wanted, from, context.quotedTable);
		}
		notices.push(
			`Column "${wanted.column}" of ${context.quotedTable} was widened from VARCHAR(${from}) to VARCHAR(${wanted.newLength}) for ${wanted.values} value(s) of up to ${wanted.longestBytes} bytes (policy "Values Longer Than the Column": Widen the Column).`,
		);
	}
	return notices;
}

function refused(error: unknown, wanted: ColumnToWiden, from: number, table: string): Error {
	const server =
		error instanceof LoadFailedError
			? (error.details.serverMessage ?? error.message)
			: error instanceof Error
				? error.message
				: String(error);
	return new ItemValueError(
		`Item ${wanted.firstItem}, column "${wanted.column}" of ${table} (VARCHAR(${from})): the value is ${wanted.longestBytes} bytes of UTF-8 and Redshift refused to widen the column to VARCHAR(${wanted.newLength}): ${server}. ` +
			'Nothing was loaded. Redshift cannot resize a VARCHAR with BYTEDICT, RUNLENGTH, TEXT255 or TEXT32K encoding, nor one in a PRIMARY KEY, UNIQUE or FOREIGN KEY constraint: ' +
			`change its encoding (ALTER TABLE … ALTER COLUMN "${wanted.column}" ENCODE ZSTD) or drop the constraint, or recreate the table with a wider column, then run again; or choose Truncate for "Values Longer Than the Column".`,
		wanted.firstItem,
		wanted.column,
	);
}
