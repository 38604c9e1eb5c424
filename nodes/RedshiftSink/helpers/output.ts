import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	IPairedItemData,
	NodeOperationError,
} from 'n8n-workflow';

import type { ChangelogResult, LoadResult } from '../../shared/loads';
import type { ToNodeError } from './continueOnFail';
import type { SinkRun, SinkSettings } from './interfaces';

/** What an operation produced: its output items, and the loads behind them (for their warnings). */
export interface SinkOutcome {
	items: INodeExecutionData[];
	results: LoadResult[];
}

/** What the router calls for every operation: all the input items in, the output items out. */
export type SinkOperationExecute = (
	context: IExecuteFunctions,
	run: SinkRun,
	items: readonly INodeExecutionData[],
	toNodeError: ToNodeError,
) => Promise<SinkOutcome>;

export const paired = (indexes: readonly number[]): IPairedItemData[] =>
	indexes.map((item) => ({ item }));

/** The run's summary of one load: what was loaded where, how, and the ids to look it up in Redshift. */
export function summaryJson(
	result: LoadResult,
	settings: SinkSettings,
	transport: 'wire' | 'dataApi',
	extra: IDataObject = {},
): IDataObject {
	const changelog = result as Partial<ChangelogResult>;
	return {
		table: result.table,
		operation: settings.operation,
		writeMode: settings.writeMode,
		...(result.overwriteMethod ? { overwriteMethod: result.overwriteMethod } : {}),
		transport,
		rowsLoaded: result.rowsLoaded,
		itemsRead: result.itemsRead,
		files: result.files,
		bytes: result.bytes,
		durationMs: result.durationMs,
		attempts: result.attempts,
		tableCreated: result.tableCreated,
		queryIds: result.queryIds,
		statementIds: result.statementIds,
		...(result.manifestUrl ? { manifestUrl: result.manifestUrl } : {}),
		stagedFilesKept: result.stagedFilesKept,
		warnings: result.warnings,
		...(changelog.position !== undefined
			? {
					changes: changelog.changes,
					position: changelog.position,
					columnsAdded: changelog.columnsAdded,
				}
			: {}),
		...extra,
	};
}

/** An item for an error that "continue on fail" turns into output, paired with the items it concerns. */
export function errorItem(
	error: NodeOperationError,
	indexes: readonly number[],
): INodeExecutionData {
	return {
		json: {
			error: error.message,
			...(error.description ? { description: error.description } : {}),
			...(error.context.itemIndex !== undefined
				? { itemIndex: error.context.itemIndex as number }
				: {}),
		},
		error,
		pairedItem: paired(indexes),
	};
}
