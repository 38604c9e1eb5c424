import type { SeededRandom } from './random';

/**
 * Where a trial hurts the consumer:
 * - beforeRun: the consumer dies when a run was emitted, before the Sink starts on it;
 * - duringCopy: killed by the local Redshift when the Sink's COPY starts (the load never commits);
 * - afterCommit: dies after the Sink committed, before the trigger acknowledged the run;
 * - randomMoment: killed after a random delay (activation, snapshot, a run, or idle);
 * - copyFails: no kill; the Nth COPY fails, the run fails and the trigger sends it again.
 */
export type KillKind = 'beforeRun' | 'duringCopy' | 'afterCommit' | 'randomMoment' | 'copyFails';

export const KILL_KINDS: KillKind[] = [
	'beforeRun',
	'duringCopy',
	'afterCommit',
	'randomMoment',
	'copyFails',
];

export interface KillPlan {
	kind: KillKind;
	/** The Nth run (or COPY) from the start of the trial, for the counted kinds. */
	ordinal: number;
	/** randomMoment only. */
	delayMs: number;
}

export function pickKillPlan(rng: SeededRandom): KillPlan {
	const kind = rng.weighted<KillKind>([
		['beforeRun', 2],
		['duringCopy', 2],
		['afterCommit', 2],
		['randomMoment', 2],
		['copyFails', 1],
	]);
	return { kind, ordinal: rng.int(1, 4), delayMs: rng.int(0, 5_000) };
}
