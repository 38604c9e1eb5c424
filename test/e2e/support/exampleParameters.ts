import { createRequire } from 'node:module';
import { join } from 'node:path';

import type { ExampleWorkflow } from './exampleWorkflows';
import { N8N_HOST_DIR } from './n8nHost';
import type { N8nRest } from './n8nRest';

interface NodeDescription {
	name: string;
	properties: unknown[];
}

type GetNodeParameters = (
	properties: unknown[],
	values: Record<string, unknown>,
	returnDefaults: boolean,
	returnOnlyMainParameters: boolean,
	node: unknown,
	description: unknown,
) => Record<string, unknown> | null;

/** n8n's own parameter resolution (the host's n8n-workflow): what the editor and the run keep. */
function hostGetNodeParameters(): GetNodeParameters {
	const requireFromN8n = createRequire(join(N8N_HOST_DIR, 'node_modules/n8n/package.json'));
	const workflow = requireFromN8n('n8n-workflow') as {
		NodeHelpers: { getNodeParameters: GetNodeParameters };
	};
	return workflow.NodeHelpers.getNodeParameters;
}

/** Paths in `given` that are missing from, or changed in, `kept`. */
function lostPaths(given: unknown, kept: unknown, path: string): string[] {
	if (given !== null && typeof given === 'object') {
		if (kept === null || typeof kept !== 'object') return [path];
		return Object.entries(given as Record<string, unknown>).flatMap(([key, value]) =>
			key in (kept as Record<string, unknown>)
				? lostPaths(value, (kept as Record<string, unknown>)[key], `${path}.${key}`)
				: [`${path}.${key}`],
		);
	}
	return JSON.stringify(given) === JSON.stringify(kept) ? [] : [path];
}

/**
 * For every node of the example: the parameters n8n would drop or change when it loads the node
 * (unknown names, values hidden by the display rules). The descriptions are the ones the running
 * n8n loaded, asked for as the editor does (POST /rest/node-types), so the installed package's.
 */
export async function droppedExampleParameters(
	rest: N8nRest,
	workflow: ExampleWorkflow,
): Promise<string[]> {
	const nodeInfos = workflow.nodes.map((node) => ({
		name: node.type,
		version: node.typeVersion as number,
	}));
	const descriptions = await rest.post<NodeDescription[]>('/rest/node-types', { nodeInfos });
	const getNodeParameters = hostGetNodeParameters();
	// One description per nodeInfo, in order (the names come back with or without the package prefix).
	return workflow.nodes.flatMap((node, index) => {
		const description = descriptions[index];
		if (!description?.properties) return [`${node.name}: n8n has no node type ${node.type}`];
		const kept = getNodeParameters(
			description.properties,
			node.parameters,
			true,
			false,
			node,
			description,
		);
		return lostPaths(node.parameters, kept ?? {}, node.name);
	});
}
