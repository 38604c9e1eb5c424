/**
 * Transactional loads into Redshift, for the Sink node (no n8n imports). One function per
 * operation, a typed options object in (the write mode under `writeMode`), a LoadResult out:
 * - appendLoad, overwriteLoad (method delete or swap: atomic; truncate: not atomic), upsertLoad
 *   (dedup, then delete-insert or MERGE), changelogLoad (CDC events, exactly once): stage to S3,
 *   COPY with the staged manifest, all in one transaction, files removed afterwards; or, with
 *   `writeMode: 'insert'` (no `staging` needed), fill the same table or temporary staging table by
 *   batched multi-row INSERTs inside that transaction. A load that must be one transaction has to
 *   fit one Data API BatchExecuteStatement of 40 statements, SQL before/after included
 *   (`hooks`): assertOneDataApiTransaction refuses it before anything runs;
 * - insertRows: batched multi-row INSERT without S3 (Append and Overwrite by truncate in write
 *   mode Insert; on the Data API in groups of 40 statements unless there are hooks).
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
export { assertOneDataApiTransaction, DataApiTransactionTooLargeError } from './dataApiTransaction';
export { StagingError } from '../staging/errors';
export * from './insertRows';
export { describeLoadError, readLoadErrors } from './loadErrorDetail';
export * from './overwrite';
export { redshiftTypeForPostgres } from './postgresTypes';
export * from './targetTable';
export * from './types';
export * from './upsert';
