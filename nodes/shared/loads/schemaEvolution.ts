import { buildAddColumn, buildWidenVarchar } from '../redshift/sql/addColumn';
import { formatColumnType, type ColumnType } from '../staging/columnTypes';
import {
	normalizeIdentifier,
	type IdentifierOptions,
	type TableRef,
} from '../redshift/sql/identifiers';
import type { RedshiftConnection, SqlRow, SqlStatement } from '../redshift/connection/types';
import type { ColumnDefault } from '../redshift/sql/addColumn';
import { redactedMessage } from './log';
import type { SetupStatement } from './stagedLoad';
import { redshiftTypeForPostgres, type SourceColumnType } from './postgresTypes';
import { defaultForTarget, parseSourceDefault } from './schemaEvolutionDefaults';
import type { TableColumn } from './targetTable';

/** A source column as a schema event describes it (see the trigger's ColumnDefinition). */
export interface SchemaColumn extends SourceColumnType {
	name: string;
	isKey?: boolean;
	nullable?: boolean;
	/** pg_get_expr of the column default; null when it has none; absent when unknown. */
	default?: string | null;
}

/** op 'schema': a table's columns after a change, or its full description. */
export interface SchemaDescription {
	reason?: 'snapshot' | 'firstSight' | 'changed';
	columns: SchemaColumn[];
	addedColumns?: SchemaColumn[];
	droppedColumns?: { name: string }[];
	retypedColumns?: { name: string; from?: SchemaColumn; to?: SchemaColumn }[];
	renamedColumns?: { from: string; to: string }[];
}

interface SchemaEventLike {
	op: string;
	schemaChange?: SchemaDescription;
}

/** A described column with the Redshift type the type map gives it. */
export interface DescribedColumn {
	name: string;
	type: ColumnType;
	source: SchemaColumn;
}

export interface EvolutionPlan {
	/**
	 * Run one by one before the load transaction (after the load's own checks), outside any
	 * transaction block: Redshift refuses ALTER COLUMN … TYPE inside one.
	 */
	statements: SetupStatement[];
	/** The columns the statements add, as the table will have them. */
	added: TableColumn[];
	/** Defaults the statements give new columns, and VARCHAR lengths they widen to: checked afterwards. */
	defaults: Map<string, ColumnDefault>;
	widened: Map<string, number>;
	warnings: string[];
}

const ALREADY_DONE = /already exists/i;
/** Any refusal: the statement that follows, or the check after the load, deals with it. */
const ANY_REFUSAL = /[\s\S]*/;

/** The columns the batch's schema events describe, typed by the type map (the latest event wins). */
export function describedColumns(
	events: readonly SchemaEventLike[],
	options: IdentifierOptions,
): Map<string, DescribedColumn> {
	const columns = new Map<string, DescribedColumn>();
	for (const event of events) {
		if (event.op !== 'schema' || !event.schemaChange) continue;
		for (const column of event.schemaChange.columns ?? []) {
			const name = normalizeIdentifier(column.name, options);
			columns.set(name, { name, type: redshiftTypeForPostgres(column), source: column });
		}
	}
	return columns;
}

/**
 * What the batch's schema events ask of an existing table: columns it lacks are added (with the
 * source's constant default, which fills the existing rows; not when fields without a column are
 * ignored), a retyped VARCHAR that got longer is
 * widened, and what Redshift cannot do is a warning that says what to do by hand. Columns are never
 * dropped; a description that matches the table asks nothing.
 */
export function planEvolution(
	events: readonly SchemaEventLike[],
	table: readonly TableColumn[],
	target: TableRef,
	quoted: string,
	options: IdentifierOptions & { extraFields?: 'error' | 'ignore' },
): EvolutionPlan {
	const described = describedColumns(events, options);
	const existing = new Map(table.map((column) => [column.name, column]));
	const plan: EvolutionPlan = {
		statements: [],
		added: [],
		defaults: new Map(),
		widened: new Map(),
		warnings: [],
	};
	// Ignoring fields the table has no column for leaves the table's columns as the user chose them.
	const addsColumns = options.extraFields !== 'ignore';
	for (const column of described.values()) {
		if (addsColumns && !existing.has(column.name)) addColumn(plan, column, target, quoted, options);
	}
	const retyped = new Map<string, { from?: SchemaColumn; to?: SchemaColumn }>();
	for (const event of events) {
		const change = event.op === 'schema' ? event.schemaChange : undefined;
		if (!change) continue;
		for (const column of change.droppedColumns ?? []) {
			plan.warnings.push(
				`The source dropped column "${column.name}"; ${quoted} keeps it (new rows get NULL). Drop it yourself if the data is no longer needed.`,
			);
		}
		for (const renamed of change.renamedColumns ?? []) {
			plan.warnings.push(
				`The source renamed column "${renamed.from}" to "${renamed.to}"; ${quoted} keeps "${renamed.from}" with its data and gets "${renamed.to}" for new values.`,
			);
		}
		for (const column of change.retypedColumns ?? []) {
			const name = normalizeIdentifier(column.name, options);
			retyped.set(name, { from: retyped.get(name)?.from ?? column.from, to: column.to });
		}
	}
	for (const [name, change] of retyped) {
		const current = existing.get(name);
		const wanted =
			described.get(name)?.type ?? (change.to ? redshiftTypeForPostgres(change.to) : undefined);
		if (!current || !wanted) continue;
		retypeColumn(plan, current, wanted, change, target, quoted, options);
	}
	return plan;
}

function addColumn(
	plan: EvolutionPlan,
	column: DescribedColumn,
	target: TableRef,
	quoted: string,
	options: IdentifierOptions,
): void {
	const plain = buildAddColumn(target, column.name, column.type, options);
	const sourceDefault = parseSourceDefault(column.source.default);
	const noFill = `existing rows get NULL; take a new snapshot of the table to fill them`;
	const value =
		sourceDefault.kind === 'constant'
			? defaultForTarget(sourceDefault.value, column.type)
			: undefined;
	if (sourceDefault.kind === 'expression') {
		plan.warnings.push(
			`The source column "${column.name}" defaults to ${sourceDefault.text}, which is not a constant; ${quoted} got the column without a default: ${noFill}.`,
		);
	} else if (sourceDefault.kind === 'constant' && value === undefined) {
		plan.warnings.push(
			`The source column "${column.name}" defaults to ${column.source.default}, which a ${formatColumnType(column.type)} column cannot take as its default; ${quoted} got the column without a default: ${noFill}.`,
		);
	}
	if (value !== undefined) {
		// If Redshift refuses the default, the plain ADD COLUMN after it adds the column (and is
		// "already done" when the default was taken); the check after the load warns.
		plan.statements.push({
			text: buildAddColumn(target, column.name, column.type, { ...options, default: value }),
			alreadyDone: ANY_REFUSAL,
		});
		plan.defaults.set(column.name, value);
	}
	plan.statements.push({ text: plain, alreadyDone: ALREADY_DONE });
	plan.added.push({
		name: column.name,
		type: column.type,
		typeName: column.type.name.toLowerCase(),
		nullable: true,
	});
}

function retypeColumn(
	plan: EvolutionPlan,
	current: TableColumn,
	wanted: ColumnType,
	change: { from?: SchemaColumn; to?: SchemaColumn },
	target: TableRef,
	quoted: string,
	options: IdentifierOptions,
): void {
	const have = current.type;
	if (have && formatColumnType(have) === formatColumnType(wanted)) return;
	if (have?.name === 'VARCHAR' && wanted.name === 'VARCHAR') {
		// A shorter source type still fits the longer column.
		if (wanted.length > have.length) {
			// A refusal (encoding, key column) must not fail the load: the check after it warns.
			plan.statements.push({
				text: buildWidenVarchar(target, current.name, wanted.length, options),
				alreadyDone: ANY_REFUSAL,
			});
			plan.widened.set(current.name, wanted.length);
		}
		return;
	}
	plan.warnings.push(retypeWarning(current, wanted, change, quoted));
}

function retypeWarning(
	current: TableColumn,
	wanted: ColumnType,
	change: { from?: SchemaColumn; to?: SchemaColumn },
	quoted: string,
): string {
	const name = current.name;
	const now = current.type ? formatColumnType(current.type) : current.typeName.toUpperCase();
	const type = formatColumnType(wanted);
	const source =
		change.from && change.to
			? ` from ${change.from.formattedType} to ${change.to.formattedType}`
			: change.to
				? ` to ${change.to.formattedType}`
				: '';
	const temporary = `"${name}_new"`;
	return (
		`The source changed the type of column "${name}"${source}; ${quoted} keeps it as ${now} (Redshift can only make a VARCHAR longer), so values that do not fit fail with their item and column. ` +
		`To retype it (${type}): ALTER TABLE ${quoted} ADD COLUMN ${temporary} ${type}; UPDATE ${quoted} SET ${temporary} = "${name}"::${type}; ` +
		`ALTER TABLE ${quoted} DROP COLUMN "${name}"; ALTER TABLE ${quoted} RENAME COLUMN ${temporary} TO "${name}".`
	);
}

/**
 * After the load: the warnings for what the plan's statements could not do (a default Redshift
 * refused, a VARCHAR it did not widen). A failed check only warns: the load is committed.
 */
export async function evolutionWarnings(
	connection: RedshiftConnection,
	plan: EvolutionPlan,
	target: TableRef,
	quoted: string,
	options: IdentifierOptions,
): Promise<string[]> {
	if (plan.defaults.size === 0 && plan.widened.size === 0) return [];
	let rows: SqlRow[];
	try {
		rows = (await connection.query(buildDescribeDefaults(target, options))).rows;
	} catch (error) {
		return [
			`Could not check the columns the source's schema changes altered in ${quoted}: ${redactedMessage(error)}`,
		];
	}
	const byName = new Map(rows.map((row) => [String(row.column_name), row]));
	const warnings: string[] = [];
	for (const name of plan.defaults.keys()) {
		const row = byName.get(name);
		if (row && (row.column_default === null || row.column_default === undefined)) {
			warnings.push(
				`${quoted} refused the source's default for new column "${name}"; the column was added without it: existing rows get NULL; take a new snapshot of the table to fill them.`,
			);
		}
	}
	for (const [name, length] of plan.widened) {
		const current = Number(byName.get(name)?.character_maximum_length ?? 0);
		if (current < length) {
			warnings.push(
				`Could not widen column "${name}" of ${quoted} to VARCHAR(${length}) as the source's type change asks (Redshift cannot alter a column with BYTEDICT, RUNLENGTH, TEXT255 or TEXT32K encoding, nor some key columns); values longer than the column fail with their item and column: widen it yourself, or copy it to a new column (ALTER TABLE … ADD COLUMN, UPDATE, DROP COLUMN, RENAME COLUMN).`,
			);
		}
	}
	return warnings;
}

function buildDescribeDefaults(table: TableRef, options: IdentifierOptions): SqlStatement {
	const name = normalizeIdentifier(table.name, options);
	const select =
		'SELECT "column_name", "column_default", "character_maximum_length" FROM information_schema.columns WHERE ';
	return table.schema
		? {
				text: `${select}"table_schema" = $1 AND "table_name" = $2`,
				values: [normalizeIdentifier(table.schema, options), name],
			}
		: { text: `${select}"table_schema" = current_schema() AND "table_name" = $1`, values: [name] };
}
