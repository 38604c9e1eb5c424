import type { BackendSession } from '../session';

/**
 * Runs several statements as one: inside the client's transaction when there is one (so its
 * ROLLBACK undoes them), otherwise inside a transaction of their own, as Redshift runs one
 * autocommitted statement.
 */
export async function atomically<T>(session: BackendSession, work: () => Promise<T>): Promise<T> {
	if (session.transactionStatus() !== 'idle') return await work();
	await session.query('BEGIN');
	try {
		const result = await work();
		await session.query('COMMIT');
		return result;
	} catch (error) {
		if (session.transactionStatus() !== 'idle')
			await session.query('ROLLBACK').catch(() => undefined);
		throw error;
	}
}
