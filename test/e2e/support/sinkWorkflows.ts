import { randomUUID } from 'node:crypto';

import { readOwnPackage } from './nodesPackage';
import type { SavedCredential, WorkflowBody } from './workflows';

export const SINK_NODE_NAME = 'Redshift Sink';
export const SINK_MANUAL_TRIGGER_NAME = 'Manual';
export const SINK_ITEMS_NODE_NAME = 'Items';

/** Installed as a package, the node's type is `<package name>.redshiftSink`. */
export function sinkNodeType(): string {
	return `${readOwnPackage().name}.redshiftSink`;
}

export interface SinkCredentials {
	redshift: SavedCredential;
	/** Only where the node stages files (write mode Copy). */
	staging?: SavedCredential;
}

/** The Redshift Sink node as the editor saves it. */
export function sinkNode(
	credentials: SinkCredentials,
	parameters: Record<string, unknown>,
	position: [number, number],
) {
	return {
		id: randomUUID(),
		name: SINK_NODE_NAME,
		type: sinkNodeType(),
		typeVersion: 1,
		position,
		credentials: {
			redshiftApi: credentials.redshift,
			...(credentials.staging ? { redshiftS3StagingApi: credentials.staging } : {}),
		},
		parameters,
	};
}

/** A Code node ("run once for all items") that returns these rows as items. */
export function itemsCode(rows: Array<Record<string, unknown>>): string {
	return `return ${JSON.stringify(rows)}.map((json) => ({ json }));`;
}

/** Manual Trigger → Code node (the rows) → Redshift Sink: what a user builds and runs in the editor. */
export function manualSinkWorkflow(
	name: string,
	rows: Array<Record<string, unknown>>,
	credentials: SinkCredentials,
	parameters: Record<string, unknown>,
): WorkflowBody {
	return {
		name,
		nodes: [
			{
				id: randomUUID(),
				name: SINK_MANUAL_TRIGGER_NAME,
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			{
				id: randomUUID(),
				name: SINK_ITEMS_NODE_NAME,
				type: 'n8n-nodes-base.code',
				typeVersion: 2,
				position: [260, 0],
				parameters: { jsCode: itemsCode(rows) },
			},
			sinkNode(credentials, parameters, [520, 0]),
		],
		connections: {
			[SINK_MANUAL_TRIGGER_NAME]: {
				main: [[{ node: SINK_ITEMS_NODE_NAME, type: 'main', index: 0 }]],
			},
			[SINK_ITEMS_NODE_NAME]: { main: [[{ node: SINK_NODE_NAME, type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
	};
}
