import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { ColumnFitPolicy, CreateTableSpec, WriteMode } from '../../shared/loads';
import type { ColumnEncoding, SortKey } from '../../shared/redshift/sql/createTable';
import type { StagingCompression } from '../../shared/staging/compression';
import type { StagingFormat } from '../../shared/staging/stageRows';
import type { SinkOperation, SinkSettings, StagingParameters } from './interfaces';
import { splitSqlStatements } from '../../common/helpers/splitSql';

/** A parameter the run cannot use; `parameter` is its path as the editor shows it, e.g. 'Copy Options > Bucket Region'. */
export class SettingsError extends Error {
	constructor(
		message: string,
		readonly parameter: string,
	) {
		super(message);
		this.name = 'SettingsError';
	}
}

export function commaList(text: unknown): string[] {
	if (Array.isArray(text))
		return text.map((part) => String(part).trim()).filter((part) => part !== '');
	return String(text ?? '')
		.split(',')
		.map((part) => part.trim())
		.filter((part) => part !== '');
}

function locator(context: IExecuteFunctions, name: string): string {
	return String(context.getNodeParameter(name, 0, '', { extractValue: true }) ?? '').trim();
}

interface ColumnSetting {
	name?: string;
	type?: string;
	encoding?: string;
	nullable?: boolean;
	comment?: string;
}

/** The create-table settings as the core's spec; listed columns are either the whole table or overrides of inferred ones. */
export function createTableSpec(
	columns: ColumnSetting[],
	from: 'infer' | 'listed',
	design: IDataObject,
): CreateTableSpec {
	const named = columns.filter((column) => String(column.name ?? '').trim() !== '');
	const spec: CreateTableSpec = {};
	if (from === 'listed') {
		if (named.length === 0)
			throw new SettingsError(
				'Column Definitions is "Exactly the Columns Below" but no column is listed: add the columns, or infer them from the items.',
				'Column Settings',
			);
		spec.columns = named.map((column) => {
			if (!String(column.type ?? '').trim()) {
				throw new SettingsError(
					`The listed column "${column.name}" has no type: enter one such as VARCHAR(256) or BIGINT.`,
					'Column Settings > Type',
				);
			}
			return {
				name: String(column.name).trim(),
				type: String(column.type).trim(),
				nullable: column.nullable !== false,
				...(column.encoding ? { encoding: column.encoding as ColumnEncoding } : {}),
				...(column.comment ? { comment: column.comment } : {}),
			};
		});
	} else {
		for (const column of named) {
			const name = String(column.name).trim();
			if (String(column.type ?? '').trim()) (spec.types ??= {})[name] = String(column.type).trim();
			if (column.encoding) (spec.encodings ??= {})[name] = column.encoding as ColumnEncoding;
			if (column.comment) (spec.columnComments ??= {})[name] = column.comment;
		}
	}
	const distKey = String(design.distKey ?? '').trim();
	const distStyle = String(design.distStyle ?? '').trim();
	if (distKey) spec.distKey = distKey;
	if (distStyle && !(distKey && distStyle === 'AUTO'))
		spec.distStyle = distStyle as CreateTableSpec['distStyle'];
	if (spec.distStyle === 'KEY' && !distKey)
		throw new SettingsError(
			'Dist Style is Key but no Dist Key column is given: enter the column.',
			'Table Design > Dist Key',
		);
	const sortColumns = commaList(design.sortKeyColumns);
	const sortStyle = String(design.sortKeyStyle ?? 'COMPOUND');
	if (sortStyle === 'AUTO') spec.sortKey = { style: 'AUTO' };
	else if (sortStyle !== 'NONE' && sortColumns.length > 0)
		spec.sortKey = {
			style: sortStyle as 'COMPOUND' | 'INTERLEAVED',
			columns: sortColumns,
		} as SortKey;
	const primaryKey = commaList(design.primaryKey);
	if (primaryKey.length > 0) spec.primaryKey = primaryKey;
	if (String(design.comment ?? '').trim()) spec.comment = String(design.comment);
	return spec;
}

/** Key Columns per Table: each entry needs a table and at least one column, and a table is named once. */
function readTableKeys(collection: IDataObject): SinkSettings['tableKeys'] {
	const entries = ((collection.table ?? []) as IDataObject[]).map((entry) => ({
		table: String(entry.table ?? '').trim(),
		keys: commaList(entry.keyColumns),
	}));
	const seen = new Set<string>();
	for (const entry of entries) {
		if (!entry.table)
			throw new SettingsError(
				'An entry of Key Columns per Table has no source table: enter it as schema.table or table, or remove the entry.',
				'Key Columns per Table',
			);
		if (entry.keys.length === 0)
			throw new SettingsError(
				`Key Columns per Table: "${entry.table}" has no key columns; enter them comma-separated.`,
				'Key Columns per Table',
			);
		if (seen.has(entry.table.toLowerCase()))
			throw new SettingsError(
				`Key Columns per Table names "${entry.table}" twice; keep one entry.`,
				'Key Columns per Table',
			);
		seen.add(entry.table.toLowerCase());
	}
	return entries;
}

const LONG_VALUE_POLICIES = ['widen', 'fail', 'truncate'] as const;
const OVERSIZE_VALUE_POLICIES = ['fail', 'truncate'] as const;

/**
 * Options > Values Longer Than the Column / Values Over 65,535 Bytes. Without the first, the Copy
 * option Truncate Columns (an older way to ask for cutting) still means Truncate; else Widen.
 */
export function columnFitPolicy(
	options: IDataObject,
	copyOptions: IDataObject,
): Required<ColumnFitPolicy> {
	const longValues =
		options.longValues ?? (copyOptions.truncateColumns === true ? 'truncate' : 'widen');
	const oversizeValues = options.oversizeValues ?? 'fail';
	if (!LONG_VALUE_POLICIES.includes(longValues as never))
		throw new SettingsError(
			`Values Longer Than the Column is ${JSON.stringify(longValues)}; choose Widen the Column, Fail or Truncate.`,
			'Options > Values Longer Than the Column',
		);
	if (!OVERSIZE_VALUE_POLICIES.includes(oversizeValues as never))
		throw new SettingsError(
			`Values Over 65,535 Bytes is ${JSON.stringify(oversizeValues)}; choose Fail or Truncate.`,
			'Options > Values Over 65,535 Bytes',
		);
	return { longValues, oversizeValues } as Required<ColumnFitPolicy>;
}

/**
 * Write mode Copy: the bucket, prefix, file format and how COPY is authorized. Parquet refuses
 * the COPY conversions and REGION, so they are refused here, before anything is staged.
 */
export function stagingParameters(
	context: IExecuteFunctions,
	copyOptions: IDataObject,
	copy: SinkSettings['copy'],
): StagingParameters {
	const bucket = String(context.getNodeParameter('bucket', 0, '')).trim();
	if (!bucket)
		throw new SettingsError(
			'No S3 bucket is set for staging: enter the bucket Redshift reads the files from.',
			'S3 Bucket',
		);
	const prefix = String(copyOptions.prefix ?? 'n8n-redshift-sink')
		.trim()
		.replace(/^\/+|\/+$/g, '');
	let authorization: StagingParameters['authorization'] = 'credentialKeys';
	if (context.getNodeParameter('copyAuthorization', 0, 'iamRole') === 'iamRole') {
		const iamRoles = commaList(context.getNodeParameter('iamRole', 0, ''));
		if (iamRoles.length === 0)
			throw new SettingsError(
				'COPY needs an IAM role: enter the role ARN (or "default"), or set COPY Authorization to S3 Staging Credential Keys.',
				'IAM Role',
			);
		authorization = { iamRoles };
	}
	const format = (copyOptions.fileFormat ?? 'csv') as StagingFormat;
	if (format === 'parquet') {
		const names: Record<string, string> = {
			truncateColumns: 'Truncate Columns',
			maxError: 'Max Errors',
			timeFormat: 'Time Format',
			emptyAsNull: 'Empty As Null',
		};
		const refused = Object.keys(copy)
			.filter((key) => key !== 'acceptInvChars')
			.map((key) => names[key] ?? key);
		if (String(copyOptions.region ?? '').trim()) refused.push('Bucket Region');
		if (refused.length > 0) {
			throw new SettingsError(
				`COPY from Parquet does not take ${refused.join(', ')}: remove those Copy Options, or set File Format to CSV or JSON Lines.`,
				'Copy Options > File Format',
			);
		}
		return { bucket, prefix, authorization, format };
	}
	const compression = (copyOptions.compression ?? 'gzip') as StagingCompression;
	return { bucket, prefix, authorization, format, compression };
}

/** Reads the node's parameters (item 0: one load serves every item) into typed settings. */
export function readSettings(context: IExecuteFunctions): SinkSettings {
	const operation = context.getNodeParameter('operation', 0, 'append') as SinkOperation;
	const writeMode = (context.getNodeParameter('writeMode', 0, 'copy') as WriteMode) ?? 'copy';
	const options = context.getNodeParameter('options', 0, {}) as IDataObject;
	const copyOptions =
		writeMode === 'copy' ? (context.getNodeParameter('copyOptions', 0, {}) as IDataObject) : {};
	const sourceTables =
		operation === 'changelog' &&
		context.getNodeParameter('changelogTarget', 0, 'sourceTable') === 'sourceTable';
	let table: SinkSettings['table'];
	if (!sourceTables) {
		const name = locator(context, 'table');
		if (!name)
			throw new SettingsError(
				'No table is chosen: pick one from the list or enter its name.',
				'Table',
			);
		table = { schema: locator(context, 'schema') || undefined, name };
	}
	const createTable = context.getNodeParameter('createTable', 0, false) as boolean;
	let createIfMissing: SinkSettings['createIfMissing'] = false;
	if (createTable) {
		const columns = ((context.getNodeParameter('tableColumns', 0, {}) as IDataObject).column ??
			[]) as IDataObject[];
		createIfMissing = createTableSpec(
			columns as ColumnSetting[],
			context.getNodeParameter('createColumnsFrom', 0, 'infer') as 'infer' | 'listed',
			context.getNodeParameter('tableDesign', 0, {}) as IDataObject,
		);
	}
	let keys: string[] = [];
	let tableKeys: SinkSettings['tableKeys'] = [];
	if (operation === 'upsert') {
		keys = commaList(options.keyColumns);
		if (keys.length === 0)
			keys = (context.getNodeParameter('columns.matchingColumns', 0, []) as string[]) ?? [];
		if (keys.length === 0) {
			throw new SettingsError(
				'Upsert needs key columns: choose "Columns to Match On" in the column mapping, or set Options > Key Columns Override.',
				'Columns',
			);
		}
	} else if (sourceTables) {
		tableKeys = readTableKeys(context.getNodeParameter('changelogTableKeys', 0, {}) as IDataObject);
	} else if (operation === 'changelog') {
		keys = commaList(context.getNodeParameter('changelogKeys', 0, []));
	}
	const timeFormat = String(copyOptions.timeFormat ?? '').trim();
	const maxError = Number(copyOptions.maxError ?? 0);
	const region = String(copyOptions.region ?? '').trim();
	const copy: SinkSettings['copy'] = {
		...(copyOptions.truncateColumns === true ? { truncateColumns: true } : {}),
		...(copyOptions.acceptInvChars === true ? { acceptInvChars: true } : {}),
		...(maxError > 0 ? { maxError } : {}),
		...(timeFormat ? { timeFormat } : {}),
		...(copyOptions.emptyAsNull === true ? { emptyAsNull: true } : {}),
	};
	return {
		operation,
		writeMode,
		batchSize: Number(options.batchSize ?? 500),
		...(writeMode === 'copy' ? { staging: stagingParameters(context, copyOptions, copy) } : {}),
		table,
		changelogSchema: sourceTables
			? String(context.getNodeParameter('changelogSchema', 0, '')).trim() || undefined
			: undefined,
		caseSensitive: options.caseSensitive === true,
		createIfMissing,
		extraFields: options.ignoreExtraFields === true ? 'ignore' : 'error',
		nulBytes: options.stripNul === true ? 'strip' : 'error',
		superStringsAreJson: options.superStringsAreJson === true || operation === 'changelog',
		columnFit: columnFitPolicy(options, copyOptions),
		hooks: {
			before: splitSqlStatements(String(options.sqlBefore ?? '')).map((text) => ({ text })),
			after: splitSqlStatements(String(options.sqlAfter ?? '')).map((text) => ({ text })),
		},
		overwriteMethod: context.getNodeParameter(
			'overwriteMethod',
			0,
			'delete',
		) as SinkSettings['overwriteMethod'],
		upsertStrategy: context.getNodeParameter(
			'upsertStrategy',
			0,
			'deleteInsert',
		) as SinkSettings['upsertStrategy'],
		keys,
		tableKeys,
		missingToast:
			operation === 'changelog' && options.changelogMissingToast === 'null' ? 'null' : 'fail',
		copy,
		keepStagedFiles: copyOptions.keepStagedFiles === true,
		...(region ? { bucketRegion: region } : {}),
		...(copyOptions.targetFileSizeMb
			? { targetFileBytes: Math.round(Number(copyOptions.targetFileSizeMb) * 1024 * 1024) }
			: {}),
	};
}
