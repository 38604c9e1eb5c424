import {
	checkedS3Url,
	formatAuthorization,
	formatRegion,
	type AwsAuthorization,
} from './authorization';
import { SqlBuildError } from './errors';
import { quoteLiteral } from './literals';
import { parseS3Url } from '../../s3/url';

export interface UnloadOptions {
	/** The SELECT to run. It goes inside UNLOAD ('…') as an escaped literal: Redshift takes no parameter there. */
	query: string;
	/** s3:// prefix the files are written under, e.g. s3://bucket/run-123/ (must not start with _ or .). */
	to: string;
	authorization: AwsAuthorization;
	/** Default PARQUET: typed, and up to 2x faster than text. */
	format?: 'PARQUET' | 'CSV' | 'JSON';
	/** Default 'VERBOSE': the manifest lists every file with sizes, row counts and the column types. */
	manifest?: boolean | 'VERBOSE';
	/** Default true (one or more files per slice); false writes serially in ORDER BY order. */
	parallel?: boolean;
	/** 5 to 6200. */
	maxFileSizeMb?: number;
	/** CLEANPATH deletes what is under the prefix first; ALLOWOVERWRITE replaces same-named files. */
	overwrite?: 'CLEANPATH' | 'ALLOWOVERWRITE';
	/** CSV/JSON only: Parquet compresses inside the file. */
	compression?: 'GZIP' | 'ZSTD' | 'BZIP2';
	/** CSV only. */
	header?: boolean;
	/** CSV only: how NULL is written, so it differs from an empty string. */
	nullAs?: string;
	region?: string;
	/**
	 * Wrap the query as SELECT * FROM (query): UNLOAD refuses a LIMIT on the outer SELECT.
	 * The order of a nested ORDER BY is then not guaranteed.
	 */
	nestQuery?: boolean;
}

/** The UNLOAD statement; pass it through redactCopy() before logging when keys are used. */
export function buildUnload(options: UnloadOptions): string {
	const format = options.format ?? 'PARQUET';
	if (!['PARQUET', 'CSV', 'JSON'].includes(format))
		throw new SqlBuildError(`Unknown UNLOAD format ${JSON.stringify(format)}.`);
	const target = parseS3Url(checkedS3Url(options.to, 'UNLOAD TO'));
	const lastSegment = target.key.replace(/\/$/, '').split('/').pop() ?? '';
	if (/^[_.]/.test(lastSegment)) {
		throw new SqlBuildError(
			'An UNLOAD prefix must not start with _ or . (Spectrum and many readers skip such files).',
		);
	}
	if (format !== 'CSV' && (options.header || options.nullAs !== undefined)) {
		throw new SqlBuildError(
			`HEADER and NULL AS are for CSV; UNLOAD ${format} does not accept them.`,
		);
	}
	if (format === 'PARQUET' && options.compression) {
		throw new SqlBuildError(
			'UNLOAD to Parquet compresses inside the file; remove the compression option.',
		);
	}
	const query = unloadQuery(options.query, options.nestQuery);
	const parts = [
		`UNLOAD (${quoteLiteral(query)})`,
		`TO ${quoteLiteral(options.to)}`,
		formatAuthorization(options.authorization),
		`FORMAT AS ${format}`,
	];
	if (options.header) parts.push('HEADER');
	if (options.nullAs !== undefined) parts.push(`NULL AS ${quoteLiteral(options.nullAs)}`);
	if (options.compression) {
		if (!['GZIP', 'ZSTD', 'BZIP2'].includes(options.compression)) {
			throw new SqlBuildError(`Unknown UNLOAD compression ${JSON.stringify(options.compression)}.`);
		}
		parts.push(options.compression);
	}
	const manifest = options.manifest ?? 'VERBOSE';
	if (manifest) parts.push(manifest === 'VERBOSE' ? 'MANIFEST VERBOSE' : 'MANIFEST');
	if (options.overwrite) {
		if (options.overwrite !== 'CLEANPATH' && options.overwrite !== 'ALLOWOVERWRITE') {
			throw new SqlBuildError(
				`Unknown UNLOAD overwrite option ${JSON.stringify(options.overwrite)}.`,
			);
		}
		parts.push(options.overwrite);
	}
	parts.push(`PARALLEL ${options.parallel === false ? 'OFF' : 'ON'}`);
	if (options.maxFileSizeMb !== undefined) {
		const size = options.maxFileSizeMb;
		if (!Number.isFinite(size) || size < 5 || size > 6200) {
			throw new SqlBuildError(`MAXFILESIZE must be 5 to 6200 MB; got ${size}.`);
		}
		parts.push(`MAXFILESIZE AS ${Number(size.toFixed(3))} MB`);
	}
	if (options.region !== undefined) parts.push(formatRegion(options.region));
	return parts.join(' ');
}

function unloadQuery(query: string, nest: boolean | undefined): string {
	if (typeof query !== 'string') throw new SqlBuildError('UNLOAD needs the query as text.');
	// A trailing semicolon would end the inner statement early.
	const trimmed = query.trim().replace(/;\s*$/, '').trim();
	if (trimmed.length === 0) throw new SqlBuildError('UNLOAD needs a non-empty query.');
	if (trimmed.includes(';')) {
		// Only a problem when it is a statement separator, but a literal containing ';' is rare enough to ask for care.
		if (/;\s*\S/.test(trimmed.replace(/'(?:[^']|'')*'/g, "''"))) {
			throw new SqlBuildError(
				'UNLOAD takes exactly one SELECT statement; remove the other statements.',
			);
		}
	}
	// A trailing -- comment would swallow the closing parenthesis: it goes on a line of its own then.
	const close = trimmed.includes('--') ? '\n)' : ')';
	return nest ? `SELECT * FROM (${trimmed}${close} AS "_n8n_unload"` : trimmed;
}
