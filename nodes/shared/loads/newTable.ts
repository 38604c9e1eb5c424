import { buildCreateTable, type ColumnDefinition } from '../redshift/sql/createTable';
import {
	normalizeIdentifier,
	type IdentifierOptions,
	type TableRef,
} from '../redshift/sql/identifiers';
import { inferColumns } from '../redshift/sql/typeInference';
import { toColumnType } from '../staging/columnTypes';
import { LoadSetupError } from './errors';
import type { TableColumn } from './targetTable';
import type { CreateTableSpec, LoadItem } from './types';

export interface NewTablePlan {
	/** CREATE TABLE IF NOT EXISTS and its COMMENT ON statements, for the load transaction. */
	statements: string[];
	columns: TableColumn[];
}

/**
 * The table a load creates when it is missing: the given columns, or columns inferred from the
 * items (VARCHAR sized in bytes from the data, SUPER for objects and arrays, BIGINT/NUMERIC for
 * exact numbers, TIMESTAMPTZ for zoned timestamps), with encodings, keys and comments.
 */
export function planNewTable(
	table: TableRef,
	spec: CreateTableSpec,
	items: readonly LoadItem[],
	options: IdentifierOptions & { extraColumns?: ColumnDefinition[] },
): NewTablePlan {
	let definitions: ColumnDefinition[];
	if (spec.columns?.length) {
		definitions = spec.columns.map((column) => ({ ...column, type: toColumnType(column.type) }));
	} else {
		if (items.length === 0) {
			throw new LoadSetupError(
				'The table does not exist and there are no items to infer its columns from; give the columns to create.',
			);
		}
		const lookup = <T>(
			map: Record<string, T> | undefined,
			name: string,
			sourceKey: string,
		): T | undefined => {
			if (!map) return undefined;
			for (const [key, value] of Object.entries(map)) {
				if (key === sourceKey || normalizeIdentifier(key, options) === name) return value;
			}
			return undefined;
		};
		definitions = inferColumns(items, { ...options, schema: spec.types }).map((column) => ({
			name: column.name,
			type: column.type,
			nullable: column.nullable,
			encoding: lookup(spec.encodings, column.name, column.sourceKey),
			comment: lookup(spec.columnComments, column.name, column.sourceKey),
		}));
	}
	definitions.push(...(options.extraColumns ?? []));
	const statements = buildCreateTable({
		...options,
		table,
		columns: definitions,
		ifNotExists: true,
		distStyle: spec.distStyle,
		distKey: spec.distKey,
		sortKey: spec.sortKey,
		primaryKey: spec.primaryKey,
		comment: spec.comment,
	});
	const columns = definitions.map((definition) => ({
		name: normalizeIdentifier(definition.name, options),
		type: toColumnType(definition.type),
		typeName: String(
			typeof definition.type === 'string' ? definition.type : definition.type.name,
		).toLowerCase(),
		nullable: definition.nullable !== false,
	}));
	return { statements, columns };
}
