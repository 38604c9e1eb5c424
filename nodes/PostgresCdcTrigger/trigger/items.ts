import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { Batch } from '../../shared/cdc/batching/types';
import type { CdcEvent } from '../../shared/cdc/changeEvent';

/**
 * What every item of a run carries while the slot is unhealthy (lag past the threshold, WAL at risk).
 * A trigger cannot add execution hints (ITriggerFunctions has no addExecutionHints in n8n 2.8), so the
 * warnings travel with the items; the Redshift Sink shows them as hints of its own run.
 */
export interface SlotHealth {
	slot: string;
	warnings: string[];
}

/**
 * One item per change, the event envelope as JSON (no pairedItem: a trigger's items have no input).
 * While the slot is unhealthy each item also carries `slotHealth`, so a workflow can alert.
 */
export function batchToItems(
	batch: Batch<CdcEvent>,
	slotHealth: SlotHealth | undefined,
): INodeExecutionData[] {
	return batch.events.map((event) => {
		const json = event as unknown as IDataObject;
		if (!slotHealth) return { json };
		return {
			json: { ...json, slotHealth: { slot: slotHealth.slot, warnings: [...slotHealth.warnings] } },
		};
	});
}
