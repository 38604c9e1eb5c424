import type { RedshiftConnection, SqlColumn, SqlStatement } from '../redshift/connection/types';
import { type NumberMode, normalizeValue, type ReadColumn, readColumn } from './values';

/** A page of converted rows and the columns they have. */
export interface RowPage {
	columns: ReadColumn[];
	rows: Array<Record<string, unknown>>;
}

export interface ReadDirectOptions {
	pageSize: number;
	numbers?: NumberMode;
	signal?: AbortSignal;
}

type Convert = (value: unknown) => unknown;

/** The query without a final semicolon, so it can sit inside a subquery or a cursor. */
function bareQuery(text: string): string {
	return text.trim().replace(/;\s*$/, '');
}

/** The query's columns with the transport's type names, from the same query with no rows. */
async function describe(
	connection: RedshiftConnection,
	statement: SqlStatement,
	signal?: AbortSignal,
): Promise<SqlColumn[]> {
	const described = await connection.query(
		{
			// On its own line, so a trailing -- comment cannot swallow the closing parenthesis.
			text: `SELECT * FROM (${bareQuery(statement.text)}\n) AS "n8n_columns" LIMIT 0`,
			values: statement.values,
		},
		{ signal },
	);
	return described.columns;
}

/**
 * The result's columns and their types. The paged stream carries rows only, so the query is
 * run once with no rows before the read.
 */
export async function describeColumns(
	connection: RedshiftConnection,
	statement: SqlStatement,
	signal?: AbortSignal,
): Promise<ReadColumn[]> {
	const columns = await describe(connection, statement, signal);
	return columns.map((column) => readColumn(column.name, column.typeName));
}

/**
 * What each transport has already decoded: node-postgres parses json/jsonb (the local Redshift's
 * SUPER) itself, and the Data API client hands VARBYTE over as base64.
 */
function converterFor(
	column: SqlColumn,
	kind: ReadColumn['kind'],
	transport: RedshiftConnection['transport'],
	numbers: NumberMode,
): Convert {
	const typeName = column.typeName.toLowerCase();
	if (transport === 'wire' && (typeName === 'json' || typeName === 'jsonb')) {
		return (value) => (value === undefined ? null : value);
	}
	if (transport === 'dataApi' && kind === 'varbyte') {
		return (value) =>
			typeof value === 'string'
				? Buffer.from(value, 'base64').toString('hex')
				: normalizeValue(value, kind, numbers);
	}
	return (value) => normalizeValue(value, kind, numbers);
}

/**
 * Direct mode: the query's rows in pages of `pageSize`, over the wire (a cursor) or the Data API
 * (its result pages), every value converted as the other read paths convert it.
 */
export async function* readDirect(
	connection: RedshiftConnection,
	statement: SqlStatement,
	options: ReadDirectOptions,
): AsyncIterable<RowPage> {
	const numbers = options.numbers ?? 'text';
	// Rows are keyed by name: of two columns with one name the row holds the last, so that one counts.
	const described = [
		...new Map(
			(await describe(connection, statement, options.signal)).map((column) => [
				column.name,
				column,
			]),
		).values(),
	];
	const columns = described.map((column) => readColumn(column.name, column.typeName));
	const converters = described.map((column, index) =>
		converterFor(column, columns[index].kind, connection.transport, numbers),
	);
	const pages = connection.stream(
		{ text: bareQuery(statement.text), values: statement.values },
		options.pageSize,
		{ signal: options.signal },
	);
	for await (const page of pages) {
		// The transport's row objects are ours: converted in place, no second object per row.
		for (const row of page) {
			columns.forEach((column, index) => {
				row[column.name] = converters[index](row[column.name]);
			});
		}
		yield { columns, rows: page };
	}
}
