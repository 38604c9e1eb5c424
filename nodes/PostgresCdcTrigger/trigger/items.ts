import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { Batch } from '../../shared/cdc/batching/types';
import type { CdcEvent } from '../../shared/cdc/envelope/types';

/** Metadata added to every item of a run while the slot is unhealthy (lag past the threshold, WAL at risk). */
export interface SlotWarningMeta {
	slot: string;
	warnings: string[];
}

/**
 * One item per change, the event envelope as JSON (no pairedItem: a trigger's items have no input).
 * While the slot is unhealthy each item also carries `$meta.slotWarnings`, so a workflow can alert.
 */
export function batchToItems(
	batch: Batch<CdcEvent>,
	slotWarning: SlotWarningMeta | undefined,
): INodeExecutionData[] {
	return batch.events.map((event) => {
		const json = event as unknown as IDataObject;
		if (!slotWarning) return { json };
		return {
			json: { ...json, $meta: { slot: slotWarning.slot, slotWarnings: slotWarning.warnings } },
		};
	});
}
