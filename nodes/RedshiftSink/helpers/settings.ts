import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { ColumnFitPolicy, CreateTableSpec } from '../../shared/loads';
import type { ColumnEncoding, SortKey } from '../../shared/redshift/sql/createTable';
import type { SinkSettings, TableAction, WriteMode } from './interfaces';
import { splitSqlStatements } from '../../common/helpers/splitSql';

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
				'tableColumns',
			);
		spec.columns = named.map((column) => {
			if (!String(column.type ?? '').trim()) {
				throw new SettingsError(
					`The listed column "${column.name}" has no type: enter one such as VARCHAR(256) or BIGINT.`,
					'tableColumns',
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
			'tableDesign',
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
				'changelogTableKeys',
			);
		if (entry.keys.length === 0)
			throw new SettingsError(
				`Key Columns per Table: "${entry.table}" has no key columns; enter them comma-separated.`,
				'changelogTableKeys',
			);
		if (seen.has(entry.table.toLowerCase()))
			throw new SettingsError(
				`Key Columns per Table names "${entry.table}" twice; keep one entry.`,
				'changelogTableKeys',
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
			'options',
		);
	if (!OVERSIZE_VALUE_POLICIES.includes(oversizeValues as never))
		throw new SettingsError(
			`Values Over 65,535 Bytes is ${JSON.stringify(oversizeValues)}; choose Fail or Truncate.`,
			'options',
		);
	return { longValues, oversizeValues } as Required<ColumnFitPolicy>;
}

/** Reads the node's parameters (item 0: one load serves every item) into typed settings. */
export function readSettings(context: IExecuteFunctions): SinkSettings {
	const tableAction = context.getNodeParameter('tableAction', 0) as TableAction;
	const writeMode = (context.getNodeParameter('writeMode', 0, 'copy') as WriteMode) ?? 'copy';
	const options = context.getNodeParameter('options', 0, {}) as IDataObject;
	const copyOptions =
		writeMode === 'copy' ? (context.getNodeParameter('copyOptions', 0, {}) as IDataObject) : {};
	const sourceTables =
		tableAction === 'changelog' &&
		context.getNodeParameter('changelogTarget', 0, 'sourceTable') === 'sourceTable';
	let table: SinkSettings['table'];
	if (!sourceTables) {
		const name = locator(context, 'table');
		if (!name)
			throw new SettingsError(
				'No table is chosen: pick one from the list or enter its name.',
				'table',
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
	if (tableAction === 'upsert') {
		keys = commaList(options.keyColumns);
		if (keys.length === 0)
			keys = (context.getNodeParameter('columns.matchingColumns', 0, []) as string[]) ?? [];
		if (keys.length === 0) {
			throw new SettingsError(
				'Upsert needs key columns: choose "Columns to Match On" in the column mapping, or set Options > Key Columns Override.',
				'columns',
			);
		}
	} else if (tableAction === 'changelog') {
		keys = commaList(context.getNodeParameter('changelogKeys', 0, ''));
		if (sourceTables)
			tableKeys = readTableKeys(
				context.getNodeParameter('changelogTableKeys', 0, {}) as IDataObject,
			);
	}
	const timeFormat = String(copyOptions.timeFormat ?? '').trim();
	const maxError = Number(copyOptions.maxError ?? 0);
	const region = String(copyOptions.region ?? '').trim();
	return {
		tableAction,
		writeMode,
		batchSize: Number(context.getNodeParameter('batchSize', 0, 500)),
		table,
		changelogSchema: sourceTables
			? String(context.getNodeParameter('changelogSchema', 0, '')).trim() || undefined
			: undefined,
		caseSensitive: options.caseSensitive === true,
		createIfMissing,
		extraFields: options.ignoreExtraFields === true ? 'ignore' : 'error',
		nulBytes: options.stripNul === true ? 'strip' : 'error',
		superStringsAreJson: options.superStringsAreJson === true || tableAction === 'changelog',
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
			tableAction === 'changelog' &&
			context.getNodeParameter('changelogMissingToast', 0, 'fail') === 'null'
				? 'null'
				: 'fail',
		copy: {
			...(copyOptions.truncateColumns === true ? { truncateColumns: true } : {}),
			...(copyOptions.acceptInvChars === true ? { acceptInvChars: true } : {}),
			...(maxError > 0 ? { maxError } : {}),
			...(timeFormat ? { timeFormat } : {}),
			...(copyOptions.emptyAsNull === true ? { emptyAsNull: true } : {}),
		},
		keepStagedFiles: copyOptions.keepStagedFiles === true,
		...(region ? { bucketRegion: region } : {}),
		...(copyOptions.targetFileSizeMb
			? { targetFileBytes: Math.round(Number(copyOptions.targetFileSizeMb) * 1024 * 1024) }
			: {}),
	};
}
