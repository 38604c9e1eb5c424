import type { BackendSession, StatementResult } from '../session';

/**
 * "The TRUNCATE command commits the transaction in which it is run" (DG r_TRUNCATE.md): everything
 * before it in the client's transaction is committed with it, and the client's later COMMIT or
 * ROLLBACK finds no transaction (PostgreSQL answers it with a warning, as a no-op).
 */
export async function runTruncate(sql: string, session: BackendSession): Promise<StatementResult> {
	const inTransaction = session.transactionStatus() === 'inTransaction';
	const result = await session.query(sql);
	if (inTransaction) await session.query('COMMIT');
	return { ...result, commandTag: 'TRUNCATE TABLE' };
}
