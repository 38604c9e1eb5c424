import { backoffDelayMs } from '../replication/backoff';

export { AckTracker, outcomeAccepted } from './ackTracker';
export type { AckFailure, AckStep, AcknowledgeMode, RunOutcome, RunTicket } from './ackTracker';

/** How long to wait before streaming a failed run again: grows with failures in a row, capped at 5 min. */
export function failureRetryDelayMs(consecutiveFailures: number): number {
	return backoffDelayMs(consecutiveFailures, {
		initialDelayMs: 1_000,
		maxDelayMs: 300_000,
		maxAttempts: Number.POSITIVE_INFINITY,
	});
}
