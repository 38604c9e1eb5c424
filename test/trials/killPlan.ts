import type { SeededRandom } from './random';

/**
 * Where a trial hurts the consumer:
 * - beforeRun: the consumer dies when a run was emitted, before the Sink starts on it;
 * - duringCopy: killed by the local Redshift when the Sink's COPY starts (the load never commits);
 * - afterCommit: dies after the Sink committed, before the trigger acknowledged the run;
 * - randomMoment: killed after a random delay (activation, snapshot, a run, or idle);
 * - copyFails: no kill; the Nth COPY fails, the run fails and the trigger sends it again;
 * - none: the control (TRIALS_KILLS=0).
 */
export type KillKind =
	| 'beforeRun'
	| 'duringCopy'
	| 'afterCommit'
	| 'randomMoment'
	| 'copyFails'
	| 'none';

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

/** The plan of one trial; drawn even without kills, so the workload and plan streams stay as the seed gives them. */
export function pickKillPlan(rng: SeededRandom, kills = true): KillPlan {
	const kind = rng.weighted<KillKind>([
		['beforeRun', 2],
		['duringCopy', 2],
		['afterCommit', 2],
		['randomMoment', 2],
		['copyFails', 1],
	]);
	return { kind: kills ? kind : 'none', ordinal: rng.int(1, 4), delayMs: rng.int(0, 5_000) };
}
