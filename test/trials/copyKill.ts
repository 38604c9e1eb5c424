import type { FaultInjector } from '../../redshift-local/engine/faults';

/**
 * Kills the consumer when the local Redshift starts the Nth COPY from now: the COPY runs on for a
 * client that is gone, and its transaction never commits. Wraps the injector's COPY hook on this
 * instance only; the returned function takes the wrapper off again.
 */
export function killAtCopy(faults: FaultInjector, ordinal: number, kill: () => void): () => void {
	const original = faults.beforeCopy.bind(faults);
	let seen = 0;
	faults.beforeCopy = () => {
		seen += 1;
		if (seen === ordinal) kill();
		original();
	};
	return () => {
		faults.beforeCopy = original;
	};
}

/** Calls `onFailure` when the injector fails a COPY (an armed `failCopy`); the returned function takes the watch off. */
export function watchCopyFailures(faults: FaultInjector, onFailure: () => void): () => void {
	const original = faults.beforeCopy.bind(faults);
	faults.beforeCopy = () => {
		try {
			original();
		} catch (error) {
			onFailure();
			throw error;
		}
	};
	return () => {
		faults.beforeCopy = original;
	};
}
