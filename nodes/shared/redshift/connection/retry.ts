/**
 * Redshift aborts one side of a conflicting pair of transactions; re-running the whole
 * transaction is AWS's advice. Anything else fails at once with the server's message.
 */
const RETRYABLE = [
	/^1023\b/, // serializable isolation violation (message is just "1023")
	/serializable isolation violation/i,
	/conflict with concurrent transaction/i,
	/^1018\b/, // relation created or dropped concurrently, not in this snapshot
];

export function isRetryableConflict(error: unknown): boolean {
	const message = error instanceof Error ? error.message : String(error);
	const detail = (error as { detail?: unknown } | undefined)?.detail;
	return RETRYABLE.some(
		(pattern) => pattern.test(message) || (typeof detail === 'string' && pattern.test(detail)),
	);
}

export interface RetryOptions {
	/** Total attempts including the first. */
	attempts: number;
	baseDelayMs: number;
	maxDelayMs: number;
	sleep?: (ms: number) => Promise<void>;
	/** Called before each retry, e.g. to log it. */
	onRetry?: (attempt: number, error: unknown) => void;
}

export const DEFAULT_RETRY: RetryOptions = { attempts: 4, baseDelayMs: 250, maxDelayMs: 4000 };

const defaultSleep = async (ms: number) =>
	await new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Runs `operation` again, with jittered exponential backoff, while it fails with a retryable conflict. */
export async function withConflictRetries<T>(
	operation: () => Promise<T>,
	options: RetryOptions = DEFAULT_RETRY,
): Promise<T> {
	const sleep = options.sleep ?? defaultSleep;
	for (let attempt = 1; ; attempt++) {
		try {
			return await operation();
		} catch (error) {
			if (attempt >= options.attempts || !isRetryableConflict(error)) throw error;
			options.onRetry?.(attempt, error);
			const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (attempt - 1));
			await sleep(ceiling / 2 + Math.random() * (ceiling / 2));
		}
	}
}
