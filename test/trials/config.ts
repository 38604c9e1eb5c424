/** What `npm run test:trials` reads from the environment; every setting has a default. */
export interface TrialsConfig {
	seed: number;
	/** Trials per scenario (each ends with at most one kill of the consumer). */
	trials: number;
	/** The Max Runs in Flight values to run, one scenario each. */
	maxRunsInFlight: number[];
	/** How long one trial may wait for the consumer to catch up before the scenario counts as stalled. */
	trialDeadlineMs: number;
	/** How long the final catch-up may take. */
	finalDeadlineMs: number;
	/** Print the consumer's runs and errors as they happen. */
	verbose: boolean;
	/** False: the same workload with no kill point (a control run: losses then are not crash-related). */
	kills: boolean;
}

function wholeNumber(name: string, fallback: number, minimum: number): number {
	const raw = process.env[name];
	if (raw === undefined || raw.trim() === '') return fallback;
	const value = Number(raw);
	if (!Number.isInteger(value) || value < minimum) {
		throw new Error(`${name}=${raw} is not a whole number of at least ${minimum}.`);
	}
	return value;
}

export function readTrialsConfig(): TrialsConfig {
	const seed = wholeNumber('TRIALS_SEED', Math.floor(Math.random() * 2 ** 31), 0);
	const inFlight = (process.env.TRIALS_MAX_RUNS_IN_FLIGHT ?? '1,4')
		.split(',')
		.map((part) => part.trim())
		.filter((part) => part !== '')
		.map(Number);
	if (inFlight.length === 0 || inFlight.some((value) => !Number.isInteger(value) || value < 1)) {
		throw new Error(
			`TRIALS_MAX_RUNS_IN_FLIGHT=${process.env.TRIALS_MAX_RUNS_IN_FLIGHT} must list whole numbers of at least 1, e.g. 1,4.`,
		);
	}
	return {
		seed,
		trials: wholeNumber('TRIALS', 50, 1),
		maxRunsInFlight: inFlight,
		trialDeadlineMs: wholeNumber('TRIALS_TRIAL_DEADLINE_MS', 60_000, 1_000),
		finalDeadlineMs: wholeNumber('TRIALS_FINAL_DEADLINE_MS', 180_000, 1_000),
		verbose: process.env.TRIALS_VERBOSE === '1',
		kills: process.env.TRIALS_KILLS !== '0',
	};
}
