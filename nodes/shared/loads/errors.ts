import { redactCopy } from '../redshift/sql/redact';

/** One bad row as Redshift recorded it in stl_load_errors or sys_load_error_detail. */
export interface LoadErrorDetail {
	/** The COPY's query id. */
	queryId: string;
	/** The staged file (s3://…) and the line in it, from 1. */
	file: string | null;
	line: number | null;
	column: string | null;
	columnType: string | null;
	columnLength: string | null;
	/** The raw field (stl_load_errors only; sys_load_error_detail does not keep it). */
	value: string | null;
	code: number | null;
	reason: string | null;
	/** The input item the line came from, from 0, when it could be worked out. */
	itemIndex?: number;
}

/**
 * A load that failed and changed nothing: the transaction was rolled back. The message says what
 * failed, where (item, column, line of which file) and what to do; SQL and server text in it are
 * redacted.
 */
export class LoadFailedError extends Error {
	constructor(
		message: string,
		readonly details: {
			table: string;
			itemIndex?: number;
			column?: string;
			loadErrors?: LoadErrorDetail[];
			/** The server's own message, redacted. */
			serverMessage?: string;
			code?: string;
			cause?: unknown;
		},
	) {
		super(redactCopy(message));
		this.name = 'LoadFailedError';
	}

	get itemIndex(): number | undefined {
		return this.details.itemIndex;
	}

	get column(): string | undefined {
		return this.details.column;
	}
}

/** A value refused before anything was sent (insert mode checks values against the column types). */
export class ItemValueError extends Error {
	constructor(
		message: string,
		readonly itemIndex: number,
		readonly column: string,
	) {
		super(message);
		this.name = 'ItemValueError';
	}
}
