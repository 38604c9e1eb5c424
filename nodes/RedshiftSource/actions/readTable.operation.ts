import type { INodeExecutionData } from 'n8n-workflow';

import { SourceError } from '../helpers/errors';
import { readStatement, type SourceRun } from '../helpers/readStatement';
import { buildTableSelect } from '../helpers/selectStatement';

/** Read Table: one SELECT built from the pickers, the filter (as parameters), order and limit. */
export async function execute(run: SourceRun): Promise<INodeExecutionData[]> {
	const read = run.settings.tableRead;
	if (!read) throw new Error('Read Table without its settings; this is a bug in the node.');
	if (run.settings.incremental && read.sort.length > 0)
		throw new SourceError(
			'Sort cannot be combined with an incremental read: incremental reads come in cursor order (then key order), so that the node knows where it stopped.',
			'Remove the rules in *Sort*, or clear *Options > Incremental: Cursor Column*.',
		);
	if (run.settings.incremental?.keyColumns.length === 0 && read.limit !== undefined)
		// The next run starts strictly past the last value read: rows sharing it beyond the limit
		// would never be read.
		throw new SourceError(
			'A Limit cannot be combined with an incremental read without key columns: rows sharing the last cursor value beyond the limit would be skipped by the next run.',
			'Set *Options > Incremental: Key Columns* (the next run then reads that value again and drops the rows already returned), or turn on *Return All*.',
		);
	return await readStatement(run, (bound) => buildTableSelect(read, bound));
}
