import type { NumberMode } from '../../shared/reads/values';
import type { SqlValue } from '../../shared/redshift/connection/types';
import type { TableRef } from '../../shared/redshift/sql/identifiers';

export type SourceOperation = 'readTable' | 'executeQuery' | 'readUnloadedFile';
export type ReadMode = 'direct' | 'unload';
export type SourceOutput = 'rows' | 'unloadedFiles' | 'binaryFile';

export type FilterOperator =
	| 'equal'
	| 'notEqual'
	| 'greater'
	| 'greaterOrEqual'
	| 'less'
	| 'lessOrEqual'
	| 'like'
	| 'notLike'
	| 'iLike'
	| 'isNull'
	| 'isNotNull';

export interface FilterCondition {
	column: string;
	operator: FilterOperator;
	value: string;
}

export interface SortRule {
	column: string;
	direction: 'ASC' | 'DESC';
}

/** Read Table: everything the SELECT is built from; values stay parameters. */
export interface TableRead {
	table: TableRef;
	/** Empty reads every column. */
	columns: string[];
	conditions: FilterCondition[];
	combine: 'AND' | 'OR';
	sort: SortRule[];
	/** Undefined returns every row. */
	limit?: number;
}

/** Execute Query: one statement and the values of its $1…$n. */
export interface QueryRead {
	sql: string;
	values: SqlValue[];
}

export interface IncrementalSettings {
	cursorColumn: string;
	/** Empty: only rows strictly past the last value are read (documented rule). */
	keyColumns: string[];
	reset: boolean;
	/** Used when nothing is remembered (first run or after a reset). */
	startValue?: string;
}

export interface UnloadSettings {
	bucket: string;
	prefix: string;
	authorization: { iamRoles: string[] } | 'credentialKeys';
	format: 'parquet' | 'csvGzip';
	parallel: boolean;
	maxFileSizeMb: number;
	keepFiles: boolean;
	concurrency: number;
}

export interface BinarySettings {
	format: 'csv' | 'parquet';
	propertyName: string;
	/** Empty: named after the table or "query". */
	fileName: string;
}

export interface SourceSettings {
	operation: SourceOperation;
	readMode: ReadMode;
	output: SourceOutput;
	tableRead?: TableRead;
	queryRead?: QueryRead;
	/** Read Unloaded File: the file's s3:// URL. */
	fileUrl?: string;
	pageSize: number;
	maxRows: number;
	numbers: NumberMode;
	incremental?: IncrementalSettings;
	unload?: UnloadSettings;
	binary?: BinarySettings;
}
