import type { RedshiftConnection, SqlRow, SqlStatement } from '../redshift/connection/types';
import { parseColumnType, type ColumnType } from '../staging/columnTypes';
import {
	normalizeIdentifier,
	type IdentifierOptions,
	type TableRef,
} from '../redshift/sql/identifiers';

/** A column of an existing table. */
export interface TableColumn {
	/** As Redshift stores it (folded). */
	name: string;
	/** Parsed type; undefined for types the loads pass through as text (e.g. GEOMETRY). */
	type?: ColumnType;
	/** The type as the catalog names it. */
	typeName: string;
	nullable: boolean;
}

/**
 * information_schema works on Redshift and PostgreSQL alike; names are compared folded, as
 * Redshift stores them. Without a schema the table is looked up in current_schema().
 */
export function buildDescribeTable(table: TableRef, options: IdentifierOptions = {}): SqlStatement {
	const name = normalizeIdentifier(table.name, options);
	const columns =
		'SELECT "column_name", "data_type", "character_maximum_length", "numeric_precision", "numeric_scale", "is_nullable" ' +
		'FROM information_schema.columns WHERE ';
	if (table.schema) {
		return {
			text: `${columns}"table_schema" = $1 AND "table_name" = $2 ORDER BY "ordinal_position"`,
			values: [normalizeIdentifier(table.schema, options), name],
		};
	}
	return {
		text: `${columns}"table_schema" = current_schema() AND "table_name" = $1 ORDER BY "ordinal_position"`,
		values: [name],
	};
}

/** Maps a catalog type to a ColumnType (jsonb is how a PostgreSQL-backed Redshift stores SUPER). */
export function catalogColumnType(row: SqlRow): ColumnType | undefined {
	const dataType = String(row.data_type ?? '').toLowerCase();
	const length =
		row.character_maximum_length === null || row.character_maximum_length === undefined
			? undefined
			: Number(row.character_maximum_length);
	if (dataType === 'super' || dataType === 'jsonb' || dataType === 'json') return { name: 'SUPER' };
	if (dataType === 'character varying' && length) return { name: 'VARCHAR', length };
	if (dataType === 'character' && length) return { name: 'CHAR', length };
	if (dataType === 'numeric') {
		const precision = Number(row.numeric_precision ?? 18);
		const scale = Number(row.numeric_scale ?? 0);
		return { name: 'NUMERIC', precision, scale };
	}
	try {
		return parseColumnType(dataType);
	} catch {
		return undefined;
	}
}

/** The table's columns in order, or undefined when it does not exist. */
export async function describeTable(
	connection: RedshiftConnection,
	table: TableRef,
	options: IdentifierOptions = {},
): Promise<TableColumn[] | undefined> {
	const result = await connection.query(buildDescribeTable(table, options));
	if (result.rows.length === 0) return undefined;
	return result.rows.map((row) => ({
		name: String(row.column_name),
		type: catalogColumnType(row),
		typeName: String(row.data_type),
		nullable: String(row.is_nullable).toUpperCase() !== 'NO',
	}));
}
