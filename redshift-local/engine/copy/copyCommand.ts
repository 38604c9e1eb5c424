/**
 * The parsed form of Redshift's `COPY table [(columns)] FROM 's3://…' [options]`
 * (DG r_COPY.md, copy-parameters-*.md).
 */
export interface TableName {
	schema?: string;
	name: string;
}

export type CopyFormat =
	| { kind: 'text' }
	| { kind: 'csv' }
	| { kind: 'json'; mode: 'auto' | 'auto ignorecase' }
	| { kind: 'json'; mode: 'jsonpaths'; jsonPathsUrl: string }
	| { kind: 'parquet' };

export type Compression = 'none' | 'gzip' | 'zstd';

/** What the statement said about authorization; checked (and redacted) before anything is read. */
export interface CopyAuthorizationClauses {
	iamRole?: string;
	credentials?: string;
	accessKeyId?: string;
	secretAccessKey?: string;
	sessionToken?: string;
}

export interface CopyCommand {
	table: TableName;
	/** Columns named in the column list, as written (after identifier folding). */
	columns?: string[];
	/** The FROM URL: an object key prefix, or the manifest object when `manifest` is set. */
	source: string;
	manifest: boolean;
	format: CopyFormat;
	delimiter?: string;
	quote: string;
	compression: Compression;
	authorization: CopyAuthorizationClauses;
	region?: string;
	ignoreHeader: number;
	nullAs?: string;
	emptyAsNull: boolean;
	blanksAsNull: boolean;
	dateFormat?: string;
	timeFormat?: string;
	/** Replacement character for invalid UTF-8, when ACCEPTINVCHARS is given. */
	acceptInvChars?: string;
	truncateColumns: boolean;
	maxError: number;
	ignoreAllErrors: boolean;
	escape: boolean;
	removeQuotes: boolean;
	fillRecord: boolean;
	ignoreBlankLines: boolean;
	trimBlanks: boolean;
	roundDecimals: boolean;
	acceptAnyDate: boolean;
	explicitIds: boolean;
	noLoad: boolean;
	/** Option keywords as written (upper case), to check what a format allows. */
	givenOptions: string[];
}

/** Redshift caps MAXERROR at 100000 (DG copy-parameters-data-load.md). */
export const MAXERROR_LIMIT = 100_000;

export function defaultCopyCommand(table: TableName, source: string): CopyCommand {
	return {
		table,
		source,
		manifest: false,
		format: { kind: 'text' },
		quote: '"',
		compression: 'none',
		authorization: {},
		ignoreHeader: 0,
		emptyAsNull: false,
		blanksAsNull: false,
		truncateColumns: false,
		maxError: 0,
		ignoreAllErrors: false,
		escape: false,
		removeQuotes: false,
		fillRecord: false,
		ignoreBlankLines: false,
		trimBlanks: false,
		roundDecimals: false,
		acceptAnyDate: false,
		explicitIds: false,
		noLoad: false,
		givenOptions: [],
	};
}
