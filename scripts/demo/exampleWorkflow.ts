import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { REPO_ROOT } from '../../test/e2e/support/nodesPackage';
import type { WorkflowBody } from '../../test/e2e/support/workflows';

export const EXAMPLE_WORKFLOW_FILE = join(
	REPO_ROOT,
	'examples/postgres-cdc-to-redshift/workflow.json',
);

/** The slot the example's trigger uses: the demo reads its lag. */
export const EXAMPLE_SLOT_NAME = 'n8n_shop_to_redshift';

export interface ExampleCredentials {
	postgresReplicationApi: { id: string; name: string };
	redshiftApi: { id: string; name: string };
	redshiftS3StagingApi: { id: string; name: string };
}

interface WorkflowNode {
	type: string;
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string; name: string }>;
}

/**
 * The example as a user imports it, with the demo's credentials put in (by type, as the editor does
 * when one credential of a type exists) and the local S3 bucket.
 */
export function exampleWorkflow(credentials: ExampleCredentials, bucket: string): WorkflowBody {
	const workflow = JSON.parse(readFileSync(EXAMPLE_WORKFLOW_FILE, 'utf8')) as WorkflowBody & {
		nodes: WorkflowNode[];
	};
	for (const node of workflow.nodes) {
		for (const type of Object.keys(node.credentials ?? {}))
			node.credentials![type] = credentials[type as keyof ExampleCredentials];
		if (node.type.endsWith('.redshiftSink')) node.parameters.bucket = bucket;
	}
	return {
		name: workflow.name,
		nodes: workflow.nodes,
		connections: workflow.connections,
		settings: workflow.settings,
	};
}
