import { createRequire } from 'node:module';
import { join } from 'node:path';

import { N8N_HOST_DIR } from './n8nHost';
import type { N8nRest } from './n8nRest';

export type ExecutionStatus =
	| 'new'
	| 'running'
	| 'success'
	| 'error'
	| 'canceled'
	| 'crashed'
	| 'waiting'
	| 'unknown';

export interface ExecutionSummary {
	id: string;
	status: ExecutionStatus;
	mode: string;
	workflowId: string;
	startedAt: string | null;
	stoppedAt: string | null;
}

export interface ItemJson {
	[key: string]: unknown;
}

export interface ExecutionDetail extends ExecutionSummary {
	/** The items the trigger node emitted in this run (its output), in order. */
	triggerItems: ItemJson[];
	/** The run's error message, when it failed. */
	errorMessage: string | undefined;
}

interface RunData {
	resultData?: {
		error?: { message?: string };
		runData?: Record<string, Array<{ data?: { main?: Array<Array<{ json: ItemJson }> | null> } }>>;
	};
}

/** n8n stores execution data serialized with `flatted`; its own copy parses it. */
function parseFlatted(text: string): RunData {
	const requireFromN8n = createRequire(join(N8N_HOST_DIR, 'node_modules/n8n/package.json'));
	const flatted = requireFromN8n('flatted') as { parse(text: string): unknown };
	return flatted.parse(text) as RunData;
}

/** Every execution of a workflow, oldest first (by id: n8n numbers executions in creation order). */
export async function listExecutions(
	rest: N8nRest,
	workflowId: string,
): Promise<ExecutionSummary[]> {
	const filter = encodeURIComponent(JSON.stringify({ workflowId }));
	const page = await rest.get<{ count: number; results: ExecutionSummary[] }>(
		`/rest/executions?filter=${filter}&limit=100`,
	);
	if (page.results.length >= 100) {
		throw new Error(
			`workflow ${workflowId} has 100 or more executions: this helper reads one page only`,
		);
	}
	return page.results
		.map((execution) => ({ ...execution, id: String(execution.id) }))
		.sort((a, b) => Number(a.id) - Number(b.id));
}

export async function readExecution(
	rest: N8nRest,
	id: string,
	triggerNodeName: string,
): Promise<ExecutionDetail> {
	const raw = await rest.get<ExecutionSummary & { data?: string | RunData | null }>(
		`/rest/executions/${id}`,
	);
	// A run still in progress may have no data stored yet.
	const data: RunData = (typeof raw.data === 'string' ? parseFlatted(raw.data) : raw.data) ?? {};
	const triggerRuns = data.resultData?.runData?.[triggerNodeName] ?? [];
	const items = triggerRuns[0]?.data?.main?.[0] ?? [];
	return {
		id: String(raw.id),
		status: raw.status,
		mode: raw.mode,
		workflowId: raw.workflowId,
		startedAt: raw.startedAt,
		stoppedAt: raw.stoppedAt,
		triggerItems: items.map((item) => item.json),
		errorMessage: data.resultData?.error?.message,
	};
}

/** Every finished execution with its data, oldest first. */
export async function readFinishedExecutions(
	rest: N8nRest,
	workflowId: string,
	triggerNodeName: string,
): Promise<ExecutionDetail[]> {
	const summaries = await listExecutions(rest, workflowId);
	const finished = summaries.filter(
		(execution) => !['new', 'running', 'waiting'].includes(execution.status),
	);
	const details: ExecutionDetail[] = [];
	for (const summary of finished)
		details.push(await readExecution(rest, summary.id, triggerNodeName));
	return details;
}
