import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { REPO_ROOT } from './nodesPackage';
import type { SavedCredential, WorkflowBody } from './workflows';

export const EXAMPLES_DIR = join(REPO_ROOT, 'examples');

interface ExampleNode {
	name: string;
	type: string;
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string; name: string }>;
	[key: string]: unknown;
}

/** An example's workflow.json, as a user would import it. */
export interface ExampleWorkflow extends WorkflowBody {
	nodes: ExampleNode[];
}

export function exampleExists(name: string): boolean {
	return existsSync(join(EXAMPLES_DIR, name, 'workflow.json'));
}

/** Every example directory that holds a workflow.json, sorted. */
export function exampleNames(): string[] {
	return readdirSync(EXAMPLES_DIR)
		.filter((name) => exampleExists(name))
		.sort();
}

export function loadExample(name: string): ExampleWorkflow {
	const text = readFileSync(join(EXAMPLES_DIR, name, 'workflow.json'), 'utf8');
	return JSON.parse(text) as ExampleWorkflow;
}

/**
 * What a user does after importing: select a saved credential for every credential slot. Fails when
 * a node asks for a credential type the test did not create, so a renamed type is noticed.
 */
export function selectCredentials(
	workflow: ExampleWorkflow,
	byType: Record<string, SavedCredential>,
): ExampleWorkflow {
	const nodes = workflow.nodes.map((node) => {
		if (!node.credentials) return node;
		const credentials = Object.fromEntries(
			Object.keys(node.credentials).map((type) => {
				const saved = byType[type];
				if (!saved)
					throw new Error(`node "${node.name}" needs a ${type} credential the test did not create`);
				return [type, { id: saved.id, name: saved.name }];
			}),
		);
		return { ...node, credentials };
	});
	return { ...workflow, nodes };
}

/** The node of that name; fails naming the nodes there are, so a renamed node is noticed. */
export function exampleNode(workflow: ExampleWorkflow, name: string): ExampleNode {
	const node = workflow.nodes.find((candidate) => candidate.name === name);
	if (!node)
		throw new Error(
			`"${workflow.name}" has no node "${name}"; it has ${workflow.nodes.map((n) => `"${n.name}"`).join(', ')}`,
		);
	return node;
}

/**
 * What the README tells the user to change (bucket, URL, schedule), set on one node. Only
 * parameters the example already has may change: a typo here must not add a parameter n8n ignores.
 */
export function changeParameters(
	workflow: ExampleWorkflow,
	nodeName: string,
	changes: Record<string, unknown>,
): ExampleWorkflow {
	const target = exampleNode(workflow, nodeName);
	for (const key of Object.keys(changes)) {
		if (!(key in target.parameters))
			throw new Error(`node "${nodeName}" of "${workflow.name}" has no parameter "${key}"`);
	}
	const nodes = workflow.nodes.map((node) =>
		node.name === nodeName ? { ...node, parameters: { ...node.parameters, ...changes } } : node,
	);
	return { ...workflow, nodes };
}

/** A Schedule Trigger rule that fires every few seconds, for production runs in a test. */
export function everySeconds(seconds: number): Record<string, unknown> {
	return { interval: [{ field: 'seconds', secondsInterval: seconds }] };
}
