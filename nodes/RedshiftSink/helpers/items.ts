import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { LoadItem } from '../../shared/loads';

/**
 * The rows to load, one per input item: the item's JSON as it is (auto-map: fields match columns
 * by name, case-insensitively), or the values mapped in the column mapper, evaluated per item.
 */
export function mappedRows(
	context: IExecuteFunctions,
	items: readonly INodeExecutionData[],
): LoadItem[] {
	const mode = context.getNodeParameter('columns.mappingMode', 0, 'autoMapInputData');
	if (mode === 'autoMapInputData') return items.map((item) => item.json as LoadItem);
	return items.map((_, index) => {
		const value = context.getNodeParameter('columns.value', index, {}) as LoadItem | null;
		return { ...(value ?? {}) };
	});
}
