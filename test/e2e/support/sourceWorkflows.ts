import { randomUUID } from 'node:crypto';

import { readOwnPackage } from './nodesPackage';
import type { SavedCredential, WorkflowBody } from './workflows';

export const SOURCE_NODE_NAME = 'Redshift Source';
export const MANUAL_TRIGGER_NAME = 'Manual';
export const WEBHOOK_NAME = 'Webhook';
export const STEP_NODE_NAME = 'Process';

/** A step that fails every run. */
export const FAIL_EVERY_RUN = "throw new Error('e2e: the step after the read fails');";

/** A step that passes the items on (the fixed version of a failing step). */
export const PASS_THROUGH = 'return $input.all();';

/** Installed as a package, the node's type is `<package name>.redshiftSource`. */
export function sourceNodeType(): string {
	return `${readOwnPackage().name}.redshiftSource`;
}

function sourceNode(credential: SavedCredential, parameters: Record<string, unknown>) {
	return {
		id: randomUUID(),
		name: SOURCE_NODE_NAME,
		type: sourceNodeType(),
		typeVersion: 1,
		position: [260, 0],
		credentials: { redshiftApi: credential },
		parameters,
	};
}

/** Manual Trigger → Redshift Source: what a user builds and runs from the editor. */
export function manualSourceWorkflow(
	name: string,
	credential: SavedCredential,
	parameters: Record<string, unknown>,
): WorkflowBody {
	return {
		name,
		nodes: [
			{
				id: randomUUID(),
				name: MANUAL_TRIGGER_NAME,
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			sourceNode(credential, parameters),
		],
		connections: {
			[MANUAL_TRIGGER_NAME]: { main: [[{ node: SOURCE_NODE_NAME, type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
	};
}

/**
 * Webhook → Redshift Source (→ a Code node step, when given): production runs, each answered
 * with every item of the last node, so a test sees what one run read.
 */
export function webhookSourceWorkflow(
	name: string,
	path: string,
	credential: SavedCredential,
	parameters: Record<string, unknown>,
	stepCode?: string,
): WorkflowBody {
	const nodes: unknown[] = [
		{
			id: randomUUID(),
			name: WEBHOOK_NAME,
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2,
			position: [0, 0],
			webhookId: randomUUID(),
			parameters: { path, httpMethod: 'GET', responseMode: 'lastNode', responseData: 'allEntries' },
		},
		sourceNode(credential, parameters),
	];
	const connections: Record<string, unknown> = {
		[WEBHOOK_NAME]: { main: [[{ node: SOURCE_NODE_NAME, type: 'main', index: 0 }]] },
	};
	if (stepCode !== undefined) {
		nodes.push({
			id: randomUUID(),
			name: STEP_NODE_NAME,
			type: 'n8n-nodes-base.code',
			typeVersion: 2,
			position: [520, 0],
			parameters: { jsCode: stepCode },
		});
		connections[SOURCE_NODE_NAME] = {
			main: [[{ node: STEP_NODE_NAME, type: 'main', index: 0 }]],
		};
	}
	return { name, nodes, connections, settings: { executionOrder: 'v1' } };
}
