import { redactCopy } from '../redshift/sql/redact';
import type { LoadResult } from './types';

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
 * A load that failed; its transaction was rolled back (earlier committed groups: `committed`). The message says what
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
			/** SQLSTATE or the server's error code, when it gave one. */
			code?: string;
			/**
			 * Insert over the Data API in groups of 40 statements: what the groups before the failed
			 * one committed (items 0 to `itemsRead` - 1), which a retry must not insert again.
			 */
			committed?: LoadResult;
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

/** The load's settings do not fit the table or the input (no key columns, a field without a column…); nothing was sent. */
export class LoadSetupError extends Error {
	constructor(
		message: string,
		/** The column or field the problem is about, when there is one. */
		readonly column?: string,
	) {
		super(message);
		this.name = 'LoadSetupError';
	}
}

/** The input item and column an error of a load points at, whichever kind it is. */
export function errorLocation(error: unknown): { itemIndex?: number; column?: string } {
	if (error === null || typeof error !== 'object') return {};
	const { itemIndex, column } = error as { itemIndex?: unknown; column?: unknown };
	return {
		...(typeof itemIndex === 'number' ? { itemIndex } : {}),
		...(typeof column === 'string' && column !== '' ? { column } : {}),
	};
}
