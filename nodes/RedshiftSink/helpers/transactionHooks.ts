import type { TransactionHooks } from '../../shared/loads';

/**
 * Transitional: the SQL before/after the load now runs inside the load transaction in the core
 * (`LoadBaseOptions.hooks`, nodes/shared/loads), and the Data API size check is the core's one
 * assertOneDataApiTransaction. This file goes once interfaces.ts and nodeErrors.ts stop importing it.
 */
export type HookStatements = TransactionHooks;

/** @deprecated Nothing throws it any more; the core throws DataApiTransactionTooLargeError. */
export class HookStatementsError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'HookStatementsError';
	}
}
