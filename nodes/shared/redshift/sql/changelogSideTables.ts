import { createHash } from 'node:crypto';

import { POSITION_TYPE, ROW_POSITION_COLUMN } from './changelogColumns';
import type { ParameterizedQuery } from './statement';
import {
	MAX_IDENTIFIER_BYTES,
	normalizeIdentifier,
	quoteIdentifier,
	quoteTable,
	type IdentifierOptions,
	type TableRef,
} from './identifiers';

/** When a side row was written; side rows older than the retention are pruned. */
export const DELETED_AT_COLUMN = '_n8n_deleted_at';
export const FILLED_AT_COLUMN = '_n8n_filled_at';
/** The target column whose value a fill record is about. */
export const FILLED_COLUMN = '_n8n_column';

/** A key column of a side table: the target's key column with its DDL type. */
export interface SideKey {
	name: string;
	ddlType: string;
}

/** `<prefix><table>` in the target's schema; a name too long for 127 bytes is cut and ends in a hash of the whole name. */
function sideTable(prefix: string, target: TableRef, options: IdentifierOptions): TableRef {
	const name = `${prefix}${normalizeIdentifier(target.name, options)}`;
	if (Buffer.byteLength(name, 'utf8') <= MAX_IDENTIFIER_BYTES)
		return { schema: target.schema, name };
	const hash = `_${createHash('sha256').update(name).digest('hex').slice(0, 12)}`;
	let head = name;
	while (Buffer.byteLength(head + hash, 'utf8') > MAX_IDENTIFIER_BYTES)
		head = [...head].slice(0, -1).join('');
	return { schema: target.schema, name: head + hash };
}

/**
 * The tombstones of a target, `_n8n_cdc_deleted_<table>` beside it (the target holds exactly the
 * source's live rows): one row per deleted key with the delete's position, so that an older insert
 * or update arriving after the delete (runs finishing out of order, replays) cannot bring it back.
 */
export function tombstoneTable(target: TableRef, options: IdentifierOptions = {}): TableRef {
	return sideTable('_n8n_cdc_deleted_', target, options);
}

/**
 * The fill records of a target, `_n8n_cdc_toast_<table>`: a target column filled from the row an
 * update replaced (an unchanged TOAST value) holds the value as of that row's position, not the
 * row's own. A change between the two that arrives later still sets that column.
 */
export function toastFillTable(target: TableRef, options: IdentifierOptions = {}): TableRef {
	return sideTable('_n8n_cdc_toast_', target, options);
}

function createSideTable(table: TableRef, options: IdentifierOptions, columns: string[]): string {
	return `CREATE TABLE IF NOT EXISTS ${quoteTable(table, options)} (${columns.join(', ')})`;
}

function keyColumns(keys: readonly SideKey[], options: IdentifierOptions): string[] {
	return keys.map((key) => `${quoteIdentifier(key.name, options)} ${key.ddlType}`);
}

/** The tombstone table: the target's key columns, the delete's position and when it was written. */
export function buildCreateTombstones(
	target: TableRef,
	keys: readonly SideKey[],
	options: IdentifierOptions = {},
): string {
	return createSideTable(tombstoneTable(target, options), options, [
		...keyColumns(keys, options),
		`${quoteIdentifier(ROW_POSITION_COLUMN, options)} ${POSITION_TYPE} NOT NULL`,
		`${quoteIdentifier(DELETED_AT_COLUMN, options)} TIMESTAMP NOT NULL`,
	]);
}

/** Fill record column i: key column i of the row the value came from, when an update changed the key. */
export function fromKeyColumn(index: number): string {
	return `_n8n_from_key_${index}`;
}

/** The position of that key change: changes of the old key below it still carry into the record's row. */
export const MOVED_AT_COLUMN = '_n8n_moved_at';

/** The fill records' columns that are not fixed: the key, and the old key with the key change's position. */
export function toastFillColumns(keys: readonly SideKey[]): SideKey[] {
	return [
		...keys,
		...keys.map((key, index) => ({ name: fromKeyColumn(index), ddlType: key.ddlType })),
		{ name: MOVED_AT_COLUMN, ddlType: POSITION_TYPE },
	];
}

/** The fill records: the target's key columns, the column, the position its value is as of, the old key, and when. */
export function buildCreateToastFills(
	target: TableRef,
	keys: readonly SideKey[],
	options: IdentifierOptions = {},
): string {
	return createSideTable(toastFillTable(target, options), options, [
		...keyColumns(toastFillColumns(keys), options),
		`${quoteIdentifier(FILLED_COLUMN, options)} VARCHAR(127) NOT NULL`,
		`${quoteIdentifier(ROW_POSITION_COLUMN, options)} ${POSITION_TYPE} NOT NULL`,
		`${quoteIdentifier(FILLED_AT_COLUMN, options)} TIMESTAMP NOT NULL`,
	]);
}

/** A key column a side table lacks (the key columns were changed); older side rows never match it. */
export function buildAddSideKey(
	table: TableRef,
	key: SideKey,
	options: IdentifierOptions = {},
): string {
	return `ALTER TABLE ${quoteTable(table, options)} ADD COLUMN ${quoteIdentifier(key.name, options)} ${key.ddlType}`;
}

/** The target columns that have fill records (their late values must be looked for). */
export function buildReadFilledColumns(
	target: TableRef,
	options: IdentifierOptions = {},
): ParameterizedQuery {
	return {
		text: `SELECT DISTINCT ${quoteIdentifier(FILLED_COLUMN, options)} AS "name" FROM ${quoteTable(toastFillTable(target, options), options)}`,
		values: [],
	};
}
