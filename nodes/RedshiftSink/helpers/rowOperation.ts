import type { LoadItem, LoadResult } from '../../shared/loads';
import { loadSettingAsideRejected, type SetAsideOutcome } from './continueOnFail';
import type { SinkRun } from './interfaces';
import { mappedRows } from './items';
import { paired, summaryJson, type SinkOperationExecute, type SinkOutcome } from './output';

/**
 * Append, Overwrite and Upsert: one core load of every item's row into the table. In write mode
 * Insert with "continue on fail", items the core rejects are set aside as error items and the
 * others load.
 */
export function rowOperation(
	load: (run: SinkRun, rows: LoadItem[]) => Promise<LoadResult>,
): SinkOperationExecute {
	return async (context, run, items, toNodeError) => {
		const rows = mappedRows(context, items);
		const loadRows = async (subset: LoadItem[]) => await load(run, subset);
		const outcome: SetAsideOutcome =
			run.settings.writeMode === 'insert' && context.continueOnFail()
				? await loadSettingAsideRejected(rows, loadRows, toNodeError)
				: { result: await loadRows(rows), loaded: rows.map((_, index) => index), failed: [] };
		return rowsOutput(outcome, run);
	};
}

/**
 * The summary item comes FIRST, the error items after it: n8n's Retry On Fail runs the node again
 * when the first output item is an error item, which would insert again the rows this run
 * already committed.
 */
function rowsOutput(outcome: SetAsideOutcome, run: SinkRun): SinkOutcome {
	if (!outcome.result) return { items: outcome.failed, results: [] };
	const summary = summaryJson(
		outcome.result,
		run.settings,
		run.connection.transport,
		outcome.failed.length > 0 ? { failedItems: outcome.failed.length } : {},
	);
	return {
		items: [{ json: summary, pairedItem: paired(outcome.loaded) }, ...outcome.failed],
		results: [outcome.result],
	};
}
