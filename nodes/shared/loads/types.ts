import type { S3Client } from '@aws-sdk/client-s3';

import type { RetryOptions } from '../redshift/connection/retry';
import type { RedshiftConnection, SqlStatement } from '../redshift/connection/types';
import type { AwsAuthorization } from '../redshift/sql/authorization';
import type { ColumnType } from '../staging/columnTypes';
import type { ColumnEncoding, DistStyle, SortKey } from '../redshift/sql/createTable';
import type { IdentifierOptions, TableRef } from '../redshift/sql/identifiers';
import type { NulHandling } from '../staging/columns';
import type { StagingCompression } from '../staging/compression';
import type { StagingFormat } from '../staging/stageRows';
import type { ColumnFitPolicy } from './columnFit';

export type { ColumnFitPolicy, LongValuePolicy, OversizeValuePolicy } from './columnFit';

/** One item to load: field name → value. */
export type LoadItem = Record<string, unknown>;

export type LoadItems = Iterable<LoadItem> | AsyncIterable<LoadItem>;

/** Receives every statement (credentials redacted) and every retry, at debug level. */
export type LoadLog = (message: string) => void;

/** Where and how rows are staged in S3 for COPY. */
export interface StagingSettings {
	s3: S3Client;
	bucket: string;
	/** Key prefix of all runs, e.g. `n8n/staging`; each load writes under `<prefix>/<runId>/`. */
	prefix: string;
	/** How Redshift reads the bucket (IAM role or keys); keys are redacted from logs and errors. */
	authorization: AwsAuthorization;
	/** The bucket's region when it differs from the cluster's. */
	region?: string;
	/** Default csv (gzip). */
	format?: StagingFormat;
	/** Default gzip. */
	compression?: StagingCompression;
	/** Roll to a new file after this many compressed bytes (default 32 MiB). */
	targetFileBytes?: number;
	/** Keep the staged files after the load (default: removed after commit and after failure). */
	keepFiles?: boolean;
	/** NUL characters in text: refuse (default) or strip. */
	nulBytes?: NulHandling;
	/** Fixed run id (tests); default a new unique one. */
	runId?: string;
}

/** COPY conversions a user may opt into; all off by default (each one can change data). */
export interface CopyTuning {
	/** Cut strings longer than their column instead of failing. */
	truncateColumns?: boolean;
	/** Replace invalid UTF-8 (true: with '?'). */
	acceptInvChars?: boolean | string;
	/** Bad rows allowed before the COPY fails (default 0). */
	maxError?: number;
	/** Round decimals with more scale than the column instead of truncating them. */
	roundDec?: boolean;
}

/** How a missing table is created: the columns come from `columns`, or are inferred from the items. */
export interface CreateTableSpec {
	/** Explicit columns (name → type), in order; default: inferred from the items. */
	columns?: {
		name: string;
		type: ColumnType | string;
		nullable?: boolean;
		encoding?: ColumnEncoding;
		comment?: string;
	}[];
	/** Types that override what inference finds, keyed by field or column name. */
	types?: Record<string, ColumnType | string>;
	/** Per-column encodings for inferred columns. */
	encodings?: Record<string, ColumnEncoding>;
	/** Per-column comments for inferred columns. */
	columnComments?: Record<string, string>;
	distStyle?: DistStyle;
	distKey?: string;
	sortKey?: SortKey;
	/** Informational primary key (Redshift never enforces it). */
	primaryKey?: string[];
	comment?: string;
}

/**
 * The user's SQL run inside the load transaction: `before` opens it, `after` closes it, so they commit
 * or roll back with the load (and a conflict retry runs them again). Statements outside the load
 * transaction (table lookups, a truncate overwrite's TRUNCATE, column widening) do not get them.
 */
export interface TransactionHooks {
	before: SqlStatement[];
	after: SqlStatement[];
}

/** How rows reach Redshift: staged in S3 and COPYed, or batched multi-row INSERTs. */
export type WriteMode = 'copy' | 'insert';

export interface LoadBaseOptions extends IdentifierOptions {
	connection: RedshiftConnection;
	table: TableRef;
	/** SQL run inside the load transaction, before and after the load's own statements. */
	hooks?: TransactionHooks;
	/** Create the table when it does not exist (inside the load transaction). */
	createIfMissing?: CreateTableSpec | boolean;
	/**
	 * Item fields to load. Default: every field the items have (when they are an array), or every
	 * column of the table (when they are streamed).
	 */
	fields?: string[];
	/** A field the table has no column for: fail (default) or leave it out. */
	extraFields?: 'error' | 'ignore';
	/**
	 * Strings bound for SUPER columns are JSON text (as json/jsonb values arrive from the CDC
	 * Trigger in text mode) and are parsed into SUPER values, not stored as string scalars.
	 * CSV staging and insert mode only.
	 */
	superStringsAreJson?: boolean;
	/**
	 * Values that do not fit their column, checked before anything is loaded: a value longer than
	 * its VARCHAR widens the column (default), fails or is cut; one over 65,535 bytes fails
	 * (default) or is cut. NUMERIC values with more digits than the column and infinite dates
	 * always fail the item (COPY would round or refuse them).
	 */
	columnFit?: ColumnFitPolicy;
	/** Retries of the whole transaction on serializable-isolation (1023) and concurrent-transaction conflicts. */
	retry?: Partial<RetryOptions>;
	log?: LoadLog;
	signal?: AbortSignal;
}

export interface StagedLoadOptions extends LoadBaseOptions {
	items: LoadItems;
	/**
	 * How the rows reach Redshift: `copy` (default) stages files in S3 and COPYs them; `insert` fills
	 * the same table (or temporary staging table) with batched multi-row INSERTs inside the load
	 * transaction, without S3. On the Data API a load that must be one transaction is one
	 * BatchExecuteStatement of at most 40 statements: rows that do not fit are refused before
	 * anything is sent (assertOneDataApiTransaction).
	 */
	writeMode?: WriteMode;
	/** Where rows are staged for COPY; required when `writeMode` is `copy` (the default). */
	staging?: StagingSettings;
	copy?: CopyTuning;
	/** writeMode `insert` only. */
	insert?: InsertFillSettings;
}

export interface InsertFillSettings {
	/** Rows per INSERT statement; default 500 (fewer when the parameter or size limits say so). */
	batchSize?: number;
	/** NUL characters in text: refuse (default) or strip. */
	nulBytes?: NulHandling;
}

/**
 * How overwrite replaces the rows. Atomic: `delete` (DELETE then load, one transaction) and `swap`
 * (load a new table, rename it into place). Not atomic: `truncate` (TRUNCATE commits at once).
 */
export type OverwriteMethod = 'delete' | 'swap' | 'truncate';

/** What every load reports. */
export interface LoadResult {
	/** The table as Redshift names it (`schema.table`). */
	table: string;
	action: 'append' | 'overwrite' | 'upsert' | 'changelog';
	/** Overwrite only: how the old rows went. */
	overwriteMethod?: OverwriteMethod;
	/** Rows now written by this load (COPYed, inserted or merged). */
	rowsLoaded: number;
	/** Items read from the input. */
	itemsRead: number;
	/** Staged files and their compressed bytes (0 in insert mode). */
	files: number;
	bytes: number;
	durationMs: number;
	/** Transactions tried, 1 unless a conflict was retried. */
	attempts: number;
	tableCreated: boolean;
	/** Data API statement ids of the load's statements (empty on the wire). */
	statementIds: string[];
	/** COPY query ids (pg_last_copy_id()), to look the load up in stl_load_commits / sys_load_history. */
	queryIds: string[];
	/** s3:// manifest URL; the files are gone unless keepFiles was set. */
	manifestUrl?: string;
	stagedFilesKept: boolean;
	/** Problems that did not fail the load, e.g. staged files that could not be removed. */
	warnings: string[];
}
