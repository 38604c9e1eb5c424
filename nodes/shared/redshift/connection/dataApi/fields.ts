import type { ColumnMetadata, Field } from '@aws-sdk/client-redshift-data';

import type { SqlColumn, SqlRow } from '../types';

/** Integer types whose values must stay strings, as they do over the wire. */
const EXACT_AS_TEXT = new Set(['int8', 'bigint', 'numeric', 'decimal']);

/**
 * The Data API returns typed fields. int8 arrives as a JSON number, so values beyond 2^53 are
 * already rounded by the time the SDK hands them over; exact big integers need UNLOAD or the
 * wire protocol. We still return them as strings for the same shape as the wire transport.
 */
export function fieldValue(field: Field, column: SqlColumn): unknown {
	if (field.isNull) return null;
	if (field.stringValue !== undefined) return field.stringValue;
	if (field.longValue !== undefined) {
		return EXACT_AS_TEXT.has(column.typeName) ? String(field.longValue) : field.longValue;
	}
	if (field.doubleValue !== undefined) return field.doubleValue;
	if (field.booleanValue !== undefined) return field.booleanValue;
	if (field.blobValue !== undefined) return Buffer.from(field.blobValue).toString('base64');
	return null;
}

export function columnsOf(metadata: ColumnMetadata[] | undefined): SqlColumn[] {
	return (metadata ?? []).map((column) => ({
		name: column.name ?? column.label ?? '',
		typeName: (column.typeName ?? '').toLowerCase(),
	}));
}

export function rowsOf(records: Field[][] | undefined, columns: SqlColumn[]): SqlRow[] {
	return (records ?? []).map((record) => {
		const row: SqlRow = {};
		record.forEach((field, index) => {
			const column = columns[index];
			if (column) row[column.name] = fieldValue(field, column);
		});
		return row;
	});
}
