import { createRequire } from 'node:module';
import { join } from 'node:path';

import { listExecutions, type ExecutionSummary, type ItemJson } from './executions';
import { N8N_HOST_DIR } from './n8nHost';
import type { N8nRest } from './n8nRest';
import { waitFor } from './waitFor';

type NodeRuns = Array<{ data?: { main?: Array<Array<{ json: ItemJson }> | null> } }>;

interface RunData {
	resultData?: { error?: { message?: string }; runData?: Record<string, NodeRuns> };
}

/** A finished execution: every run of every node, with the items of each run's first output. */
export interface ExampleExecution extends ExecutionSummary {
	errorMessage: string | undefined;
	/** node name → one entry per run of that node (a node in a loop runs several times). */
	runs: Record<string, ItemJson[][]>;
}

function parseFlatted(text: string): RunData {
	const requireFromN8n = createRequire(join(N8N_HOST_DIR, 'node_modules/n8n/package.json'));
	const flatted = requireFromN8n('flatted') as { parse(text: string): unknown };
	return flatted.parse(text) as RunData;
}

export async function readExampleExecution(rest: N8nRest, id: string): Promise<ExampleExecution> {
	const raw = await rest.get<ExecutionSummary & { data?: string | RunData | null }>(
		`/rest/executions/${id}`,
	);
	const data: RunData = (typeof raw.data === 'string' ? parseFlatted(raw.data) : raw.data) ?? {};
	const runs: Record<string, ItemJson[][]> = {};
	for (const [node, nodeRuns] of Object.entries(data.resultData?.runData ?? {})) {
		runs[node] = nodeRuns.map((run) => (run.data?.main?.[0] ?? []).map((item) => item.json));
	}
	return {
		id: String(raw.id),
		status: raw.status,
		mode: raw.mode,
		workflowId: raw.workflowId,
		startedAt: raw.startedAt,
		stoppedAt: raw.stoppedAt,
		errorMessage: data.resultData?.error?.message,
		runs,
	};
}

const UNFINISHED = ['new', 'running', 'waiting'];

/** Waits for one execution to finish (any status) and returns it with its node runs. */
export async function finishedExecution(
	rest: N8nRest,
	workflowId: string,
	executionId: string,
	timeoutMs = 180_000,
): Promise<ExampleExecution> {
	return await waitFor(
		`execution ${executionId} of workflow ${workflowId} to finish`,
		timeoutMs,
		async () => {
			const execution = await readExampleExecution(rest, executionId);
			return UNFINISHED.includes(execution.status) ? undefined : execution;
		},
		async () =>
			(await listExecutions(rest, workflowId)).map((e) => `${e.id}:${e.status}`).join(' '),
	);
}

/** Every finished execution of a workflow with its node runs, oldest first. */
export async function finishedExecutions(
	rest: N8nRest,
	workflowId: string,
): Promise<ExampleExecution[]> {
	const finished = (await listExecutions(rest, workflowId)).filter(
		(execution) => !UNFINISHED.includes(execution.status),
	);
	const details: ExampleExecution[] = [];
	for (const summary of finished) details.push(await readExampleExecution(rest, summary.id));
	return details;
}

/** Every item a node output over all its runs, in run order. */
export function nodeItems(execution: ExampleExecution, nodeName: string): ItemJson[] {
	return (execution.runs[nodeName] ?? []).flat();
}
