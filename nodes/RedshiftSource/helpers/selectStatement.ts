import type { SqlStatement, SqlValue } from '../../shared/redshift/connection/types';
import { quoteIdentifier, quoteTable } from '../../shared/redshift/sql/identifiers';
import { integerLiteral } from '../../shared/redshift/sql/literals';
import type { FilterOperator, TableRead } from './interfaces';

const COMPARISONS: Record<Exclude<FilterOperator, 'isNull' | 'isNotNull'>, string> = {
	equal: '=',
	notEqual: '<>',
	greater: '>',
	greaterOrEqual: '>=',
	less: '<',
	lessOrEqual: '<=',
	like: 'LIKE',
	notLike: 'NOT LIKE',
	iLike: 'ILIKE',
};

/** Where an incremental read starts: rows at or past `value` (`inclusive`) or strictly past it. */
export interface CursorBound {
	column: string;
	keyColumns: string[];
	/** Undefined on a first run: every row with a cursor value. */
	from?: { value: SqlValue; inclusive: boolean };
}

/** Collects $n values: each value added gets the next placeholder. */
class Parameters {
	constructor(readonly values: SqlValue[] = []) {}
	add(value: SqlValue): string {
		this.values.push(value);
		return `$${this.values.length}`;
	}
}

/** `"cursor" IS NOT NULL [AND "cursor" >= $n]`: the cursor part of an incremental read. */
function cursorCondition(bound: CursorBound, parameters: Parameters, qualifier = ''): string {
	const column = `${qualifier}${quoteIdentifier(bound.column)}`;
	if (!bound.from) return `${column} IS NOT NULL`;
	const operator = bound.from.inclusive ? '>=' : '>';
	return `${column} IS NOT NULL AND ${column} ${operator} ${parameters.add(bound.from.value)}`;
}

/** Incremental reads come in cursor order (then key order) so the last row holds the newest value. */
function cursorOrder(bound: CursorBound): string {
	return [bound.column, ...bound.keyColumns].map((column) => quoteIdentifier(column)).join(', ');
}

/**
 * Read Table as one SELECT: every name quoted, every filter value a parameter. Incremental reads
 * add the cursor condition to the user's filter and order by the cursor.
 */
export function buildTableSelect(read: TableRead, bound?: CursorBound): SqlStatement {
	const parameters = new Parameters();
	const columns =
		read.columns.length > 0
			? read.columns.map((column) => quoteIdentifier(column)).join(', ')
			: '*';
	let text = `SELECT ${columns} FROM ${quoteTable(read.table)}`;
	const conditions = read.conditions.map((condition) => {
		const column = quoteIdentifier(condition.column);
		if (condition.operator === 'isNull') return `${column} IS NULL`;
		if (condition.operator === 'isNotNull') return `${column} IS NOT NULL`;
		return `${column} ${COMPARISONS[condition.operator]} ${parameters.add(condition.value)}`;
	});
	const userFilter = conditions.length > 0 ? `(${conditions.join(` ${read.combine} `)})` : '';
	const filters = [userFilter, bound ? cursorCondition(bound, parameters) : ''].filter(Boolean);
	if (filters.length > 0) text += ` WHERE ${filters.join(' AND ')}`;
	const order = bound
		? cursorOrder(bound)
		: read.sort.map((rule) => `${quoteIdentifier(rule.column)} ${rule.direction}`).join(', ');
	if (order) text += ` ORDER BY ${order}`;
	if (read.limit !== undefined) text += ` LIMIT ${integerLiteral(read.limit, 'Limit', 1)}`;
	return { text, values: parameters.values };
}

/** The user's single statement without its trailing semicolon. */
export function bareStatement(sql: string): string {
	return sql.trim().replace(/;\s*$/, '');
}

/** Execute Query, incremental: the query as a subquery, filtered and ordered by the cursor. */
export function wrapQueryForCursor(query: SqlStatement, bound: CursorBound): SqlStatement {
	const parameters = new Parameters([...(query.values ?? [])]);
	const condition = cursorCondition(bound, parameters, '"n8n_source".');
	return {
		text: `SELECT * FROM (${bareStatement(query.text)}) AS "n8n_source" WHERE ${condition} ORDER BY ${cursorOrder(bound)}`,
		values: parameters.values,
	};
}

/** How many rows a statement returns, for the Max Rows message. */
export function buildRowCount(statement: SqlStatement): SqlStatement {
	return {
		text: `SELECT COUNT(*) AS "row_count" FROM (${bareStatement(statement.text)}) AS "n8n_count"`,
		values: statement.values,
	};
}
