import type { AcknowledgeMode } from '../../shared/cdc/ack';
import type { BatchingOptions } from '../../shared/cdc/batching/types';
import { ALL_OPERATIONS, type CdcOperation } from '../../shared/cdc/slots/publicationSql';
import { assertValidSlotName, defaultSlotName } from '../../shared/cdc/slots/slotName';
import type { TableRef } from '../../shared/cdc/slots/tables';
import { parseQualifiedTable } from './qualifiedName';

export type { CdcOperation };
export type AckMode = AcknowledgeMode;
export type StartMode = 'snapshot' | 'now' | 'resume';
export type ValueTypes = 'text' | 'native';

export type CaptureScope =
	| { kind: 'tables'; tables: TableRef[] }
	| { kind: 'schema'; schema: string };

/** Everything the trigger needs, typed and validated; built once from the node parameters. */
export interface CdcTriggerOptions {
	capture: CaptureScope;
	operations: CdcOperation[];
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

function oneOf<T extends string>(name: string, value: unknown, allowed: readonly T[]): T {
	if (typeof value === 'string' && (allowed as readonly string[]).includes(value))
		return value as T;
	throw new Error(
		`Parameter "${name}" must be one of ${allowed.join(', ')} (got ${JSON.stringify(value)}).`,
	);
}

function wholeNumber(name: string, value: unknown, minimum: number): number {
	const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	if (typeof number !== 'number' || !Number.isInteger(number) || number < minimum) {
		throw new Error(
			`Parameter "${name}" must be a whole number of at least ${minimum} (got ${JSON.stringify(value)}).`,
		);
	}
	return number;
}

function readCapture(read: ParameterReader): CaptureScope {
	const kind = oneOf('capture', read('capture', 'tables'), ['tables', 'schema'] as const);
	if (kind === 'schema') {
		const schema = String(read('schema', 'public')).trim();
		if (schema === '')
			throw new Error('Parameter "schema" is empty: pick the schema whose tables are captured.');
		return { kind, schema };
	}
	const raw = read('tables', []);
	const list = (Array.isArray(raw) ? raw : String(raw).split(',')).map((entry) =>
		String(entry).trim(),
	);
	const tables = list.filter((entry) => entry !== '').map(parseQualifiedTable);
	if (tables.length === 0)
		throw new Error(
			'No table selected: pick at least one table, or capture all tables of a schema.',
		);
	return { kind, tables };
}

function readOperations(read: ParameterReader): CdcOperation[] {
	const raw = read('operations', [...ALL_OPERATIONS]);
	const list = Array.isArray(raw) ? raw : [raw];
	const operations = ALL_OPERATIONS.filter((operation) => list.includes(operation));
	const unknown = list.filter((entry) => !ALL_OPERATIONS.includes(entry as CdcOperation));
	if (unknown.length > 0)
		throw new Error(
			`Unknown operations ${JSON.stringify(unknown)}: use ${ALL_OPERATIONS.join(', ')}.`,
		);
	if (operations.length === 0)
		throw new Error(
			'No operation selected: pick at least one of insert, update, delete, truncate.',
		);
	return operations;
}

function readPublication(
	read: ParameterReader,
	fallbackName: string,
): CdcTriggerOptions['publication'] {
	const mode = oneOf('publicationMode', read('publicationMode', 'manage'), [
		'manage',
		'existing',
	] as const);
	const typed = String(
		read(mode === 'manage' ? 'publicationName' : 'existingPublicationName', ''),
	).trim();
	if (mode === 'existing' && typed === '') {
		throw new Error(
			'Publication name is empty: enter the existing publication, or let the node create one.',
		);
	}
	const name = typed === '' ? fallbackName : typed;
	if (!PUBLICATION_NAME.test(name)) {
		throw new Error(
			`Publication name "${name}" may hold only letters, digits and underscores (at most 63).`,
		);
	}
	return { mode, name };
}

function readSlotName(read: ParameterReader, fallbackName: string): string {
	const typed = String(read('slotName', '')).trim();
	const name = typed === '' ? fallbackName : typed;
	assertValidSlotName(name);
	return name;
}

/** Turns the node parameters into validated options; every error names the parameter and what to do. */
export function readTriggerOptions(
	read: ParameterReader,
	ids: { workflowId: string; nodeId: string },
): CdcTriggerOptions {
	const fallbackName = derivedName(ids.workflowId, ids.nodeId);
	const batchingMode = oneOf('batching', read('batching', 'rows'), [
		'rows',
		'transaction',
	] as const);
	const extra = (read('options', {}) ?? {}) as Record<string, unknown>;
	const heartbeatSeconds = wholeNumber('heartbeatSeconds', extra.heartbeatSeconds ?? 60, 0);
	const lagWarningMb = wholeNumber('slotLagWarningMb', extra.slotLagWarningMb ?? 1024, 1);
	return {
		capture: readCapture(read),
		operations: readOperations(read),
		publication: readPublication(read, fallbackName),
		slotName: readSlotName(read, fallbackName),
		start: oneOf('start', read('start', 'now'), ['snapshot', 'now', 'resume'] as const),
		batching: {
			mode: batchingMode,
			maxRows: wholeNumber('maxRows', read('maxRows', 100), 1),
			maxWaitMs:
				batchingMode === 'rows' ? wholeNumber('maxWaitMs', read('maxWaitMs', 1000), 0) : 1000,
		},
		acknowledge: oneOf('acknowledge', read('acknowledge', 'afterSuccess'), [
			'afterSuccess',
			'afterCompletion',
			'immediately',
		] as const),
		beforeImages: read('beforeImages', false) === true,
		valueTypes: oneOf('valueTypes', read('valueTypes', 'text'), ['text', 'native'] as const),
		dropSlotOnDeactivate: read('dropSlotOnDeactivate', false) === true,
		heartbeatMs: heartbeatSeconds * 1000,
		maxRunsInFlight: wholeNumber('maxRunsInFlight', extra.maxRunsInFlight ?? 1, 1),
		slotLagWarningBytes: lagWarningMb * 1024 * 1024,
	};
}
