import { PgClientSession } from '../engine/pgClientSession';
import { SYSTEM_SCHEMA } from '../engine/systemSchema';
import type { ColumnMetadata } from './columnMetadata';
import type { DataApiContext, OperationOutput } from './dataApiContext';
import { DataApiError } from './errors';
import { offsetPage } from './offsetPaging';
import { knownRedshiftType, otherType } from './redshiftTypes';
import { statementTarget } from './statementTarget';
import { optionalString, type RequestBody } from './validation';

/**
 * ListDatabases, ListSchemas, ListTables and DescribeTable: catalog reads on a short connection to
 * the request's Database (ConnectedDatabase is accepted; PostgreSQL cannot read another database's
 * catalog). The local Redshift's own system schema is not listed.
 */

/** MaxResults' upper bound for the catalog operations (API reference). */
const MAX_RESULTS = 1000;

/** Schemas PostgreSQL keeps for itself that Redshift does not show. */
const HIDDEN_SCHEMAS = `n.nspname <> '${SYSTEM_SCHEMA}' AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp\\_%'`;

async function withCatalog<T>(
	body: RequestBody,
	context: DataApiContext,
	read: (catalog: PgClientSession) => Promise<T>,
): Promise<T> {
	const { database } = statementTarget(body);
	let catalog: PgClientSession;
	try {
		catalog = await PgClientSession.connect({ ...context.postgres, database });
	} catch (error) {
		throw new DataApiError('DatabaseConnectionException', `FATAL: ${(error as Error).message}`);
	}
	try {
		return await read(catalog);
	} finally {
		await catalog.close().catch(() => undefined);
	}
}

function pattern(body: RequestBody, member: string): string {
	return optionalString(body, member) ?? '%';
}

export async function listDatabases(
	body: RequestBody,
	context: DataApiContext,
): Promise<OperationOutput> {
	const names = await withCatalog(body, context, async (catalog) => {
		const result = await catalog.query(
			'SELECT datname FROM pg_catalog.pg_database WHERE NOT datistemplate ORDER BY datname',
		);
		return result.rows.map(([name]) => name ?? '');
	});
	return offsetPage(body, names, 'Databases', MAX_RESULTS);
}

export async function listSchemas(
	body: RequestBody,
	context: DataApiContext,
): Promise<OperationOutput> {
	const names = await withCatalog(body, context, async (catalog) => {
		const result = await catalog.query(
			`SELECT n.nspname FROM pg_catalog.pg_namespace n WHERE n.nspname LIKE $1 AND ${HIDDEN_SCHEMAS} ORDER BY n.nspname`,
			[pattern(body, 'SchemaPattern')],
		);
		return result.rows.map(([name]) => name ?? '');
	});
	return offsetPage(body, names, 'Schemas', MAX_RESULTS);
}

/** Table types as JDBC's getTables names them, which the Data API passes on (ListTables reference). */
const TABLE_TYPE = `CASE
	WHEN n.nspname IN ('pg_catalog', 'information_schema') THEN
		CASE WHEN c.relkind IN ('v', 'm') THEN 'SYSTEM VIEW' ELSE 'SYSTEM TABLE' END
	WHEN c.relpersistence = 't' THEN 'LOCAL TEMPORARY'
	WHEN c.relkind = 'v' THEN 'VIEW'
	WHEN c.relkind = 'm' THEN 'MATERIALIZED VIEW'
	WHEN c.relkind = 'f' THEN 'EXTERNAL TABLE'
	ELSE 'TABLE' END`;

export async function listTables(
	body: RequestBody,
	context: DataApiContext,
): Promise<OperationOutput> {
	const tables = await withCatalog(body, context, async (catalog) => {
		const result = await catalog.query(
			`SELECT c.relname, n.nspname, ${TABLE_TYPE}
			 FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
			 WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') AND n.nspname LIKE $1 AND c.relname LIKE $2 AND ${HIDDEN_SCHEMAS}
			 ORDER BY n.nspname, c.relname`,
			[pattern(body, 'SchemaPattern'), pattern(body, 'TablePattern')],
		);
		return result.rows.map(([name, schema, type]) => ({ name, schema, type }));
	});
	return offsetPage(body, tables, 'Tables', MAX_RESULTS);
}

function describedColumn(row: Array<string | null>): ColumnMetadata & { columnDefault?: string } {
	const [schemaName, tableName, name, typeOid, typeName, typmod, notNull, columnDefault] = row;
	const type = knownRedshiftType(Number(typeOid)) ?? otherType(typeName ?? 'unknown');
	const { precision, scale } = type.precisionScale(Number(typmod));
	const column: ColumnMetadata & { columnDefault?: string } = {
		isCaseSensitive: type.caseSensitive,
		isCurrency: false,
		isSigned: type.signed,
		label: name ?? '',
		length: type.caseSensitive ? precision : 0,
		name: name ?? '',
		nullable: notNull === 't' ? 0 : 1,
		precision,
		scale,
		schemaName: schemaName ?? '',
		tableName: tableName ?? '',
		typeName: type.typeName,
	};
	if (columnDefault !== null) column.columnDefault = columnDefault;
	return column;
}

/** DescribeTable: the columns of the table (or of every table matching Schema and Table when absent). */
export async function describeTable(
	body: RequestBody,
	context: DataApiContext,
): Promise<OperationOutput> {
	const schema = optionalString(body, 'Schema');
	const table = optionalString(body, 'Table');
	const columns = await withCatalog(body, context, async (catalog) => {
		const result = await catalog.query(
			`SELECT n.nspname, c.relname, a.attname, a.atttypid::int8, t.typname, a.atttypmod, a.attnotnull,
			        pg_catalog.pg_get_expr(d.adbin, d.adrelid)
			 FROM pg_catalog.pg_attribute a
			 JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
			 JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
			 JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
			 LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
			 WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
			   AND ($1::text IS NULL OR n.nspname = $1) AND ($2::text IS NULL OR c.relname = $2) AND ${HIDDEN_SCHEMAS}
			 ORDER BY n.nspname, c.relname, a.attnum`,
			[schema ?? null, table ?? null],
		);
		return result.rows.map(describedColumn);
	});
	const output = offsetPage(body, columns, 'ColumnList', MAX_RESULTS) as Record<string, unknown>;
	if (table) output.TableName = table;
	return output;
}
