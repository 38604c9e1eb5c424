import type { BackendSession } from '../session';

/**
 * On Redshift any error inside a transaction block aborts the transaction: later statements fail
 * until ROLLBACK. A handler's own error (a syntax error it reports, an S3 failure) never reached
 * PostgreSQL, so this makes PostgreSQL's transaction fail too before passing the error on.
 */
export async function abortTransactionOnError<T>(
	session: BackendSession,
	work: () => Promise<T>,
): Promise<T> {
	try {
		return await work();
	} catch (error) {
		if (session.transactionStatus() === 'inTransaction') {
			await session
				.query(
					`DO $$ BEGIN RAISE EXCEPTION 'the previous statement failed; the transaction is aborted'; END $$`,
				)
				.catch(() => undefined);
		}
		throw error;
	}
}
