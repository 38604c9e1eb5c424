import type { CdcEvent } from '../../shared/cdc/envelope/types';
import { HEARTBEAT_PREFIX } from '../../shared/cdc/slots/heartbeat';
import type { CdcTriggerOptions } from '../options/triggerOptions';

const OPERATION_OF: Partial<Record<CdcEvent['op'], string>> = {
	c: 'insert',
	u: 'update',
	d: 'delete',
	t: 'truncate',
};

/**
 * Which decoded events reach the workflow. The publication already limits tables and operations when
 * the node manages it; an existing publication may publish more, so the node's own choice is applied
 * here too. Heartbeats never reach the workflow (their position is still acknowledged).
 */
export function createEventFilter(
	options: Pick<CdcTriggerOptions, 'capture' | 'operations'>,
): (event: CdcEvent) => boolean {
	const operations = new Set<string>(options.operations);
	const tables =
		options.capture.kind === 'tables'
			? new Set(options.capture.tables.map((table) => `${table.schema}\u0000${table.table}`))
			: undefined;
	const schema = options.capture.kind === 'schema' ? options.capture.schema : undefined;
	return (event) => {
		if (event.op === 'm') return event.message?.prefix !== HEARTBEAT_PREFIX;
		const operation = OPERATION_OF[event.op];
		if (operation !== undefined && !operations.has(operation)) return false;
		const { schema: eventSchema, table } = event.source;
		if (eventSchema === null || table === null) return true;
		if (tables) return tables.has(`${eventSchema}\u0000${table}`);
		return eventSchema === schema;
	};
}
