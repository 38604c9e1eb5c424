import { qualifiedName, quoteIdentifier, quoteLiteral } from '../replication/sqlText';
import type { TableRef } from '../slots/tables';

/** Pure SQL for the initial snapshot's chunked reads. */

/** Exported snapshot ids look like '00000003-0000001B-1'; anything else is refused before quoting. */
const SNAPSHOT_NAME = /^[0-9A-Fa-f]+(-[0-9A-Fa-f]+)+$/;

/**
 * SET TRANSACTION SNAPSHOT takes no parameters; the id comes from the server, is checked against
 * its known shape and quoted as a literal.
 */
export function setTransactionSnapshotSql(snapshotName: string): string {
	if (!SNAPSHOT_NAME.test(snapshotName)) {
		throw new Error(
			`"${snapshotName}" is not an exported snapshot id (expected something like 00000003-0000001B-1).`,
		);
	}
	return `SET TRANSACTION SNAPSHOT ${quoteLiteral(snapshotName)}`;
}

/** How a table is walked: by its key (keyset pagination) or, without one, by physical row id. */
export type ChunkOrder = { kind: 'primaryKey'; keyColumns: string[] } | { kind: 'ctid' };

/**
 * The next chunk after `afterKey` (null for the first chunk). Keyset pagination: each chunk is an
 * index range scan, so memory and time per chunk stay flat however large the table is. The key
 * values come back as extra trailing columns (text) so the next chunk can start after them.
 *
 * `rowFilter` is a publication's row filter exactly as PostgreSQL printed it from its own catalog
 * (pg_publication_tables.rowfilter): SQL text the server produced, not user input, and there is no
 * other way to apply it (PostgreSQL's own initial table sync splices it the same way). Its column
 * references are unqualified and resolve to the one table read.
 */
export function chunkSql(
	table: TableRef,
	columns: readonly string[],
	order: ChunkOrder,
	hasAfterKey: boolean,
	limit: number,
	rowFilter?: string,
): string {
	// Qualified with an alias: the trailing key copies would otherwise make ORDER BY ambiguous.
	const column = (name: string) => `src.${quoteIdentifier(name)}`;
	const selected = columns.map(column);
	const from = `${qualifiedName(table.schema, table.table)} AS src`;
	const where = (after: string | undefined) => {
		const conditions = [...(rowFilter ? [`(${rowFilter})`] : []), ...(after ? [after] : [])];
		return conditions.length > 0 ? ` WHERE ${conditions.join(' AND ')}` : '';
	};
	if (order.kind === 'ctid') {
		const after = hasAfterKey ? 'src.ctid > $1::tid' : undefined;
		return `SELECT ${[...selected, 'src.ctid::text'].join(', ')} FROM ${from}${where(after)} ORDER BY src.ctid LIMIT ${positiveInteger(limit)}`;
	}
	const keys = order.keyColumns.map(column);
	const keyTexts = keys.map((key) => `${key}::text`);
	const placeholders = keys.map((_, index) => `$${index + 1}`);
	const after = hasAfterKey ? `(${keys.join(', ')}) > (${placeholders.join(', ')})` : undefined;
	return `SELECT ${[...selected, ...keyTexts].join(', ')} FROM ${from}${where(after)} ORDER BY ${keys.join(', ')} LIMIT ${positiveInteger(limit)}`;
}

function positiveInteger(value: number): number {
	if (!Number.isInteger(value) || value <= 0)
		throw new Error(`The snapshot chunk size must be a positive integer, got ${value}.`);
	return value;
}
