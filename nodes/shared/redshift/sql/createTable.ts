import { formatColumnType, toColumnType, type ColumnType } from '../../staging/columnTypes';
import { SqlBuildError } from './errors';
import {
	assertDistinctColumns,
	normalizeIdentifier,
	quoteColumnList,
	quoteIdentifier,
	quoteTable,
	type IdentifierOptions,
	type TableRef,
} from './identifiers';
import { quoteLiteral } from './literals';

/** Compression encodings Redshift accepts in `ENCODE`. */
export const COLUMN_ENCODINGS = [
	'RAW',
	'AZ64',
	'BYTEDICT',
	'DELTA',
	'DELTA32K',
	'LZO',
	'MOSTLY8',
	'MOSTLY16',
	'MOSTLY32',
	'RUNLENGTH',
	'TEXT255',
	'TEXT32K',
	'ZSTD',
] as const;
export type ColumnEncoding = (typeof COLUMN_ENCODINGS)[number];

export interface ColumnDefinition {
	name: string;
	type: ColumnType | string;
	/** Default true; false adds NOT NULL. */
	nullable?: boolean;
	encoding?: ColumnEncoding;
	comment?: string;
}

export type DistStyle = 'AUTO' | 'EVEN' | 'KEY' | 'ALL';

export type SortKey = { style: 'AUTO' } | { style: 'COMPOUND' | 'INTERLEAVED'; columns: string[] };

export interface CreateTableOptions extends IdentifierOptions {
	table: TableRef;
	columns: ColumnDefinition[];
	ifNotExists?: boolean;
	/** A session-scoped table (no schema allowed: Redshift places it in its own temp schema). */
	temporary?: boolean;
	distStyle?: DistStyle;
	/** A column; implies DISTSTYLE KEY. */
	distKey?: string;
	sortKey?: SortKey;
	/** Informational only: Redshift never enforces it, but the planner uses it. */
	primaryKey?: string[];
	comment?: string;
}

/** Redshift limits (CREATE TABLE docs). */
const MAX_COLUMNS = 1600;
const MAX_COMPOUND_SORT_COLUMNS = 400;
const MAX_INTERLEAVED_SORT_COLUMNS = 8;

/**
 * CREATE TABLE followed by its COMMENT ON statements, in order. Run them in one transaction so a
 * failed comment does not leave a half-described table.
 */
export function buildCreateTable(options: CreateTableOptions): string[] {
	const { table, columns } = options;
	if (columns.length === 0) throw new SqlBuildError('CREATE TABLE needs at least one column.');
	if (columns.length > MAX_COLUMNS) {
		throw new SqlBuildError(
			`Redshift tables have at most ${MAX_COLUMNS} columns; got ${columns.length}.`,
		);
	}
	if (options.temporary && table.schema) {
		throw new SqlBuildError(
			'A temporary table cannot be given a schema; Redshift puts it in a session schema.',
		);
	}
	assertDistinctColumns(
		columns.map((column) => column.name),
		options,
	);
	const known = new Set(columns.map((column) => normalizeIdentifier(column.name, options)));
	const lines = columns.map((column) => columnLine(column, options));
	if (options.primaryKey?.length) {
		requireKnown(options.primaryKey, known, 'primary key', options);
		lines.push(`PRIMARY KEY (${quoteColumnList(options.primaryKey, options)})`);
	}
	const head = `CREATE ${options.temporary ? 'TEMP ' : ''}TABLE ${options.ifNotExists ? 'IF NOT EXISTS ' : ''}${quoteTable(table, options)}`;
	const attributes = [...distribution(options, known), ...sortKey(options.sortKey, known, options)];
	const create = `${head} (\n\t${lines.join(',\n\t')}\n)${attributes.map((attribute) => `\n${attribute}`).join('')}`;
	return [create, ...buildComments(options)];
}

/** A table shaped like another: same columns, encodings, dist and sort keys (not defaults unless asked). */
export function buildCreateTableLike(
	options: {
		table: TableRef;
		like: TableRef;
		temporary?: boolean;
		ifNotExists?: boolean;
		includingDefaults?: boolean;
	} & IdentifierOptions,
): string {
	if (options.temporary && options.table.schema) {
		throw new SqlBuildError(
			'A temporary table cannot be given a schema; Redshift puts it in a session schema.',
		);
	}
	const defaults = options.includingDefaults ? ' INCLUDING DEFAULTS' : '';
	return `CREATE ${options.temporary ? 'TEMP ' : ''}TABLE ${options.ifNotExists ? 'IF NOT EXISTS ' : ''}${quoteTable(options.table, options)} (LIKE ${quoteTable(options.like, options)}${defaults})`;
}

export function buildDropTable(
	table: TableRef,
	options: { ifExists?: boolean; cascade?: boolean } & IdentifierOptions = {},
): string {
	return `DROP TABLE ${options.ifExists ? 'IF EXISTS ' : ''}${quoteTable(table, options)}${options.cascade ? ' CASCADE' : ''}`;
}

/**
 * COMMENT ON for the table and each described column. Redshift takes the comment only as a
 * string literal (COMMENT is a utility statement without parameters), so it is escaped.
 */
export function buildComments(
	options: Pick<CreateTableOptions, 'table' | 'columns' | 'comment'> & IdentifierOptions,
): string[] {
	const table = quoteTable(options.table, options);
	const statements: string[] = [];
	if (options.comment !== undefined)
		statements.push(`COMMENT ON TABLE ${table} IS ${quoteLiteral(options.comment)}`);
	for (const column of options.columns) {
		if (column.comment === undefined) continue;
		statements.push(
			`COMMENT ON COLUMN ${table}.${quoteIdentifier(column.name, options)} IS ${quoteLiteral(column.comment)}`,
		);
	}
	return statements;
}

function columnLine(column: ColumnDefinition, options: IdentifierOptions): string {
	const parts = [
		quoteIdentifier(column.name, options),
		formatColumnType(toColumnType(column.type)),
	];
	if (column.encoding !== undefined) {
		const encoding = String(column.encoding).toUpperCase();
		if (!(COLUMN_ENCODINGS as readonly string[]).includes(encoding)) {
			throw new SqlBuildError(
				`${JSON.stringify(column.encoding)} is not a Redshift column encoding (one of ${COLUMN_ENCODINGS.join(', ')}).`,
			);
		}
		parts.push(`ENCODE ${encoding}`);
	}
	if (column.nullable === false) parts.push('NOT NULL');
	return parts.join(' ');
}

function distribution(options: CreateTableOptions, known: Set<string>): string[] {
	const style = options.distStyle ?? (options.distKey ? 'KEY' : undefined);
	if (style === undefined) return [];
	if (!['AUTO', 'EVEN', 'KEY', 'ALL'].includes(style))
		throw new SqlBuildError(`Unknown DISTSTYLE ${JSON.stringify(style)}.`);
	if (style !== 'KEY') {
		if (options.distKey) throw new SqlBuildError(`A DISTKEY needs DISTSTYLE KEY, not ${style}.`);
		return [`DISTSTYLE ${style}`];
	}
	if (!options.distKey) throw new SqlBuildError('DISTSTYLE KEY needs a DISTKEY column.');
	requireKnown([options.distKey], known, 'DISTKEY', options);
	return ['DISTSTYLE KEY', `DISTKEY (${quoteIdentifier(options.distKey, options)})`];
}

function sortKey(
	key: SortKey | undefined,
	known: Set<string>,
	options: IdentifierOptions,
): string[] {
	if (key === undefined) return [];
	if (key.style === 'AUTO') return ['SORTKEY AUTO'];
	if (key.style !== 'COMPOUND' && key.style !== 'INTERLEAVED') {
		throw new SqlBuildError(
			`Unknown sort key style ${JSON.stringify((key as { style: unknown }).style)}.`,
		);
	}
	const max = key.style === 'COMPOUND' ? MAX_COMPOUND_SORT_COLUMNS : MAX_INTERLEAVED_SORT_COLUMNS;
	if (key.columns.length > max) {
		throw new SqlBuildError(
			`A ${key.style} sort key has at most ${max} columns; got ${key.columns.length}.`,
		);
	}
	requireKnown(key.columns, known, 'sort key', options);
	return [`${key.style} SORTKEY (${quoteColumnList(key.columns, options)})`];
}

function requireKnown(
	columns: string[],
	known: Set<string>,
	what: string,
	options: IdentifierOptions,
): void {
	for (const column of columns) {
		if (!known.has(normalizeIdentifier(column, options))) {
			throw new SqlBuildError(
				`The ${what} column ${JSON.stringify(column)} is not one of the table's columns.`,
			);
		}
	}
}
