import { randomUUID } from 'node:crypto';

import type { N8nRest } from './n8nRest';
import { readOwnPackage } from './nodesPackage';

export const TRIGGER_NODE_NAME = 'Postgres CDC Trigger';
export const STEP_NODE_NAME = 'Process';

/** Installed as a package, the node's type is `<package name>.<node name>` (not `CUSTOM.…`). */
export function triggerNodeType(): string {
	return `${readOwnPackage().name}.postgresCdcTrigger`;
}

export interface CdcWorkflowSpec {
	name: string;
	credential: { id: string; name: string };
	/** `schema.table` values, as the table picker stores them. */
	tables: string[];
	slotName: string;
	publicationName: string;
	/** The Code node after the trigger (JavaScript, "run once for all items"). */
	stepCode: string;
	/** Default "changes from now". */
	start?: 'now' | 'snapshot';
}

/** Passes the items on after `delayMs`: a window in which the run is observably in flight. */
export function passThroughAfter(delayMs: number): string {
	return `await new Promise((resolve) => setTimeout(resolve, ${delayMs}));\nreturn $input.all();`;
}

/** Fails every run: the changes must not be acknowledged. */
export const FAIL_EVERY_RUN = `throw new Error('e2e: this step refuses every batch');`;

export interface WorkflowBody {
	name: string;
	nodes: unknown[];
	connections: Record<string, unknown>;
	settings: Record<string, unknown>;
}

export function cdcWorkflow(spec: CdcWorkflowSpec): WorkflowBody {
	return {
		name: spec.name,
		nodes: [
			{
				id: randomUUID(),
				name: TRIGGER_NODE_NAME,
				type: triggerNodeType(),
				typeVersion: 1,
				position: [0, 0],
				credentials: { postgresReplicationApi: spec.credential },
				parameters: {
					capture: 'tables',
					tables: spec.tables,
					operations: ['insert', 'update', 'delete', 'truncate'],
					start: spec.start ?? 'now',
					// One run per committed transaction: the runs can be matched to transactions one to one.
					batching: 'transaction',
					options: {
						publicationMode: 'manage',
						publicationName: spec.publicationName,
						slotName: spec.slotName,
						acknowledge: 'afterSuccess',
						// No heartbeat: the slot moves only because runs succeeded.
						heartbeatSeconds: 0,
						maxRunsInFlight: 1,
					},
				},
			},
			{
				id: randomUUID(),
				name: STEP_NODE_NAME,
				type: 'n8n-nodes-base.code',
				typeVersion: 2,
				position: [260, 0],
				parameters: { jsCode: spec.stepCode },
			},
		],
		connections: {
			[TRIGGER_NODE_NAME]: { main: [[{ node: STEP_NODE_NAME, type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
	};
}

interface SavedWorkflow {
	id: string;
	versionId: string;
	active: boolean;
}

/** Saves a new workflow as the editor does. */
export async function createWorkflow(rest: N8nRest, body: WorkflowBody): Promise<SavedWorkflow> {
	return await rest.post<SavedWorkflow>('/rest/workflows', body);
}

/** Saves a changed version of an existing workflow (not yet published). */
export async function updateWorkflow(
	rest: N8nRest,
	id: string,
	body: WorkflowBody,
): Promise<SavedWorkflow> {
	const current = await rest.get<SavedWorkflow>(`/rest/workflows/${id}`);
	return await rest.patch<SavedWorkflow>(`/rest/workflows/${id}`, {
		...body,
		versionId: current.versionId,
	});
}

/** Publishes (activates) a version: n8n calls the trigger's trigger() and fails the call if it throws. */
export async function activateWorkflow(
	rest: N8nRest,
	id: string,
	versionId: string,
): Promise<void> {
	await rest.post(`/rest/workflows/${id}/activate`, { versionId });
}

export async function deactivateWorkflow(rest: N8nRest, id: string): Promise<void> {
	await rest.post(`/rest/workflows/${id}/deactivate`, {});
}

/**
 * The editor's "Execute workflow" from the trigger (manual mode, "Listen for event"): n8n calls the
 * trigger's manualTriggerFunction and the execution waits for its first emit. Returns the execution id.
 */
export async function runManually(
	rest: N8nRest,
	id: string,
	body: WorkflowBody,
	triggerName: string,
): Promise<string> {
	const started = await rest.post<{ executionId: string }>(`/rest/workflows/${id}/run`, {
		workflowData: { id, ...body },
		triggerToStartFrom: { name: triggerName },
	});
	return String(started.executionId);
}

export interface SavedCredential {
	id: string;
	name: string;
}

export async function createCredential(
	rest: N8nRest,
	name: string,
	type: string,
	data: Record<string, unknown>,
): Promise<SavedCredential> {
	const saved = await rest.post<SavedCredential>('/rest/credentials', { name, type, data });
	return { id: String(saved.id), name: saved.name };
}

/** The editor's "Test" button on a saved credential. */
export async function testCredential(
	rest: N8nRest,
	credential: SavedCredential,
	type: string,
	data: Record<string, unknown>,
): Promise<{ status: string; message: string }> {
	return await rest.post('/rest/credentials/test', {
		credentials: { id: credential.id, name: credential.name, type, data },
	});
}
