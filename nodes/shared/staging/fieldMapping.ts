import type { ColumnType } from '../redshift/sql/columnTypes';
import { normalizeIdentifier, type IdentifierOptions } from '../redshift/sql/identifiers';
import type { StagingColumn } from './columns';
import { StagingError } from './errors';

export interface TableColumn {
	name: string;
	type?: ColumnType;
}

export interface FieldMapping {
	/** The table columns that items fill, in table order, each reading its item field. */
	columns: StagingColumn[];
	/** Item fields that match no column. */
	extraFields: string[];
	/** Table columns no item field fills: left out of the COPY column list, so they get their DEFAULT (or NULL). */
	missingColumns: string[];
}

export interface FieldMappingOptions extends IdentifierOptions {
	/** 'error' (default): an item field without a column fails the load, naming the fields; 'ignore': they are dropped. */
	extraFields?: 'error' | 'ignore';
}

/**
 * Matches item fields to a table's columns the way Redshift matches names (folded to lower
 * case), so `CustomerId` fills `customerid`. Two fields that fold to one column are refused.
 */
export function mapFieldsToColumns(
	fields: Iterable<string>,
	table: readonly TableColumn[],
	options: FieldMappingOptions = {},
): FieldMapping {
	const byColumn = new Map<string, string>();
	const extraFields: string[] = [];
	const known = new Set(table.map((column) => normalizeIdentifier(column.name, options)));
	for (const field of fields) {
		const column = normalizeIdentifier(field, options);
		if (!known.has(column)) {
			extraFields.push(field);
			continue;
		}
		const earlier = byColumn.get(column);
		if (earlier !== undefined && earlier !== field) {
			throw new StagingError(
				`The fields ${JSON.stringify(earlier)} and ${JSON.stringify(field)} both fill column "${column}" (Redshift folds names to lower case); rename one.`,
			);
		}
		byColumn.set(column, field);
	}
	if (extraFields.length > 0 && options.extraFields !== 'ignore') {
		throw new StagingError(
			`The items have fields the table does not: ${extraFields.map((field) => JSON.stringify(field)).join(', ')}. Add the columns, remove the fields, or choose to ignore extra fields.`,
		);
	}
	const columns: StagingColumn[] = [];
	const missingColumns: string[] = [];
	for (const column of table) {
		const name = normalizeIdentifier(column.name, options);
		const field = byColumn.get(name);
		if (field === undefined) missingColumns.push(name);
		else columns.push({ name, sourceKey: field, ...(column.type ? { type: column.type } : {}) });
	}
	return { columns, extraFields, missingColumns };
}
