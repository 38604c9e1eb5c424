import { buildAddColumn, buildWidenVarchar } from '../redshift/sql/addColumn';
import { formatColumnType, type ColumnType } from '../redshift/sql/columnTypes';
import {
	normalizeIdentifier,
	type IdentifierOptions,
	type TableRef,
} from '../redshift/sql/identifiers';
import { LoadFailedError } from './errors';
import { redshiftTypeForPostgres, type SourceColumnType } from './postgresTypes';
import { defaultForTarget, parseSourceDefault } from './schemaEvolutionDefaults';
import type { TableColumn } from './targetTable';
import { runAlone, type TransactionContext } from './transaction';
import type { LoadBaseOptions } from './types';

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

/** A DDL statement run on its own before the load transaction. */
interface EvolutionStep {
	text: string;
	column: string;
	/** ADD COLUMN … DEFAULT: the same without the default, if Redshift refuses the default. */
	withoutDefault?: string;
	/** ALTER COLUMN … TYPE: a refusal is a warning, never a failed load. */
	widenTo?: ColumnType;
}

export interface EvolutionPlan {
	steps: EvolutionStep[];
	/** The columns the steps add, as the table will have them. */
	added: TableColumn[];
	warnings: string[];
}

const ALREADY_DONE = /already exists/i;

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
 * source's constant default, which fills the existing rows), a retyped VARCHAR that got longer is
 * widened, and what Redshift cannot do is a warning that says what to do by hand. Columns are never
 * dropped; a description that matches the table asks nothing.
 */
export function planEvolution(
	events: readonly SchemaEventLike[],
	table: readonly TableColumn[],
	target: TableRef,
	quoted: string,
	options: IdentifierOptions,
): EvolutionPlan {
	const described = describedColumns(events, options);
	const existing = new Map(table.map((column) => [column.name, column]));
	const plan: EvolutionPlan = { steps: [], added: [], warnings: [] };
	for (const column of described.values()) {
		if (!existing.has(column.name)) addColumn(plan, column, target, quoted, options);
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
	let step: EvolutionStep = { text: plain, column: column.name };
	const noFill = `existing rows get NULL; take a new snapshot of the table to fill them`;
	if (sourceDefault.kind === 'expression') {
		plan.warnings.push(
			`The source column "${column.name}" defaults to ${sourceDefault.text}, which is not a constant; ${quoted} got the column without a default: ${noFill}.`,
		);
	} else if (sourceDefault.kind === 'constant') {
		const value = defaultForTarget(sourceDefault.value, column.type);
		if (value === undefined) {
			plan.warnings.push(
				`The source column "${column.name}" defaults to ${column.source.default}, which a ${formatColumnType(column.type)} column cannot take as its default; ${quoted} got the column without a default: ${noFill}.`,
			);
		} else {
			step = {
				text: buildAddColumn(target, column.name, column.type, { ...options, default: value }),
				column: column.name,
				withoutDefault: plain,
			};
		}
	}
	plan.steps.push(step);
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
			plan.steps.push({
				text: buildWidenVarchar(target, current.name, wanted.length, options),
				column: current.name,
				widenTo: wanted,
			});
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
 * Runs the plan's statements one by one, outside any transaction (Redshift refuses ALTER COLUMN …
 * TYPE inside one). A column a concurrent load added first is done; a default Redshift refuses is
 * dropped with a warning; a refused widening is a warning. Returns the warnings.
 */
export async function applyEvolution(
	options: LoadBaseOptions,
	plan: EvolutionPlan,
	context: TransactionContext,
	quoted: string,
): Promise<string[]> {
	const warnings: string[] = [];
	for (const step of plan.steps) {
		const refusal = await attempt(options, step.text, context);
		if (refusal === undefined) continue;
		if (step.withoutDefault !== undefined) {
			const again = await attempt(options, step.withoutDefault, context);
			if (again !== undefined) throw again.error;
			warnings.push(
				`${quoted} refused the source's default for new column "${step.column}" (${refusal.server}); the column was added without it: existing rows get NULL; take a new snapshot of the table to fill them.`,
			);
		} else if (step.widenTo !== undefined) {
			warnings.push(
				`Could not widen column "${step.column}" of ${quoted} to ${formatColumnType(step.widenTo)}: ${refusal.server}. Values longer than the column fail with their item and column; widen it yourself or take a new snapshot into a new table.`,
			);
		} else {
			throw refusal.error;
		}
	}
	return warnings;
}

async function attempt(
	options: LoadBaseOptions,
	text: string,
	context: TransactionContext,
): Promise<{ error: unknown; server: string } | undefined> {
	try {
		await runAlone(options, { text }, context);
		return undefined;
	} catch (error) {
		const server =
			error instanceof LoadFailedError ? (error.details.serverMessage ?? error.message) : '';
		if (ALREADY_DONE.test(server)) {
			context.log(`Already done by a concurrent load: ${text}`);
			return undefined;
		}
		if (!(error instanceof LoadFailedError)) throw error;
		return { error, server };
	}
}
