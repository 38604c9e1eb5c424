import type { ColumnType } from './columnTypes';

/** A column of the staged files, in file order. */
export interface StagingColumn {
	/** The Redshift column name (JSON lines use it as the key; COPY lists it). */
	name: string;
	/** The item field holding the value; default: name. */
	sourceKey?: string;
	/** The target type when known. SUPER columns get every value as JSON, strings included. */
	type?: ColumnType;
	/** The value is the row's 0-based position in the input, not a field (stageRows sets this for its ordinal column). */
	isOrdinal?: boolean;
}

/** Where a staged column's value comes from: its item field, or (the ordinal column) the row's position. */
export interface ColumnSource {
	name: string;
	/** The item field read. */
	key: string;
	isOrdinal: boolean;
}

export function columnSource(column: StagingColumn): ColumnSource {
	return {
		name: column.name,
		key: column.sourceKey ?? column.name,
		isOrdinal: column.isOrdinal === true,
	};
}

/** The value an item gives a staged column. */
export function columnValue(
	source: ColumnSource,
	item: Record<string, unknown>,
	itemIndex: number,
): unknown {
	return source.isOrdinal ? itemIndex : item[source.key];
}

/** What to do with NUL characters, which Redshift cannot load into VARCHAR. */
export type NulHandling = 'error' | 'strip';

export interface ValueOptions {
	nulBytes: NulHandling;
}
