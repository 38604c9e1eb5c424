import type { IDataObject } from 'n8n-workflow';

import type { ChangelogResult, LoadResult } from '../../shared/loads';
import type { SinkSettings } from './interfaces';

/** The run's summary item: what was loaded where, how, and the ids to look it up in Redshift. */
export function summaryJson(
	result: LoadResult,
	settings: SinkSettings,
	transport: string,
	extra: IDataObject = {},
): IDataObject {
	const changelog = result as Partial<ChangelogResult>;
	return {
		table: result.table,
		tableAction: settings.tableAction,
		writeMode: settings.writeMode,
		method: result.action,
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
