import { qualifiedName, quoteIdentifier, quoteLiteral } from '../replication/sqlText';
import type { TableRef } from './tables';

/** The row changes a publication publishes (`publish = '…'`). */
export type PublishedOperation = 'insert' | 'update' | 'delete' | 'truncate';

export const ALL_OPERATIONS: readonly PublishedOperation[] = [
	'insert',
	'update',
	'delete',
	'truncate',
];

/**
 * Pure builders for publication DDL. DDL takes no $n parameters: names are quoted identifiers and
 * the publish list is built only from the fixed operation names above.
 */

export function publishOption(operations: readonly PublishedOperation[]): string {
	const chosen = ALL_OPERATIONS.filter((operation) => operations.includes(operation));
	if (chosen.length === 0)
		throw new Error('Choose at least one operation to capture (insert, update, delete, truncate).');
	return `publish = ${quoteLiteral(chosen.join(', '))}`;
}

/**
 * Options of a publication the node creates: the chosen operations, and changes of a partitioned
 * table's partitions published under the partitioned table's own name (PG 13+), as the user selected it.
 */
export function managedPublicationOptions(operations: readonly PublishedOperation[]): string {
	return `${publishOption(operations)}, publish_via_partition_root = true`;
}

export function createPublicationForTablesSql(
	name: string,
	tables: readonly TableRef[],
	operations: readonly PublishedOperation[],
): string {
	const target = tables.length > 0 ? ` FOR TABLE ${tableList(tables)}` : '';
	return `CREATE PUBLICATION ${quoteIdentifier(name)}${target} WITH (${managedPublicationOptions(operations)})`;
}

/** PG 15+: the publication follows the schema, including tables created later. */
export function createPublicationForSchemaSql(
	name: string,
	schema: string,
	operations: readonly PublishedOperation[],
): string {
	return `CREATE PUBLICATION ${quoteIdentifier(name)} FOR TABLES IN SCHEMA ${quoteIdentifier(schema)} WITH (${managedPublicationOptions(operations)})`;
}

export function addTablesSql(name: string, tables: readonly TableRef[]): string {
	return `ALTER PUBLICATION ${quoteIdentifier(name)} ADD TABLE ${tableList(tables)}`;
}

export function dropTablesSql(name: string, tables: readonly TableRef[]): string {
	return `ALTER PUBLICATION ${quoteIdentifier(name)} DROP TABLE ${tableList(tables)}`;
}

/** PG 15+: replaces every member (tables and schemas) with the schema. */
export function setSchemaSql(name: string, schema: string): string {
	return `ALTER PUBLICATION ${quoteIdentifier(name)} SET TABLES IN SCHEMA ${quoteIdentifier(schema)}`;
}

export function setPublishSql(name: string, operations: readonly PublishedOperation[]): string {
	return `ALTER PUBLICATION ${quoteIdentifier(name)} SET (${publishOption(operations)})`;
}

/** The fix for a publication that publishes partitions under their own names. */
export function setViaPartitionRootSql(name: string): string {
	return `ALTER PUBLICATION ${quoteIdentifier(name)} SET (publish_via_partition_root = true)`;
}

export function dropPublicationSql(name: string): string {
	return `DROP PUBLICATION IF EXISTS ${quoteIdentifier(name)}`;
}

function tableList(tables: readonly TableRef[]): string {
	return tables.map((table) => qualifiedName(table.schema, table.table)).join(', ');
}
