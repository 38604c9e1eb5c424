import type { INodeExecutionData, IPairedItemData, NodeOperationError } from 'n8n-workflow';

import { errorLocation, LoadFailedError, type LoadItem, type LoadResult } from '../../shared/loads';
import { errorItem } from './output';

/** What a load with items set aside produced. */
export interface SetAsideOutcome {
	/** The load of the items that were fine; none when no item could be loaded. */
	result?: LoadResult;
	/** Input indexes of the items in that load. */
	loaded: number[];
	/** One error item per item set aside, in input order. */
	failed: INodeExecutionData[];
}

/** Maps an index the core reports (within the rows it was given) to the input item's index. */
export type ToNodeError = (
	error: unknown,
	itemIndexOf: (index: number) => number,
) => NodeOperationError;

const firstItem = (item: INodeExecutionData) =>
	(item.pairedItem as IPairedItemData[])[0]?.item ?? 0;
const byFirstItem = (a: INodeExecutionData, b: INodeExecutionData) => firstItem(a) - firstItem(b);

/**
 * Write mode Insert with "continue on fail": an item the core rejects (its error names the item,
 * and nothing was sent) is set aside with its error, and the load is tried again with the others.
 * An error that is no single item's fault fails every item still waiting; over the Data API the
 * groups of 40 statements that committed before it stay loaded and are summarized (never retried).
 */
export async function loadSettingAsideRejected(
	rows: readonly LoadItem[],
	load: (rows: LoadItem[]) => Promise<LoadResult>,
	toNodeError: ToNodeError,
): Promise<SetAsideOutcome> {
	let remaining = rows.map((_, index) => index);
	const failed: INodeExecutionData[] = [];
	while (remaining.length > 0) {
		const current = remaining;
		try {
			const result = await load(current.map((index) => rows[index]));
			return {
				result,
				loaded: current,
				failed: failed.sort(byFirstItem),
			};
		} catch (error) {
			const at = errorLocation(error).itemIndex;
			const nodeError = toNodeError(error, (index) => current[index] ?? index);
			const committed = error instanceof LoadFailedError ? error.details.committed : undefined;
			if (committed) {
				// Earlier Data API groups committed: those items are loaded, the rest failed with the error.
				const loaded = current.slice(0, committed.itemsRead);
				failed.push(...current.slice(loaded.length).map((index) => errorItem(nodeError, [index])));
				return { result: committed, loaded, failed: failed.sort(byFirstItem) };
			}
			if (at === undefined || current[at] === undefined) {
				failed.push(...current.map((index) => errorItem(nodeError, [index])));
				break;
			}
			failed.push(errorItem(nodeError, [current[at]]));
			remaining = current.filter((_, position) => position !== at);
		}
	}
	return { loaded: [], failed: failed.sort(byFirstItem) };
}
