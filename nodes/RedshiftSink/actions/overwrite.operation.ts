import {
	describeTable,
	fastOverwriteLoad,
	insertRows,
	overwriteLoad,
	type LoadItem,
	type LoadResult,
} from '../../shared/loads';
import { buildDeleteAllRows, buildTruncate } from '../../shared/redshift/sql/overwrite';
import type { TableRef } from '../../shared/redshift/sql/identifiers';
import type { SinkRun } from '../helpers/interfaces';
import { withHookStatements } from '../helpers/transactionHooks';
import { fillOf, loadBase, stagingOf } from './base';

/** Overwrite: replace every row, atomically (delete or swap) or fast (truncate, not atomic). */
export async function execute(
	run: SinkRun,
	table: TableRef,
	rows: LoadItem[],
): Promise<LoadResult> {
	const { settings } = run;
	if (settings.writeMode === 'copy') {
		const options = {
			...loadBase(run, table),
			items: rows,
			staging: stagingOf(run),
			copy: settings.copy,
		};
		if (settings.overwriteMethod === 'truncate') return await fastOverwriteLoad(options);
		return await overwriteLoad({ ...options, method: settings.overwriteMethod });
	}
	if (settings.overwriteMethod === 'swap') {
		// The new table is filled by INSERTs in the swap's own transaction.
		return await overwriteLoad({
			...loadBase(run, table),
			items: rows,
			...fillOf(run),
			method: 'swap',
		});
	}
	const identifiers = { caseSensitive: settings.caseSensitive };
	const exists = (await describeTable(run.connection, table, identifiers)) !== undefined;
	const base = loadBase(run, table);
	let connection = base.connection;
	if (exists && settings.overwriteMethod === 'truncate') {
		// TRUNCATE commits on its own in Redshift, before the inserts: fast, not atomic.
		run.log(`SQL: ${buildTruncate(table, identifiers)}`);
		await run.connection.query({ text: buildTruncate(table, identifiers) }, { signal: run.signal });
	} else if (exists) {
		// DELETE opens the insert transaction, so the old rows go only if the new ones commit.
		connection = withHookStatements(run.connection, {
			before: [{ text: buildDeleteAllRows(table, identifiers) }, ...settings.hooks.before],
			after: settings.hooks.after,
		});
	}
	const result = await insertRows({
		...base,
		connection,
		items: rows,
		batchSize: settings.batchSize,
		nulBytes: settings.nulBytes,
	});
	return {
		...result,
		action: settings.overwriteMethod === 'truncate' ? 'fastOverwrite' : 'overwrite',
	};
}
