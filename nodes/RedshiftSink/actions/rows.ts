import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { LoadItem } from '../../shared/loads';
import type { TableRef } from '../../shared/redshift/sql/identifiers';
import {
	loadSettingAsideRejected,
	type SetAsideOutcome,
	type ToNodeError,
} from '../helpers/continueOnFail';
import type { SinkRun } from '../helpers/interfaces';
import { mappedRows } from '../helpers/items';
import { paired, summaryJson, type SinkOutcome } from '../helpers/output';
import * as append from './append.operation';
import * as overwrite from './overwrite.operation';
import * as upsert from './upsert.operation';

const rowOperations = { append, overwrite, upsert };

/**
 * Append, Overwrite and Upsert: one load of every item into the table. In write mode Insert with
 * "continue on fail", items the core rejects are set aside as error items and the others load.
 */
export async function loadRows(
	context: IExecuteFunctions,
	run: SinkRun,
	items: readonly INodeExecutionData[],
	toNodeError: ToNodeError,
): Promise<SinkOutcome> {
	const operation = rowOperations[run.settings.operation as keyof typeof rowOperations];
	const table = run.settings.table as TableRef;
	const load = async (rows: LoadItem[]) => await operation.execute(run, table, rows);
	const rows = mappedRows(context, items);
	const outcome: SetAsideOutcome =
		run.settings.writeMode === 'insert' && context.continueOnFail()
			? await loadSettingAsideRejected(rows, load, toNodeError)
			: { result: await load(rows), loaded: rows.map((_, index) => index), failed: [] };
	return rowsOutput(outcome, run);
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
