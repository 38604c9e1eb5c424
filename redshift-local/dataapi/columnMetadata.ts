import type { BackendSession } from '../engine/session';
import { SYSTEM_SCHEMA } from '../engine/systemSchema';
import { knownRedshiftType, otherType, type RedshiftType } from './redshiftTypes';

/** A result column as PostgreSQL's RowDescription describes it. */
export interface RowField {
	name: string;
	dataTypeID: number;
	/** Source table's oid and column number; 0 for computed columns. */
	tableID: number;
	columnID: number;
	dataTypeModifier: number;
}

/** The Data API's ColumnMetadata (API_ColumnMetadata.html). */
export interface ColumnMetadata {
	isCaseSensitive: boolean;
	isCurrency: boolean;
	isSigned: boolean;
	label: string;
	length: number;
	name: string;
	nullable: number;
	precision: number;
	scale: number;
	schemaName: string;
	tableName: string;
	typeName: string;
}

export interface DescribedColumns {
	metadata: ColumnMetadata[];
	types: RedshiftType[];
}

interface SourceColumn {
	schemaName: string;
	tableName: string;
	notNull: boolean;
}

/** JDBC's ResultSetMetaData values, which the Data API passes on: 0 = NOT NULL, 1 = nullable. */
const COLUMN_NO_NULLS = 0;
const COLUMN_NULLABLE = 1;

async function sourceColumns(
	fields: RowField[],
	session: BackendSession,
): Promise<Map<string, SourceColumn>> {
	const fromTables = fields.filter((field) => field.tableID !== 0);
	const columns = new Map<string, SourceColumn>();
	if (fromTables.length === 0) return columns;
	const result = await session.query(
		`SELECT a.attrelid::int8, a.attnum, a.attnotnull, n.nspname, c.relname
		 FROM pg_catalog.pg_attribute a
		 JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
		 JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
		 WHERE (a.attrelid, a.attnum) IN (SELECT * FROM unnest($1::oid[], $2::int2[]))`,
		[fromTables.map((field) => field.tableID), fromTables.map((field) => field.columnID)],
	);
	for (const [table, column, notNull, schemaName, tableName] of result.rows) {
		columns.set(`${table}:${column}`, {
			// Redshift's system tables show no schema (MG example: stl_query's columns).
			schemaName: schemaName === SYSTEM_SCHEMA ? '' : (schemaName ?? ''),
			tableName: tableName ?? '',
			notNull: notNull === 't',
		});
	}
	return columns;
}

async function otherTypeNames(
	fields: RowField[],
	session: BackendSession,
): Promise<Map<number, string>> {
	const unknown = [
		...new Set(fields.map((field) => field.dataTypeID).filter((oid) => !knownRedshiftType(oid))),
	];
	const names = new Map<number, string>();
	if (unknown.length === 0) return names;
	const result = await session.query(
		'SELECT oid::int8, typname FROM pg_catalog.pg_type WHERE oid = ANY($1::oid[])',
		[unknown],
	);
	for (const [oid, typeName] of result.rows) names.set(Number(oid), typeName ?? 'unknown');
	return names;
}

/**
 * Looks up, in the statement's own session (so tables created in its open transaction are seen),
 * which table each column comes from and whether it is NOT NULL.
 */
export async function describeColumns(
	fields: RowField[],
	session: BackendSession,
): Promise<DescribedColumns> {
	const [sources, typeNames] = await Promise.all([
		sourceColumns(fields, session),
		otherTypeNames(fields, session),
	]);
	const types = fields.map(
		(field) =>
			knownRedshiftType(field.dataTypeID) ??
			otherType(typeNames.get(field.dataTypeID) ?? 'unknown'),
	);
	const metadata = fields.map((field, index): ColumnMetadata => {
		const type = types[index];
		const source = sources.get(`${field.tableID}:${field.columnID}`);
		const { precision, scale } = type.precisionScale(field.dataTypeModifier);
		return {
			isCaseSensitive: type.caseSensitive,
			isCurrency: false,
			isSigned: type.signed,
			label: field.name,
			length: 0,
			name: field.name,
			nullable: source?.notNull ? COLUMN_NO_NULLS : COLUMN_NULLABLE,
			precision,
			scale,
			schemaName: source?.schemaName ?? '',
			tableName: source?.tableName ?? '',
			typeName: type.typeName,
		};
	});
	return { metadata, types };
}

/** Columns of a result a handler built itself (COPY, UNLOAD): only names and type oids are known. */
export function computedFields(
	fields: ReadonlyArray<{ name: string; dataTypeID: number }>,
): RowField[] {
	return fields.map((field) => ({ ...field, tableID: 0, columnID: 0, dataTypeModifier: -1 }));
}
