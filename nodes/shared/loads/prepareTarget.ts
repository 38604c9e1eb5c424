import { quoteTable, tableKey } from '../redshift/sql/identifiers';
import { LoadSetupError } from './errors';
import { chooseColumns, ItemShaper } from './itemColumns';
import { planNewTable } from './newTable';
import { describeTable, type TableColumn } from './targetTable';
import type { LoadBaseOptions, LoadItem, LoadItems } from './types';

export interface PreparedTarget {
	/** `schema.table` as Redshift names it. */
	key: string;
	/** The quoted name, for messages. */
	quoted: string;
	/** Every column of the table (as it is, or as it will be created). */
	table: TableColumn[];
	/** The columns this load writes. */
	columns: TableColumn[];
	/** Statements that create the table (empty when it exists); they go first in the load transaction. */
	createStatements: string[];
	items: LoadItems;
	shaper: ItemShaper;
}

/**
 * Looks the table up (or plans its creation), chooses the columns the items fill and sets up the
 * item shaper. Items are only buffered when a missing table's columns must be inferred from them.
 */
export async function prepareTarget(
	options: LoadBaseOptions,
	items: LoadItems,
	countNewlines: boolean,
): Promise<PreparedTarget> {
	const key = tableKey(options.table, options);
	const quoted = quoteTable(options.table, options);
	let table = await describeTable(options.connection, options.table, options);
	let createStatements: string[] = [];
	let inMemory: LoadItem[] | undefined = Array.isArray(items) ? (items as LoadItem[]) : undefined;
	if (!table) {
		if (!options.createIfMissing) {
			throw new LoadSetupError(
				`The table ${quoted} does not exist. Create it first, or turn on creating the table when it is missing.`,
			);
		}
		if (!inMemory) {
			inMemory = [];
			for await (const item of items) inMemory.push(item);
		}
		const spec = options.createIfMissing === true ? {} : options.createIfMissing;
		const plan = planNewTable(options.table, spec, inMemory, options);
		table = plan.columns;
		createStatements = plan.statements;
	}
	const columns = chooseColumns(table, inMemory, options, quoted);
	const shaper = new ItemShaper(table, columns, { ...options, countNewlines }, quoted);
	return { key, quoted, table, columns, createStatements, items: inMemory ?? items, shaper };
}
