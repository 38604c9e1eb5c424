import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { NumberMode } from '../../shared/reads/values';
import type { SqlValue } from '../../shared/redshift/connection/types';
import { DEFAULT_MAX_ROWS, DEFAULT_PAGE_SIZE } from '../description/options.description';
import { SourceError } from './errors';
import type {
	BinarySettings,
	FilterCondition,
	FilterOperator,
	IncrementalSettings,
	QueryRead,
	ReadMode,
	SortRule,
	SourceOperation,
	SourceOutput,
	SourceSettings,
	TableRead,
	UnloadSettings,
} from './interfaces';

/** Parameters are read for the first item: the node reads once per execution. */
const ITEM = 0;

type Context = Pick<IExecuteFunctions, 'getNodeParameter'>;

function text(context: Context, name: string, fallback = ''): string {
	const value = context.getNodeParameter(name, ITEM, fallback, { extractValue: true });
	return value === undefined || value === null ? '' : String(value).trim();
}

function wholeNumber(value: unknown, fallback: number, display: string, min = 1): number {
	const number = value === undefined || value === '' ? fallback : Number(value);
	if (!Number.isInteger(number) || number < min) {
		throw new SourceError(
			`${display} must be a whole number of at least ${min}; got ${JSON.stringify(value)}.`,
			`Set *${display}* to a whole number of at least ${min}.`,
		);
	}
	return number;
}

/** A comma-separated list (or an expression's array) as trimmed, non-empty names. */
export function nameList(value: unknown): string[] {
	const parts = Array.isArray(value) ? value.map(String) : String(value ?? '').split(',');
	return parts.map((part) => part.trim()).filter((part) => part.length > 0);
}

/** Query Parameters: an expression's array as is, or text split at commas. */
export function queryValues(value: unknown): SqlValue[] {
	if (value === undefined || value === null || value === '') return [];
	const list = Array.isArray(value)
		? value
		: String(value)
				.split(',')
				.map((part) => part.trim());
	return list.map((entry): SqlValue => {
		if (entry === null || entry === undefined) return null;
		if (typeof entry === 'string' || typeof entry === 'number' || typeof entry === 'boolean')
			return entry;
		if (typeof entry === 'bigint') return entry.toString();
		if (entry instanceof Date) return entry.toISOString();
		return JSON.stringify(entry);
	});
}

function tableRead(context: Context, options: IDataObject): TableRead {
	const name = text(context, 'table');
	if (!name)
		throw new SourceError('No table is chosen.', 'Choose a table in *Table* (or type its name).');
	const where = context.getNodeParameter('where', ITEM, {}) as {
		conditions?: Array<{ column?: string; operator?: FilterOperator; value?: unknown }>;
	};
	const conditions: FilterCondition[] = (where.conditions ?? []).map((condition, index) => {
		const column = String(condition.column ?? '').trim();
		if (!column)
			throw new SourceError(
				`Condition ${index + 1} of Select Rows has no column.`,
				'Choose a column in every condition of *Select Rows*, or remove the empty condition.',
			);
		return {
			column,
			operator: condition.operator ?? 'equal',
			value:
				condition.value === undefined || condition.value === null ? '' : String(condition.value),
		};
	});
	const sortValues = context.getNodeParameter('sort', ITEM, {}) as {
		values?: Array<{ column?: string; direction?: 'ASC' | 'DESC' }>;
	};
	const sort: SortRule[] = (sortValues.values ?? [])
		.filter((rule) => String(rule.column ?? '').trim() !== '')
		.map((rule) => ({
			column: String(rule.column).trim(),
			direction: rule.direction === 'DESC' ? 'DESC' : 'ASC',
		}));
	const returnAll = context.getNodeParameter('returnAll', ITEM, true) as boolean;
	return {
		table: { schema: text(context, 'schema', 'public') || 'public', name },
		columns: nameList(options.outputColumns),
		conditions,
		combine: context.getNodeParameter('combineConditions', ITEM, 'AND') === 'OR' ? 'OR' : 'AND',
		sort,
		limit: returnAll
			? undefined
			: wholeNumber(context.getNodeParameter('limit', ITEM, 50), 50, 'Limit'),
	};
}

function queryRead(context: Context): QueryRead {
	const sql = String(context.getNodeParameter('query', ITEM, '') ?? '').trim();
	if (!sql) throw new SourceError('The query is empty.', 'Write one SELECT statement in *Query*.');
	return { sql, values: queryValues(context.getNodeParameter('queryParameters', ITEM, '')) };
}

function incremental(options: IDataObject): IncrementalSettings | undefined {
	const cursorColumn = String(options.cursorColumn ?? '').trim();
	if (!cursorColumn) return undefined;
	const startValue = String(options.cursorStartValue ?? '').trim();
	return {
		cursorColumn,
		keyColumns: nameList(options.keyColumns),
		reset: options.resetIncrementalState === true,
		...(startValue ? { startValue } : {}),
	};
}

function unload(context: Context): UnloadSettings {
	const bucket = text(context, 'bucket');
	if (!bucket)
		throw new SourceError(
			'Read Mode Unload needs an S3 bucket.',
			'Enter the bucket Redshift unloads into in *S3 Bucket*.',
		);
	const options = context.getNodeParameter('unloadOptions', ITEM, {}) as IDataObject;
	const byRole = context.getNodeParameter('unloadAuthorization', ITEM, 'iamRole') === 'iamRole';
	const iamRoles = byRole ? nameList(context.getNodeParameter('iamRole', ITEM, '')) : [];
	if (byRole && iamRoles.length === 0)
		throw new SourceError(
			'Unload by IAM role needs the role ARN.',
			'Enter the role in *IAM Role* (or "default"), or set *Unload Authorization* to S3 Staging Credential Keys.',
		);
	return {
		bucket,
		prefix: String(options.prefix ?? 'n8n-redshift-source').replace(/^\/+|\/+$/g, ''),
		authorization: byRole ? { iamRoles } : 'credentialKeys',
		format: options.format === 'csvGzip' ? 'csvGzip' : 'parquet',
		parallel: options.parallel !== false,
		maxFileSizeMb: wholeNumber(
			options.maxFileSizeMb,
			6200,
			'Unload Options > Max File Size (MB)',
			5,
		),
		keepFiles: options.keepFiles === true,
		concurrency: wholeNumber(options.concurrency, 4, 'Unload Options > Files Read at Once'),
	};
}

function binary(context: Context, options: IDataObject): BinarySettings {
	return {
		format: context.getNodeParameter('binaryFormat', ITEM, 'csv') === 'parquet' ? 'parquet' : 'csv',
		propertyName: text(context, 'binaryPropertyName', 'data') || 'data',
		fileName: String(options.fileName ?? '').trim(),
	};
}

/** Every parameter of the node, read once, checked, under the names the code uses. */
export function readSettings(context: Context): SourceSettings {
	const operation = context.getNodeParameter('operation', ITEM, 'readTable') as SourceOperation;
	const options = context.getNodeParameter('options', ITEM, {}) as IDataObject;
	const common = {
		pageSize: wholeNumber(options.pageSize, DEFAULT_PAGE_SIZE, 'Options > Page Size'),
		maxRows: wholeNumber(options.maxRows, DEFAULT_MAX_ROWS, 'Options > Max Rows'),
		numbers: options.numbers === 'native' ? 'native' : ('text' as NumberMode),
	};
	if (operation === 'readUnloadedFile')
		return {
			operation,
			readMode: 'unload',
			output: 'rows',
			fileUrl: text(context, 'fileUrl'),
			...common,
		};
	const readMode = context.getNodeParameter('readMode', ITEM, 'direct') as ReadMode;
	const output = context.getNodeParameter('output', ITEM, 'rows') as SourceOutput;
	if (output === 'unloadedFiles' && readMode !== 'unload')
		throw new SourceError(
			'Output Unloaded Files needs Read Mode Unload.',
			'Set *Read Mode* to Unload, or choose another *Output*.',
		);
	const settings: SourceSettings = {
		operation,
		readMode,
		output,
		...common,
		incremental: incremental(options),
	};
	if (operation === 'readTable') settings.tableRead = tableRead(context, options);
	else settings.queryRead = queryRead(context);
	if (readMode === 'unload') settings.unload = unload(context);
	if (output === 'binaryFile') settings.binary = binary(context, options);
	if (settings.incremental && (readMode !== 'direct' || output === 'unloadedFiles'))
		throw new SourceError(
			'Incremental reads need Read Mode Direct: the node must see the rows in cursor order to remember where it stopped.',
			'Set *Read Mode* to Direct, or clear *Options > Incremental: Cursor Column*.',
		);
	return settings;
}
