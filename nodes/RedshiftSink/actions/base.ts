import type { LoadBaseOptions, StagedLoadOptions } from '../../shared/loads';
import type { TableRef } from '../../shared/redshift/sql/identifiers';
import type { SinkRun } from '../helpers/interfaces';
import { withHookStatements } from '../helpers/transactionHooks';

/** The options every core load takes, for one target table. */
export function loadBase(run: SinkRun, table: TableRef): LoadBaseOptions {
	const { settings } = run;
	return {
		connection: withHookStatements(run.connection, settings.hooks),
		table,
		createIfMissing: settings.createIfMissing === false ? false : settings.createIfMissing,
		extraFields: settings.extraFields,
		caseSensitive: settings.caseSensitive,
		superStringsAreJson: settings.superStringsAreJson,
		columnFit: settings.columnFit,
		log: run.log,
		signal: run.signal,
	};
}

/**
 * How a staged load gets its rows: COPY of files staged in S3, or (write mode Insert) batched
 * INSERTs into the same staging table inside the load transaction. The SQL before/after the load
 * shares that transaction, so it counts against the Data API's 40 statements.
 */
export function fillOf(
	run: SinkRun,
): Pick<StagedLoadOptions, 'fill' | 'staging' | 'copy' | 'insert'> {
	const { settings } = run;
	if (settings.writeMode === 'insert') {
		return {
			fill: 'insert',
			insert: {
				batchSize: settings.batchSize,
				nulBytes: settings.nulBytes,
				extraStatements: settings.hooks.before.length + settings.hooks.after.length,
			},
		};
	}
	return { fill: 'copy', staging: stagingOf(run), copy: settings.copy };
}

export function stagingOf(run: SinkRun) {
	if (!run.staging) throw new Error('Copy write mode needs staging settings.');
	return run.staging;
}
