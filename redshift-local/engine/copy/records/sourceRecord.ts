/**
 * Rows as the record parsers hand them to value conversion. Field contents are "byte strings"
 * (one char per byte, latin1): parsing never decodes, so invalid UTF-8, NUL bytes and byte
 * lengths can be checked per field later, as Redshift does.
 */
export interface RecordField {
	/** The field's bytes after unquoting / unescaping; null when the source said NULL. */
	bytes: string | null;
	/** CSV only: the field was quoted, so an empty value is an empty string. */
	quoted?: boolean;
	/** JSON only: the value as JSON text (byte string), for json/jsonb (SUPER) columns. */
	json?: string;
}

export interface SourceRecord {
	kind: 'record';
	/** Line in the file where the record starts (JSON: its last line, as stl_load_errors says). */
	lineNumber: number;
	rawLine: string;
	fields: RecordField[];
}

/** A row that cannot be parsed at all; it becomes an stl_load_errors row without a column. */
export interface RecordProblem {
	kind: 'problem';
	lineNumber: number;
	rawLine: string;
	code: number;
	reason: string;
}

export type ParsedRecord = SourceRecord | RecordProblem;

/** Options that shape text and CSV fields. */
export interface DelimitedOptions {
	delimiter: string;
	quote: string;
	nullAs: string;
	escape: boolean;
	removeQuotes: boolean;
	ignoreHeader: number;
	ignoreBlankLines: boolean;
}
