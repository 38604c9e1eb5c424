import type { ExecutionStatus, ExecutionSummary } from './executions';
import type { N8nRest } from './n8nRest';

/**
 * A workflow's executions in the given states (newest first, at most `limit`). A long stream makes
 * more runs than one page of executions.ts's listExecutions holds, so this asks n8n to filter.
 */
export async function executionsWithStatus(
	rest: N8nRest,
	workflowId: string,
	status: ExecutionStatus[],
	limit = 20,
): Promise<ExecutionSummary[]> {
	const filter = encodeURIComponent(JSON.stringify({ workflowId, status }));
	const page = await rest.get<{ count: number; results: ExecutionSummary[] }>(
		`/rest/executions?filter=${filter}&limit=${limit}`,
	);
	return page.results
		.map((execution) => ({ ...execution, id: String(execution.id) }))
		.filter((execution) => status.includes(execution.status));
}

/** How many executions of the workflow ended in each state (n8n's count, not one page). */
export async function countExecutions(
	rest: N8nRest,
	workflowId: string,
	status: ExecutionStatus,
): Promise<number> {
	const filter = encodeURIComponent(JSON.stringify({ workflowId, status: [status] }));
	const page = await rest.get<{ count: number }>(`/rest/executions?filter=${filter}&limit=1`);
	return page.count;
}
