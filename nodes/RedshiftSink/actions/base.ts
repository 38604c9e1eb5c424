import type { LoadBaseOptions } from '../../shared/loads';
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
		log: run.log,
		signal: run.signal,
	};
}

export function stagingOf(run: SinkRun) {
	if (!run.staging) throw new Error('Copy write mode needs staging settings.');
	return run.staging;
}
