import { RedshiftError, type BackendSession } from '../session';
import { quoteIdentifier } from '../sqlTokens';
import { characterLength, numericShape } from '../typmods';
import type { CopyCommand, TableName } from './copyCommand';

/** A column of the COPY target, as the catalog describes it (domains resolved to their base type). */
export interface TargetColumn {
	name: string;
	/** Base type name as pg_type has it: int4, varchar, bpchar, numeric, timestamptz, jsonb, … */
	baseType: string;
	/** format_type() of the base type with its modifier, e.g. 'character varying(20)'. */
	sqlType: string;
	/** VARCHAR/CHAR length (bytes, as Redshift counts them). */
	maxLength?: number;
	precision?: number;
	scale?: number;
	notNull: boolean;
	identity: boolean;
}

export interface TargetTable {
	oid: number;
	schema: string;
	name: string;
	columns: TargetColumn[];
}

export function qualifiedName(table: { schema?: string; name: string }): string {
	return table.schema === undefined
		? quoteIdentifier(table.name)
		: `${quoteIdentifier(table.schema)}.${quoteIdentifier(table.name)}`;
}

const COLUMNS_SQL = `
SELECT a.attname,
	b.typname,
	format_type(b.oid, CASE WHEN t.typtype = 'd' THEN t.typtypmod ELSE a.atttypmod END),
	CASE WHEN t.typtype = 'd' THEN t.typtypmod ELSE a.atttypmod END,
	a.attnotnull OR (t.typtype = 'd' AND t.typnotnull),
	a.attidentity <> '' OR a.attgenerated <> ''
FROM pg_attribute a
JOIN pg_type t ON t.oid = a.atttypid
JOIN pg_type b ON b.oid = CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE t.oid END
WHERE a.attrelid = $1 AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY a.attnum`;

function columnFromRow(row: Array<string | null>): TargetColumn {
	const [name, baseType, sqlType, typmodText, notNull, identity] = row as string[];
	const typmod = Number(typmodText);
	const column: TargetColumn = {
		name,
		baseType,
		sqlType,
		notNull: notNull === 't' || notNull === 'true',
		identity: identity === 't' || identity === 'true',
	};
	if (baseType === 'varchar' || baseType === 'bpchar') column.maxLength = characterLength(typmod);
	const numeric = baseType === 'numeric' ? numericShape(typmod) : undefined;
	if (numeric) {
		column.precision = numeric.precision;
		column.scale = numeric.scale;
	}
	return column;
}

/** Looks the target up through the client's session, so its search_path and transaction apply. */
export async function readTargetTable(
	session: BackendSession,
	table: TableName,
): Promise<TargetTable> {
	const found = await session.query(
		`SELECT c.oid, n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE c.oid = to_regclass($1) AND c.relkind IN ('r', 'p')`,
		[qualifiedName(table)],
	);
	const row = found.rows[0];
	if (!row) throw new RedshiftError(`Cannot COPY into nonexistent table ${table.name}`, '42P01');
	const columns = await session.query(COLUMNS_SQL, [row[0]]);
	return {
		oid: Number(row[0]),
		schema: row[1] as string,
		name: row[2] as string,
		columns: columns.rows.map(columnFromRow),
	};
}

/**
 * The columns the data fills, in order: the column list, or every column except IDENTITY ones
 * unless EXPLICIT_IDS (DG copy-parameters-column-mapping.md, copy-parameters-data-conversion.md).
 */
export function columnsToLoad(table: TargetTable, command: CopyCommand): TargetColumn[] {
	if (!command.columns)
		return table.columns.filter((column) => command.explicitIds || !column.identity);
	const seen = new Set<string>();
	return command.columns.map((name) => {
		const column = table.columns.find((candidate) => candidate.name === name);
		if (!column)
			throw new RedshiftError(
				`column "${name}" of relation "${table.name}" does not exist`,
				'42703',
			);
		if (seen.has(name))
			throw new RedshiftError(`column "${name}" specified more than once`, '42701');
		seen.add(name);
		return column;
	});
}
