import { formatColumnType, type ColumnType } from '../../staging/columnTypes';
import { SqlBuildError } from './errors';
import { quoteIdentifier, quoteTable, type IdentifierOptions, type TableRef } from './identifiers';
import { quoteLiteral } from './literals';

/** A constant column default: never SQL text, only values rendered here. */
export type ColumnDefault =
	| { kind: 'number'; text: string }
	| { kind: 'string'; text: string }
	| { kind: 'boolean'; value: boolean };

const NUMBER = /^-?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * ALTER TABLE … ADD COLUMN: Redshift adds one column per statement. With a default, Redshift
 * fills the existing rows with it (DG r_ALTER_TABLE: ADD COLUMN … DEFAULT default_expr).
 */
export function buildAddColumn(
	target: TableRef,
	column: string,
	type: ColumnType,
	options: IdentifierOptions & { default?: ColumnDefault } = {},
): string {
	const head = `ALTER TABLE ${quoteTable(target, options)} ADD COLUMN ${quoteIdentifier(column, options)} ${formatColumnType(type)}`;
	return options.default === undefined
		? head
		: `${head} DEFAULT ${defaultLiteral(options.default)}`;
}

/**
 * ALTER TABLE … ALTER COLUMN … TYPE VARCHAR(n): the one type change Redshift allows, a VARCHAR
 * made longer; it cannot run inside a transaction block (DG r_ALTER_TABLE).
 */
export function buildWidenVarchar(
	target: TableRef,
	column: string,
	length: number,
	options: IdentifierOptions = {},
): string {
	const type = formatColumnType({ name: 'VARCHAR', length });
	return `ALTER TABLE ${quoteTable(target, options)} ALTER COLUMN ${quoteIdentifier(column, options)} TYPE ${type}`;
}

function defaultLiteral(value: ColumnDefault): string {
	switch (value.kind) {
		case 'boolean':
			return value.value ? 'TRUE' : 'FALSE';
		case 'number':
			if (!NUMBER.test(value.text)) {
				throw new SqlBuildError(
					`A numeric column default must be a number; got ${JSON.stringify(value.text)}.`,
				);
			}
			return value.text;
		case 'string':
			return quoteLiteral(value.text);
		default:
			throw new SqlBuildError(`Unknown column default ${JSON.stringify(value)}.`);
	}
}
