import {
	DEFAULT_RETRY,
	isRetryableConflict,
	withConflictRetries,
} from '../redshift/connection/retry';
import type { SqlResult, SqlStatement } from '../redshift/connection/types';
import { LoadFailedError } from './errors';
import { redactedMessage } from './log';
import {
	describeLoadError,
	isCopyLoadFailure,
	queryIdFromError,
	readLoadErrors,
	serverText,
	type LineLocator,
} from './loadErrorDetail';
import type { LoadBaseOptions, LoadLog } from './types';

export interface TransactionContext {
	tableKey: string;
	quotedTable: string;
	locate?: LineLocator;
	/** What the target looks like after a failure; default: unchanged (the transaction rolled back). */
	stateAfterFailure?: string;
	log: LoadLog;
}

const UNCHANGED = 'nothing was changed (the transaction was rolled back)';

const CONNECTION_LOST =
	/connection terminated|ECONNRESET|socket hang up|Connection lost|server closed the connection|EPIPE/i;

/**
 * Runs the statements as one transaction, between the user's SQL before and after the load
 * (`options.hooks`). A serializable-isolation (1023) or concurrent-transaction
 * conflict re-runs the whole transaction with backoff; anything else fails at once. A failure
 * becomes a LoadFailedError that says what failed and where, with the load-error detail of a
 * failed COPY, and no credentials.
 */
export async function runLoadTransaction(
	options: LoadBaseOptions,
	statements: readonly SqlStatement[],
	context: TransactionContext,
): Promise<{ results: SqlResult[]; attempts: number }> {
	let attempts = 0;
	const before = options.hooks?.before ?? [];
	const all = [...before, ...statements, ...(options.hooks?.after ?? [])];
	try {
		const results = await withConflictRetries(
			async () => {
				attempts++;
				context.log(
					`Transaction on ${context.quotedTable} (attempt ${attempts}): ${all.length} statement(s)`,
				);
				for (const statement of all) context.log(`SQL: ${statement.text}`);
				const results = await options.connection.transaction(all, { signal: options.signal });
				// The load reads only its own statements' results.
				return results.slice(before.length, before.length + statements.length);
			},
			{
				...DEFAULT_RETRY,
				...options.retry,
				onRetry: (attempt, error) => {
					context.log(
						`Attempt ${attempt} hit a conflict with a concurrent transaction, retrying: ${redactedMessage(error)}`,
					);
					options.retry?.onRetry?.(attempt, error);
				},
			},
		);
		return { results, attempts };
	} catch (error) {
		throw await loadFailure(options, context, error, attempts);
	}
}

/** Turns a failed transaction into an error a person can act on. */
export async function loadFailure(
	options: LoadBaseOptions,
	context: TransactionContext,
	error: unknown,
	attempts: number,
): Promise<LoadFailedError> {
	const state = context.stateAfterFailure ?? UNCHANGED;
	const server = redactedMessage(serverText(error));
	const code = (error as { code?: unknown } | null)?.code;
	const base = {
		table: context.tableKey,
		serverMessage: server,
		code: typeof code === 'string' ? code : undefined,
	};
	if (isCopyLoadFailure(error)) {
		const queryId = queryIdFromError(error);
		const loadErrors = queryId
			? await readLoadErrors(options.connection, queryId, context.locate)
			: [];
		const first = loadErrors[0];
		if (first) {
			const more =
				loadErrors.length > 1
					? ` ${loadErrors.length - 1} more bad row(s) are listed in stl_load_errors for query ${queryId}.`
					: '';
			const described = describeLoadError(first);
			return new LoadFailedError(
				`Loading into ${context.quotedTable} failed, ${state}: ${described}${described.endsWith('.') ? '' : '.'}${more}`,
				{ ...base, loadErrors, itemIndex: first.itemIndex, column: first.column ?? undefined },
			);
		}
		return new LoadFailedError(`Loading into ${context.quotedTable} failed, ${state}: ${server}`, {
			...base,
			loadErrors,
		});
	}
	if (isRetryableConflict(error)) {
		return new LoadFailedError(
			`Loading into ${context.quotedTable} failed after ${attempts} attempt(s), each in conflict with a concurrent transaction; ${state}. Run the load again later, or serialize the writers of this table. Redshift said: ${server}`,
			base,
		);
	}
	if (CONNECTION_LOST.test(server)) {
		return new LoadFailedError(
			`The connection to Redshift was lost during the load into ${context.quotedTable}. Redshift rolls back a transaction that did not commit, so ${state === UNCHANGED ? 'the table is unchanged unless the loss came after COMMIT reached the server' : state}. Check the table before running the load again. (${server})`,
			base,
		);
	}
	return new LoadFailedError(
		`Loading into ${context.quotedTable} failed, ${state}: ${server}`,
		base,
	);
}

/** One statement in its own transaction (conflicts retried), before the load transaction. */
export async function runAlone(
	options: LoadBaseOptions,
	statement: SqlStatement,
	context: TransactionContext,
): Promise<SqlResult> {
	let attempts = 0;
	try {
		return await withConflictRetries(
			async () => {
				attempts++;
				context.log(`SQL: ${statement.text}`);
				return await options.connection.query(statement, { signal: options.signal });
			},
			{ ...DEFAULT_RETRY, ...options.retry },
		);
	} catch (error) {
		throw await loadFailure(
			options,
			{ ...context, stateAfterFailure: 'the load transaction did not start' },
			error,
			attempts,
		);
	}
}
