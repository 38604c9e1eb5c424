import type { BackoffOptions } from './types';

export const DEFAULT_BACKOFF: BackoffOptions = {
	initialDelayMs: 500,
	maxDelayMs: 30_000,
	maxAttempts: Number.POSITIVE_INFINITY,
};

/**
 * Delay before retry number `attempt` (1-based): exponential, capped, with "full jitter" in the
 * upper half so many triggers that lost the same server do not reconnect in lockstep.
 */
export function backoffDelayMs(
	attempt: number,
	options: BackoffOptions = DEFAULT_BACKOFF,
	random: () => number = Math.random,
): number {
	const exponent = Math.min(Math.max(attempt - 1, 0), 30);
	const ceiling = Math.min(options.maxDelayMs, options.initialDelayMs * 2 ** exponent);
	return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

export function resolveBackoff(partial: Partial<BackoffOptions> | undefined): BackoffOptions {
	return { ...DEFAULT_BACKOFF, ...partial };
}

/** A sleep that `cancel()` ends early (used so close() does not wait out a long backoff). */
export function cancellableDelay(ms: number): { promise: Promise<void>; cancel(): void } {
	let timer: NodeJS.Timeout | undefined;
	let finish: () => void = () => {};
	const promise = new Promise<void>((resolve) => {
		finish = resolve;
		timer = setTimeout(resolve, ms);
	});
	return {
		promise,
		cancel() {
			if (timer) clearTimeout(timer);
			finish();
		},
	};
}
