import type { AcknowledgeMode } from '../../shared/cdc/ack';
import type { BatchingOptions } from '../../shared/cdc/batching/types';
import { ALL_OPERATIONS, type PublishedOperation } from '../../shared/cdc/slots/publicationSql';
import { assertValidSlotName, defaultSlotName } from '../../shared/cdc/slots/slotName';
import type { TableRef } from '../../shared/cdc/slots/tables';
import { optionDefault, parameterDefault } from './parameterDefaults';
import { parseQualifiedTable } from './qualifiedName';
import { TriggerSettingsError } from './settingsError';

export type AckMode = AcknowledgeMode;
export type StartMode = 'snapshot' | 'now' | 'resume';
export type ValueTypes = 'text' | 'native';

export type CaptureScope =
	| { kind: 'tables'; tables: TableRef[] }
	| { kind: 'schema'; schema: string };

/** Everything the trigger needs, typed and validated; built once from the node parameters. */
export interface CdcTriggerOptions {
	capture: CaptureScope;
	operations: PublishedOperation[];
	publication: { mode: 'manage' | 'existing'; name: string };
	slotName: string;
	start: StartMode;
	batching: BatchingOptions;
	acknowledge: AckMode;
	beforeImages: boolean;
	valueTypes: ValueTypes;
	dropSlotOnDeactivate: boolean;
	/** 0 = no heartbeat. */
	heartbeatMs: number;
	maxRunsInFlight: number;
	slotLagWarningBytes: number;
}

/** Reads one parameter; the node passes `this.getNodeParameter`. */
export type ParameterReader = (name: string, fallback: unknown) => unknown;

/** Publications are ordinary identifiers, but we keep to the same safe alphabet as slots. */
const PUBLICATION_NAME = /^[A-Za-z0-9_]{1,63}$/;

/**
 * The stable name used when the user leaves slot or publication empty: the same workflow and node give the
 * same name on every activation and every n8n instance, so the position survives restarts and failover.
 */
export function derivedName(workflowId: string, nodeId: string): string {
	return defaultSlotName(workflowId, nodeId);
}

/** The settings under Options; what the user did not add takes the default the editor shows. */
type OptionReader = (name: string) => unknown;

function optionReader(read: ParameterReader): OptionReader {
	const raw = read('options', {});
	const added = (raw !== null && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
	return (name) => added[name] ?? optionDefault(name);
}

function topLevel(read: ParameterReader, name: string): unknown {
	return read(name, parameterDefault(name));
}

function oneOf<T extends string>(
	displayName: string,
	value: unknown,
	allowed: Record<T, string>,
): T {
	if (typeof value === 'string' && Object.hasOwn(allowed, value)) return value as T;
	const names = Object.values<string>(allowed).join(', ');
	throw new TriggerSettingsError(
		`${displayName} has a value the trigger does not know (${JSON.stringify(value)}).`,
		`Pick one of ${names} in *${displayName}* (an expression there must give one of these).`,
	);
}

function wholeNumber(displayName: string, value: unknown, minimum: number): number {
	const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	if (typeof number !== 'number' || !Number.isInteger(number) || number < minimum) {
		throw new TriggerSettingsError(
			`${displayName} must be a whole number of at least ${minimum} (got ${JSON.stringify(value)}).`,
			`Set *${displayName}* to a whole number of at least ${minimum}.`,
		);
	}
	return number;
}

/** Runs a core check that throws a plain message, so the caller can add the fix in display names. */
function attempt<T>(check: () => T): { value: T } | { problem: string } {
	try {
		return { value: check() };
	} catch (error) {
		return { problem: error instanceof Error ? error.message : String(error) };
	}
}

/** A resource locator's value ({ __rl, mode, value }) or a plain string, trimmed. */
function locatorText(value: unknown): string {
	if (value !== null && typeof value === 'object' && 'value' in value)
		return String((value as { value: unknown }).value ?? '').trim();
	return String(value ?? '').trim();
}

function readTables(read: ParameterReader): TableRef[] {
	const raw = topLevel(read, 'tables');
	const list = (Array.isArray(raw) ? raw : String(raw).split(',')).map((entry) =>
		String(entry).trim(),
	);
	const tables = list
		.filter((entry) => entry !== '')
		.map((entry) => {
			const parsed = attempt(() => parseQualifiedTable(entry));
			if ('problem' in parsed)
				throw new TriggerSettingsError(
					parsed.problem,
					'Pick the table from the list in *Table Names or IDs*, or write it as schema.table (in double quotes when a name holds a dot).',
				);
			return parsed.value;
		});
	if (tables.length === 0)
		throw new TriggerSettingsError(
			'No table is selected.',
			'Pick at least one table in *Table Names or IDs*, or set *Capture* to All Tables in a Schema.',
		);
	return tables;
}

function readCapture(read: ParameterReader): CaptureScope {
	const kind = oneOf('Capture', topLevel(read, 'capture'), {
		tables: 'Selected Tables',
		schema: 'All Tables in a Schema',
	});
	if (kind === 'tables') return { kind, tables: readTables(read) };
	const schema = locatorText(topLevel(read, 'schema'));
	if (schema === '')
		throw new TriggerSettingsError(
			'No schema is selected.',
			'Pick the schema whose tables are captured in *Schema*.',
		);
	return { kind, schema };
}

const OPERATION_NAMES: Record<PublishedOperation, string> = {
	insert: 'Insert',
	update: 'Update',
	delete: 'Delete',
	truncate: 'Truncate',
};

function readOperations(read: ParameterReader): PublishedOperation[] {
	const raw = topLevel(read, 'operations');
	const list = Array.isArray(raw) ? raw : [raw];
	const operations = ALL_OPERATIONS.filter((operation) => list.includes(operation));
	const unknown = list.filter((entry) => !ALL_OPERATIONS.includes(entry as PublishedOperation));
	const choices = ALL_OPERATIONS.map((operation) => OPERATION_NAMES[operation]).join(', ');
	if (unknown.length > 0)
		throw new TriggerSettingsError(
			`Operations holds values the trigger does not know: ${JSON.stringify(unknown)}.`,
			`Pick from ${choices} in *Operations*.`,
		);
	if (operations.length === 0)
		throw new TriggerSettingsError(
			'No operation is selected.',
			`Pick at least one of ${choices} in *Operations*.`,
		);
	return operations;
}

function readPublication(
	option: OptionReader,
	fallbackName: string,
): CdcTriggerOptions['publication'] {
	const mode = oneOf('Options > Publication', option('publicationMode'), {
		manage: 'Create and Keep Up to Date',
		existing: 'Use Existing',
	});
	const typed = String(option('publicationName') ?? '').trim();
	if (mode === 'existing' && typed === '') {
		throw new TriggerSettingsError(
			'The publication to use is not named: Options > Publication is Use Existing, but Publication Name is empty.',
			'Set *Options > Publication Name* to the existing publication, or set *Options > Publication* to Create and Keep Up to Date.',
		);
	}
	const name = typed === '' ? fallbackName : typed;
	if (!PUBLICATION_NAME.test(name)) {
		throw new TriggerSettingsError(
			`Publication name "${name}" may hold only letters, digits and underscores (at most 63).`,
			'Change *Options > Publication Name* to letters, digits and underscores, or leave it empty for a derived name.',
		);
	}
	return { mode, name };
}

function readSlotName(option: OptionReader, fallbackName: string): string {
	const typed = String(option('slotName') ?? '').trim();
	const name = typed === '' ? fallbackName : typed;
	const checked = attempt(() => assertValidSlotName(name));
	if ('problem' in checked)
		throw new TriggerSettingsError(
			checked.problem,
			'Change *Options > Slot Name* to lower-case letters, digits and underscores, or leave it empty for a derived name.',
		);
	return name;
}

function readBatching(read: ParameterReader, option: OptionReader): BatchingOptions {
	const mode = oneOf('Batching', topLevel(read, 'batching'), {
		rows: 'By Rows and Wait Time',
		transaction: 'One Run per Transaction',
	});
	// Max Wait is shown (and applies) only when batching by rows; the batcher ignores it otherwise.
	const maxWaitMs =
		mode === 'rows'
			? wholeNumber('Options > Max Wait', option('maxWaitMs'), 0)
			: (optionDefault('maxWaitMs') as number);
	return { mode, maxRows: wholeNumber('Max Rows', topLevel(read, 'maxRows'), 1), maxWaitMs };
}

/**
 * Turns the node parameters into validated options. The only place that reads the trigger's
 * parameters; every error is a TriggerSettingsError whose fix names the parameter as the editor shows it.
 */
export function readTriggerOptions(
	read: ParameterReader,
	ids: { workflowId: string; nodeId: string },
): CdcTriggerOptions {
	const fallbackName = derivedName(ids.workflowId, ids.nodeId);
	const option = optionReader(read);
	return {
		capture: readCapture(read),
		operations: readOperations(read),
		publication: readPublication(option, fallbackName),
		slotName: readSlotName(option, fallbackName),
		start: oneOf('Start', topLevel(read, 'start'), {
			now: 'Changes From Now',
			snapshot: 'Initial Snapshot, Then Changes',
			resume: 'Resume From the Slot',
		}),
		batching: readBatching(read, option),
		acknowledge: oneOf('Options > Acknowledge', option('acknowledge'), {
			afterSuccess: 'After the Run Succeeds',
			afterCompletion: 'After the Run Finishes',
			immediately: 'Immediately',
		}),
		beforeImages: option('beforeImages') === true,
		valueTypes: oneOf('Options > Value Types', option('valueTypes'), {
			text: 'Postgres Text Form',
			native: 'Native',
		}),
		dropSlotOnDeactivate: option('dropSlotOnDeactivate') === true,
		heartbeatMs: wholeNumber('Options > Heartbeat Interval', option('heartbeatSeconds'), 0) * 1000,
		maxRunsInFlight: wholeNumber('Options > Max Runs in Flight', option('maxRunsInFlight'), 1),
		slotLagWarningBytes:
			wholeNumber('Options > Slot Lag Warning', option('slotLagWarningMb'), 1) * 1024 * 1024,
	};
}
