import {
	checkedS3Url,
	formatAuthorization,
	formatRegion,
	type AwsAuthorization,
} from './authorization';
import type { StagedFileEncoding, StagedFileOptions } from '../../staging/fileFormat';
import { SqlBuildError } from './errors';
import { quoteColumnList, quoteTable, type IdentifierOptions, type TableRef } from './identifiers';
import { integerLiteral, quoteLiteral } from './literals';

export interface CopyOptions extends StagedFileOptions, IdentifierOptions {
	table: TableRef;
	/** Load only these columns, in file order; the others get their DEFAULT. */
	columns?: string[];
	/** s3:// URL of the manifest (or of an object/prefix when manifest is false). */
	from: string;
	/** Default true: the file set is exactly what the manifest lists. */
	manifest?: boolean;
	authorization: AwsAuthorization;
	/** The bucket's region when it differs from the cluster's (not allowed for Parquet). */
	region?: string;
	/** Loads empty CHAR/VARCHAR as NULL: makes '' and NULL indistinguishable, so off unless asked. */
	emptyAsNull?: boolean;
	blanksAsNull?: boolean;
	/** true: replace invalid UTF-8 with '?'; a one-character string: with that character. */
	acceptInvChars?: boolean | string;
	/** Cut strings longer than their column instead of failing (silent truncation: off unless asked). */
	truncateColumns?: boolean;
	/** Rows allowed to fail before COPY fails; default 0 (Redshift's default too). */
	maxError?: number;
	/** Default false (COMPUPDATE OFF): no compression analysis on every load. */
	compUpdate?: boolean | 'PRESET';
	/** Default false (STATUPDATE OFF): statistics are a separate ANALYZE. */
	statUpdate?: boolean;
	explicitIds?: boolean;
	fillRecord?: boolean;
	/** Round (instead of truncate) decimals with more scale than the column. */
	roundDec?: boolean;
	ignoreHeader?: number;
}

// Only these options may follow a columnar COPY (Redshift docs, COPY from columnar formats).
const PARQUET_FORBIDDEN: (keyof CopyOptions)[] = [
	'compression',
	'region',
	'timeFormat',
	'dateFormat',
	'emptyAsNull',
	'blanksAsNull',
	'truncateColumns',
	'maxError',
	'roundDec',
	'ignoreHeader',
	'compUpdate',
];

/**
 * The COPY statement. Every part Redshift takes as a literal (the S3 URL, role, region, formats)
 * is escaped with quoteLiteral; the statement holds credentials when keys are used, so pass it
 * through redactCopy() before it is logged or shown.
 */
export function buildCopy(options: CopyOptions): string {
	checkedS3Url(options.from, 'COPY FROM');
	const columns = options.columns ? ` (${quoteColumnList(options.columns, options)})` : '';
	const parts = [
		`COPY ${quoteTable(options.table, options)}${columns}`,
		`FROM ${quoteLiteral(options.from)}`,
		formatAuthorization(options.authorization),
		...formatClauses(options),
	];
	if (options.manifest !== false) parts.push('MANIFEST');
	return parts.join(' ');
}

function formatClauses(options: CopyOptions): string[] {
	const { format } = options;
	if (format.type === 'PARQUET') {
		for (const key of PARQUET_FORBIDDEN) {
			if (options[key] !== undefined && options[key] !== false) {
				throw new SqlBuildError(
					`COPY from Parquet does not accept ${key}; remove it or stage CSV/JSON files.`,
				);
			}
		}
		return [
			`FORMAT AS PARQUET${format.serializeToJson ? ' SERIALIZETOJSON' : ''}`,
			...(options.acceptInvChars ? [acceptInvChars(options.acceptInvChars)] : []),
			...(options.fillRecord ? ['FILLRECORD'] : []),
			...(options.explicitIds ? ['EXPLICIT_IDS'] : []),
			`STATUPDATE ${options.statUpdate ? 'ON' : 'OFF'}`,
		];
	}
	const clauses = [formatFormat(format)];
	if (options.compression !== undefined) {
		if (!['GZIP', 'ZSTD', 'BZIP2', 'LZOP'].includes(options.compression)) {
			throw new SqlBuildError(`Unknown COPY compression ${JSON.stringify(options.compression)}.`);
		}
		clauses.push(options.compression);
	}
	if (options.region !== undefined) clauses.push(formatRegion(options.region));
	if (options.timeFormat !== undefined)
		clauses.push(`TIMEFORMAT AS ${quoteLiteral(options.timeFormat)}`);
	if (options.dateFormat !== undefined)
		clauses.push(`DATEFORMAT AS ${quoteLiteral(options.dateFormat)}`);
	if (options.ignoreHeader !== undefined)
		clauses.push(`IGNOREHEADER ${integerLiteral(options.ignoreHeader, 'IGNOREHEADER')}`);
	if (options.emptyAsNull) clauses.push('EMPTYASNULL');
	if (options.blanksAsNull) clauses.push('BLANKSASNULL');
	if (options.acceptInvChars) clauses.push(acceptInvChars(options.acceptInvChars));
	if (options.truncateColumns) clauses.push('TRUNCATECOLUMNS');
	if (options.fillRecord) clauses.push('FILLRECORD');
	if (options.explicitIds) clauses.push('EXPLICIT_IDS');
	if (options.roundDec) clauses.push('ROUNDEC');
	if (options.maxError !== undefined)
		clauses.push(`MAXERROR ${integerLiteral(options.maxError, 'MAXERROR', 0, 100000)}`);
	const compUpdate = options.compUpdate === 'PRESET' ? 'PRESET' : options.compUpdate ? 'ON' : 'OFF';
	clauses.push(`COMPUPDATE ${compUpdate}`, `STATUPDATE ${options.statUpdate ? 'ON' : 'OFF'}`);
	return clauses;
}

function formatFormat(format: StagedFileEncoding): string {
	if (format.type === 'CSV') {
		const parts = ['FORMAT AS CSV'];
		if (format.quote !== undefined)
			parts.push(`QUOTE AS ${singleCharacter(format.quote, 'QUOTE')}`);
		if (format.delimiter !== undefined)
			parts.push(`DELIMITER AS ${singleCharacter(format.delimiter, 'DELIMITER')}`);
		if (format.nullAs !== undefined) parts.push(`NULL AS ${quoteLiteral(format.nullAs)}`);
		return parts.join(' ');
	}
	if (format.type === 'JSON') {
		const paths = format.paths ?? 'auto';
		if (paths !== 'auto' && paths !== 'auto ignorecase') checkedS3Url(paths, 'JSONPaths');
		return `FORMAT AS JSON ${quoteLiteral(paths)}`;
	}
	throw new SqlBuildError(
		`Unknown COPY format ${JSON.stringify((format as { type: unknown }).type)}.`,
	);
}

function acceptInvChars(value: true | string): string {
	return value === true
		? 'ACCEPTINVCHARS'
		: `ACCEPTINVCHARS AS ${singleCharacter(value, 'ACCEPTINVCHARS')}`;
}

function singleCharacter(value: string, what: string): string {
	if ([...value].length !== 1)
		throw new SqlBuildError(`${what} must be one character; got ${JSON.stringify(value)}.`);
	return quoteLiteral(value);
}
