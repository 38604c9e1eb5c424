import { createHash } from 'node:crypto';

import {
	MAX_IDENTIFIER_BYTES,
	normalizeIdentifier,
	quoteIdentifier,
	quoteTable,
	type IdentifierOptions,
	type TableRef,
} from './identifiers';
import { POSITION_TYPE, ROW_POSITION_COLUMN } from './changelogColumns';

/** When the tombstone was written; tombstones older than the retention are pruned. */
export const DELETED_AT_COLUMN = '_n8n_deleted_at';

/**
 * The tombstones of a target live beside it in its schema, `_n8n_cdc_deleted_<table>` (the target
 * holds exactly the source's live rows): one row per deleted key with the delete's position, so that
 * an older insert or update arriving after the delete (runs finishing out of order, replays) cannot
 * bring the row back. A name too long for 127 bytes is cut and ends in a hash of the whole name.
 */
export function tombstoneTable(target: TableRef, options: IdentifierOptions = {}): TableRef {
	const name = `_n8n_cdc_deleted_${normalizeIdentifier(target.name, options)}`;
	if (Buffer.byteLength(name, 'utf8') <= MAX_IDENTIFIER_BYTES)
		return { schema: target.schema, name };
	const hash = `_${createHash('sha256').update(name).digest('hex').slice(0, 12)}`;
	let head = name;
	while (Buffer.byteLength(head + hash, 'utf8') > MAX_IDENTIFIER_BYTES)
		head = [...head].slice(0, -1).join('');
	return { schema: target.schema, name: head + hash };
}

/** The tombstone table with the target's key columns (their DDL types), the position and the time. */
export function buildCreateTombstones(
	target: TableRef,
	keys: { name: string; ddlType: string }[],
	options: IdentifierOptions = {},
): string {
	const columns = keys.map((key) => `${quoteIdentifier(key.name, options)} ${key.ddlType}`);
	columns.push(
		`${quoteIdentifier(ROW_POSITION_COLUMN, options)} ${POSITION_TYPE} NOT NULL`,
		`${quoteIdentifier(DELETED_AT_COLUMN, options)} TIMESTAMP NOT NULL`,
	);
	return `CREATE TABLE IF NOT EXISTS ${quoteTable(tombstoneTable(target, options), options)} (${columns.join(', ')})`;
}

/** A key column the tombstone table lacks (the key columns were changed); older tombstones never match it. */
export function buildAddTombstoneKey(
	target: TableRef,
	key: { name: string; ddlType: string },
	options: IdentifierOptions = {},
): string {
	return `ALTER TABLE ${quoteTable(tombstoneTable(target, options), options)} ADD COLUMN ${quoteIdentifier(key.name, options)} ${key.ddlType}`;
}
