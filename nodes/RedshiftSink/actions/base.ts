import type { LoadBaseOptions, StagedLoadOptions } from '../../shared/loads';
import type { SinkRun } from '../helpers/interfaces';

/** What every core load takes for one target table, the write mode included; only the rows differ. */
export type SinkLoadOptions = LoadBaseOptions &
	Pick<StagedLoadOptions, 'writeMode' | 'staging' | 'copy' | 'insert'>;

/**
 * The settings as the core's load options for one table (default: the Table parameter), under the
 * core's names: the write mode, the SQL
 * before/after the load (run in its transaction), and how the rows get there (INSERT batches, or
 * S3 staging and COPY).
 */
export function loadOptions(run: SinkRun, table = run.settings.table): SinkLoadOptions {
	const { settings } = run;
	if (!table) throw new Error('No target table: the settings reader requires one.');
	return {
		connection: run.connection,
		table,
		hooks: settings.hooks,
		createIfMissing: settings.createIfMissing,
		extraFields: settings.extraFields,
		caseSensitive: settings.caseSensitive,
		superStringsAreJson: settings.superStringsAreJson,
		columnFit: settings.columnFit,
		log: run.log,
		signal: run.signal,
		writeMode: settings.writeMode,
		...(settings.writeMode === 'insert'
			? { insert: { batchSize: settings.batchSize, nulBytes: settings.nulBytes } }
			: { staging: stagingOf(run), copy: settings.copy }),
	};
}

function stagingOf(run: SinkRun) {
	if (!run.staging) throw new Error('Write mode Copy needs the S3 staging settings.');
	return run.staging;
}
