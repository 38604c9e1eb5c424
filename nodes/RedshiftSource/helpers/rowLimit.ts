import type { SqlRow } from '../../shared/redshift/connection/types';
import { SourceError } from './errors';

/** The Max Rows failure: how many rows there are, and the outputs that do not hold them all as items. */
export function tooManyRows(
	rowCount: number,
	maxRows: number,
	readMode: 'direct' | 'unload',
): SourceError {
	const alternatives =
		readMode === 'unload'
			? 'set *Output* to Unloaded Files and read them file by file with Read Unloaded File in a Loop Over Items, set *Output* to Binary File'
			: 'set *Read Mode* to Unload with *Output* Unloaded Files (then Read Unloaded File in a Loop Over Items), set *Output* to Binary File';
	return new SourceError(
		`The result has ${rowCount.toLocaleString('en-US')} rows, more than Max Rows (${maxRows.toLocaleString('en-US')}); nothing was returned.`,
		`n8n holds every item of a run in memory: ${alternatives}, narrow the read (filter, limit, an incremental cursor), or raise *Options > Max Rows*.`,
	);
}

/**
 * Collects pages into rows, stopping as soon as there is one row more than allowed (the rest is
 * never fetched); then asks for the full count to say how large the result is.
 */
export async function collectWithinLimit(
	pages: AsyncIterable<SqlRow[]>,
	maxRows: number,
	countRows: () => Promise<number>,
	readMode: 'direct' | 'unload',
): Promise<SqlRow[]> {
	const rows: SqlRow[] = [];
	let exceeded = false;
	for await (const page of pages) {
		for (const row of page) rows.push(row);
		if (rows.length > maxRows) {
			exceeded = true;
			break; // ends the stream: the wire cursor is closed, no further Data API pages are fetched
		}
	}
	if (!exceeded) return rows;
	rows.length = 0;
	throw tooManyRows(await countRows(), maxRows, readMode);
}
