import type { CdcEvent } from '../../shared/cdc/changeEvent';
import { HEARTBEAT_PREFIX } from '../../shared/cdc/slots/heartbeat';
import type { TableRef } from '../../shared/cdc/slots/tables';
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
 *
 * `partitionLeaves` (partition → the selected partitioned table it belongs to, from readPartitionLeaves)
 * guards against a publication that stopped publishing via the partition root: such a change is not
 * "another table" to drop and acknowledge, so the filter throws and nothing past it is acknowledged.
 */
export function createEventFilter(
	options: Pick<CdcTriggerOptions, 'capture' | 'operations'>,
	partitionLeaves?: ReadonlyMap<string, TableRef>,
): (event: CdcEvent) => boolean {
	const operations = new Set<string>(options.operations);
	const tables =
		options.capture.kind === 'tables'
			? new Set(options.capture.tables.map((table) => `${table.schema}\u0000${table.table}`))
			: undefined;
	const schema = options.capture.kind === 'schema' ? options.capture.schema : undefined;
	const selected = (eventSchema: string, table: string) =>
		tables ? tables.has(`${eventSchema}\u0000${table}`) : eventSchema === schema;
	return (event) => {
		if (event.op === 'm') return event.message?.prefix !== HEARTBEAT_PREFIX;
		const { schema: eventSchema, table } = event.source;
		if (eventSchema === null || table === null) return true;
		const root = partitionLeaves?.get(`${eventSchema}\u0000${table}`);
		if (root && selected(root.schema, root.table) && !selected(eventSchema, table)) {
			throw new Error(
				`A change of partition ${eventSchema}.${table} arrived under the partition's own name, not as ${root.schema}.${root.table}: the publication no longer publishes via the partition root. Run ALTER PUBLICATION … SET (publish_via_partition_root = true) and activate the workflow again; nothing after this change was acknowledged.`,
			);
		}
		const operation = OPERATION_OF[event.op];
		if (operation !== undefined && !operations.has(operation)) return false;
		return selected(eventSchema, table);
	};
}
