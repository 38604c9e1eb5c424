import type { INodeExecutionData, NodeExecutionHint } from 'n8n-workflow';

import type { LoadResult } from '../../shared/loads';

/**
 * The warnings of the Postgres CDC Trigger's replication slot that its items carry
 * (`slotHealth.warnings`: a trigger cannot show execution hints itself), once each.
 */
export function slotHealthHints(items: readonly INodeExecutionData[]): NodeExecutionHint[] {
	const warnings = new Set<string>();
	for (const item of items) {
		const health = (item.json as { slotHealth?: { warnings?: unknown } } | undefined)?.slotHealth;
		if (!Array.isArray(health?.warnings)) continue;
		for (const warning of health.warnings) if (typeof warning === 'string') warnings.add(warning);
	}
	return asHints(warnings);
}

/**
 * What the loads warn about without failing (widened or cut values, schema changes not applied,
 * columns written as NULL, staged files left behind): shown above the output as well as in each
 * summary item's `warnings`.
 */
export function loadWarningHints(results: readonly LoadResult[]): NodeExecutionHint[] {
	return asHints(new Set(results.flatMap((result) => result.warnings)));
}

const asHints = (messages: Iterable<string>): NodeExecutionHint[] =>
	[...messages].map((message) => ({ message, type: 'warning', location: 'outputPane' }));
