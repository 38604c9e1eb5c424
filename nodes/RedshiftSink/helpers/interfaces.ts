import type {
	ColumnFitPolicy,
	CopyTuning,
	CreateTableSpec,
	StagingSettings,
	TransactionHooks,
	WriteMode,
} from '../../shared/loads';
import type { RedshiftConnection } from '../../shared/redshift/connection/types';
import type { TableRef } from '../../shared/redshift/sql/identifiers';
import type { NulHandling } from '../../shared/staging/columns';
import type { StagingCompression } from '../../shared/staging/compression';
import type { StagingFormat } from '../../shared/staging/stageRows';

/** The parameter `operation`; the output's `operation` and the README use the same words. */
export type SinkOperation = 'append' | 'overwrite' | 'upsert' | 'changelog';

/** COPY conversions the node offers; TIMEFORMAT and EMPTYASNULL reach buildCopy through the core's `copy` spread. */
export type SinkCopyTuning = CopyTuning & { timeFormat?: string; emptyAsNull?: boolean };

/** Everything a run needs, read once from the parameters of item 0 (a load is one transaction for all items). */
export interface SinkSettings {
	operation: SinkOperation;
	writeMode: WriteMode;
	/** Options > Batch Size: rows per INSERT in write mode Insert. */
	batchSize: number;
	/** Where and how to stage in S3; present exactly when writeMode is copy. */
	staging?: StagingParameters;
	/** Undefined for a changelog that writes to each event's source table. */
	table?: TableRef;
	changelogSchema?: string;
	caseSensitive: boolean;
	createIfMissing: CreateTableSpec | false;
	extraFields: 'error' | 'ignore';
	nulBytes: NulHandling;
	/** Text bound for SUPER columns is JSON (CDC text mode); always on for a changelog. */
	superStringsAreJson: boolean;
	/** Options > Values Longer Than the Column / Values Over 65,535 Bytes (defaults: widen, fail). */
	columnFit: Required<ColumnFitPolicy>;
	/** Options > SQL Before Load / SQL After Load, run inside the load transaction by the core. */
	hooks: TransactionHooks;
	overwriteMethod: 'delete' | 'swap' | 'truncate';
	upsertStrategy: 'deleteInsert' | 'merge';
	/** Upsert keys (mapper's match columns or the override); changelog keys for every table (empty: the events' own). */
	keys: string[];
	/** Changelog key columns of single source tables. */
	tableKeys: TableKeys[];
	/** Changelog: an unchanged TOAST value with no target row to take it from fails the run, or is written as NULL with a warning. */
	missingToast: 'fail' | 'null';
	copy: SinkCopyTuning;
	keepStagedFiles: boolean;
	/** The bucket's region when it differs from the cluster's. */
	bucketRegion?: string;
	targetFileBytes?: number;
}

/** How COPY reads the staged files: IAM roles (chained when several), or the S3 staging credential's keys. */
export type CopyAuthorizationSetting = { iamRoles: string[] } | 'credentialKeys';

/** The staging parameters of write mode Copy; helpers/staging.ts adds only the credential. */
export interface StagingParameters {
	bucket: string;
	/** Without leading or trailing slashes. */
	prefix: string;
	authorization: CopyAuthorizationSetting;
	format: StagingFormat;
	/** Not for Parquet, which compresses itself. */
	compression?: StagingCompression;
}

/** Key columns set for one source table (`schema.table`, or a bare name for any schema). */
export interface TableKeys {
	table: string;
	keys: string[];
}

/** What an action gets: the settings, an open connection and (for Copy) where to stage. */
export interface SinkRun {
	settings: SinkSettings;
	connection: RedshiftConnection;
	staging?: StagingSettings;
	signal?: AbortSignal;
	log: (message: string) => void;
}
