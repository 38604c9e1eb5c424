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

/** What to do with NUL characters, which Redshift cannot load into VARCHAR. */
export type NulHandling = 'error' | 'strip';

export interface ValueOptions {
	nulBytes: NulHandling;
}
