/**
 * Transactional loads into Redshift, for the Sink node (no n8n imports). One function per table
 * action, a typed options object in, a LoadResult out:
 * - appendLoad, overwriteLoad (atomic: delete or swap), fastOverwriteLoad (TRUNCATE, not atomic),
 *   upsertLoad (dedup, then delete-insert or MERGE), changelogLoad (CDC events, exactly once):
 *   stage to S3, COPY with the staged manifest, all in one transaction, files removed afterwards;
 *   or, with `fill: 'insert'` (no `staging` needed), fill the same table or temporary staging
 *   table by batched multi-row INSERTs inside that transaction (on the Data API the whole load
 *   must fit one BatchExecuteStatement of 40 statements, else it is refused before anything runs);
 * - insertRows: batched multi-row INSERT without S3.
 * `createIfMissing` on any of them creates the table inside the load transaction.
 * Errors: ItemValueError / StagingError (an item's value, before anything ran), LoadSetupError
 * (settings that do not fit the table), LoadFailedError (Redshift refused; the transaction rolled
 * back, with the load-error detail of a failed COPY). errorLocation() reads item and column of any.
 */
export * from './append';
export { requireCaseSensitiveIdentifiers } from './caseSensitivity';
export * from './changelog';
export {
	CHANGELOG_COLUMNS as CHANGE_COLUMNS,
	CDC_POSITIONS_TABLE as POSITIONS_TABLE,
	ROW_POSITION_COLUMN,
	buildReadAppliedPosition as buildReadPosition,
} from '../redshift/sql/changelog';
export { tombstoneTable, toastFillTable } from '../redshift/sql/changelogSideTables';
export { changePosition, EVENTS_PER_COMMIT, type ChangeSource } from './changePosition';
export * from './errors';
export { StagingError } from '../staging/errors';
export * from './insertRows';
export { describeLoadError, readLoadErrors } from './loadErrorDetail';
export * from './overwrite';
export { redshiftTypeForPostgres } from './postgresTypes';
export * from './targetTable';
export * from './types';
export * from './upsert';
