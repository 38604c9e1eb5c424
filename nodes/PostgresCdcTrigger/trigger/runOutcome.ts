import type { IDeferredPromise, IRun } from 'n8n-workflow';

import type { RunOutcome } from '../../shared/cdc/ack';

/**
 * What a settled donePromise means (verified on n8n 2.8.4, see the package README):
 * - it RESOLVES for successful and for failed runs; only `status === 'success'` without
 *   `resultData.error` is a success;
 * - it resolves `undefined` when n8n skipped the run as a duplicate (a deduplication key): nothing ran,
 *   and nothing was lost either, because another run carried these changes;
 * - it REJECTS when the run was cancelled (workflow timeout, stopped from the UI).
 */
export function outcomeOfResolvedRun(run: IRun | undefined): {
	outcome: RunOutcome;
	message?: string;
} {
	if (run === undefined) return { outcome: 'success' };
	const error = run.data?.resultData?.error;
	if (run.status === 'success' && !error) return { outcome: 'success' };
	if (run.status === 'canceled') return { outcome: 'cancelled', message: 'the run was cancelled' };
	return {
		outcome: 'error',
		message: error?.message ?? `the run ended with status "${run.status}"`,
	};
}

export function outcomeOfRejectedRun(error: unknown): { outcome: RunOutcome; message: string } {
	const failure = error instanceof Error ? error : new Error(String(error));
	const timedOut = /timeout|timed out/i.test(`${failure.name} ${failure.message}`);
	return { outcome: timedOut ? 'timedOut' : 'cancelled', message: failure.message };
}

/**
 * Waits for a run's donePromise, at most `timeoutMs`; a run with no outcome by then counts as timed
 * out (n8n queue mode can lose it).
 */
export async function awaitRunOutcome(
	done: IDeferredPromise<IRun>,
	timeoutMs: number,
): Promise<{ outcome: RunOutcome; message?: string }> {
	let timer: NodeJS.Timeout | undefined;
	const timeout = new Promise<'timeout'>((resolve) => {
		timer = setTimeout(() => resolve('timeout'), timeoutMs);
		timer.unref();
	});
	try {
		const run = await Promise.race([done.promise, timeout]);
		return run === 'timeout'
			? { outcome: 'timedOut', message: `no outcome within ${timeoutMs} ms` }
			: outcomeOfResolvedRun(run);
	} catch (error) {
		return outcomeOfRejectedRun(error);
	} finally {
		if (timer) clearTimeout(timer);
	}
}
