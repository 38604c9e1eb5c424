import { formatColumnType, type ColumnType } from './columnTypes';
import { quoteIdentifier, quoteTable, type IdentifierOptions, type TableRef } from './identifiers';

/** ALTER TABLE … ADD COLUMN: Redshift adds one column per statement. */
export function buildAddColumn(target: TableRef, column: string, type: ColumnType, options: IdentifierOptions = {}): string {
	return `ALTER TABLE ${quoteTable(target, options)} ADD COLUMN ${quoteIdentifier(column, options)} ${formatColumnType(type)}`;
}
