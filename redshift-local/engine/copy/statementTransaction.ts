import type { BackendSession } from '../session';
import { SYSTEM_SCHEMA } from '../systemSchema';

/**
 * Runs a handler's several PostgreSQL statements as ONE Redshift statement. Outside a
 * transaction it gets its own (all or nothing, like autocommit). Inside the client's
 * transaction a failure aborts that transaction, as any failed statement does on Redshift,
 * so the client must ROLLBACK and nothing the transaction did survives.
 */
export async function asOneStatement<T>(
	session: BackendSession,
	work: () => Promise<T>,
): Promise<T> {
	const status = session.transactionStatus();
	// PostgreSQL's own "current transaction is aborted" error, exactly as the client expects it
	if (status === 'failed') await session.query('SELECT 1');
	const ownTransaction = status === 'idle';
	if (ownTransaction) await session.query('BEGIN');
	try {
		const result = await work();
		if (ownTransaction) await session.query('COMMIT');
		return result;
	} catch (error) {
		if (ownTransaction) {
			if (session.transactionStatus() !== 'idle')
				await session.query('ROLLBACK').catch(() => undefined);
		} else if (session.transactionStatus() === 'inTransaction') {
			await session
				.query(`SELECT ${SYSTEM_SCHEMA}.copy_abort($1)`, [
					(error as Error).message ?? 'COPY failed',
				])
				.catch(() => undefined);
		}
		throw error;
	}
}
