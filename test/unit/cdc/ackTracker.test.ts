import { AckTracker, failureRetryDelayMs, type RunOutcome } from '../../../nodes/shared/cdc/ack';

/** The acknowledgement rule: only the contiguous prefix of acceptably finished runs, at commit ends. */
describe('AckTracker', () => {
	it('acknowledges a single successful run at its last commit end', () => {
		const tracker = new AckTracker({ acknowledgedLsn: 100n });
		const { ticket, step } = tracker.registerRun([150n, 200n]);
		expect(step).toEqual({});
		expect(tracker.settle(ticket, 'success')).toEqual({ acknowledge: 200n });
		expect(tracker.acknowledgedLsn).toBe(200n);
		expect(tracker.pending).toBe(0);
	});

	it('waits for earlier runs when later runs finish first, then acknowledges the whole prefix', () => {
		const tracker = new AckTracker();
		const first = tracker.registerRun([10n]).ticket;
		const second = tracker.registerRun([20n]).ticket;
		const third = tracker.registerRun([30n]).ticket;
		expect(tracker.settle(third, 'success')).toEqual({});
		expect(tracker.settle(second, 'success')).toEqual({});
		expect(tracker.acknowledgedLsn).toBe(0n);
		expect(tracker.settle(first, 'success')).toEqual({ acknowledge: 30n });
	});

	it('acknowledges only up to a run that is still running', () => {
		const tracker = new AckTracker();
		const first = tracker.registerRun([10n]).ticket;
		tracker.registerRun([20n]);
		const third = tracker.registerRun([30n]).ticket;
		expect(tracker.settle(first, 'success')).toEqual({ acknowledge: 10n });
		expect(tracker.settle(third, 'success')).toEqual({});
		expect(tracker.acknowledgedLsn).toBe(10n);
		expect(tracker.pending).toBe(2);
	});

	it('never acknowledges the middle of a large transaction split over several runs', () => {
		const tracker = new AckTracker({ acknowledgedLsn: 5n });
		const partA = tracker.registerRun([]).ticket; // rows 1..1000 of a transaction
		const partB = tracker.registerRun([]).ticket; // rows 1001..2000
		const end = tracker.registerRun([77n]).ticket; // the rest and its commit
		expect(tracker.settle(partA, 'success')).toEqual({});
		expect(tracker.settle(partB, 'success')).toEqual({});
		expect(tracker.acknowledgedLsn).toBe(5n);
		expect(tracker.settle(end, 'success')).toEqual({ acknowledge: 77n });
	});

	it('blocks at a failed run: nothing after it is acknowledged, even successes', () => {
		const tracker = new AckTracker();
		const first = tracker.registerRun([10n]).ticket;
		const failing = tracker.registerRun([20n]).ticket;
		const third = tracker.registerRun([30n]).ticket;
		expect(tracker.settle(first, 'success')).toEqual({ acknowledge: 10n });
		const failedStep = tracker.settle(failing, 'error', 'boom in node X');
		expect(failedStep.failed).toMatchObject({
			outcome: 'error',
			runEndLsn: 20n,
			acknowledgedLsn: 10n,
			message: 'boom in node X',
		});
		expect(tracker.settle(third, 'success')).toEqual({});
		expect(tracker.registerPassThrough(40n)).toEqual({});
		expect(tracker.acknowledgedLsn).toBe(10n);
		expect(tracker.failure?.ticket).toEqual(failing);
		expect(tracker.consecutiveFailures).toBe(1);
	});

	it('reports only the first failure as the blocker but counts every failure', () => {
		const tracker = new AckTracker();
		const a = tracker.registerRun([10n]).ticket;
		const b = tracker.registerRun([20n]).ticket;
		expect(tracker.settle(b, 'cancelled').failed?.ticket).toEqual(b);
		expect(tracker.settle(a, 'error')).toEqual({});
		expect(tracker.failure?.ticket).toEqual(b);
		expect(tracker.consecutiveFailures).toBe(2);
	});

	it('still acknowledges runs before the failed one when they finish after it failed', () => {
		const tracker = new AckTracker();
		const early = tracker.registerRun([10n]).ticket;
		const failing = tracker.registerRun([20n]).ticket;
		const late = tracker.registerRun([30n]).ticket;
		expect(tracker.settle(failing, 'error').failed?.acknowledgedLsn).toBe(0n);
		expect(tracker.settle(late, 'success')).toEqual({});
		expect(tracker.settle(early, 'success')).toEqual({ acknowledge: 10n });
		expect(tracker.acknowledgedLsn).toBe(10n);
	});

	it.each<[RunOutcome, boolean]>([
		['success', true],
		['error', false],
		['cancelled', false],
		['timedOut', false],
	])('afterSuccess: a run that ended with %s acknowledges: %s', (outcome, acknowledges) => {
		const tracker = new AckTracker({ mode: 'afterSuccess' });
		const { ticket } = tracker.registerRun([10n]);
		const step = tracker.settle(ticket, outcome);
		expect(step.acknowledge).toBe(acknowledges ? 10n : undefined);
		expect(step.failed !== undefined).toBe(!acknowledges);
	});

	it.each<[RunOutcome, boolean]>([
		['success', true],
		['error', true],
		['cancelled', true],
		['timedOut', false],
	])('afterCompletion: a run that ended with %s acknowledges: %s', (outcome, acknowledges) => {
		const tracker = new AckTracker({ mode: 'afterCompletion' });
		const { ticket } = tracker.registerRun([10n]);
		expect(tracker.settle(ticket, outcome).acknowledge).toBe(acknowledges ? 10n : undefined);
	});

	it('immediately: acknowledges at registration, in order, and ignores settlements', () => {
		const tracker = new AckTracker({ mode: 'immediately' });
		const first = tracker.registerRun([10n]);
		expect(first.step).toEqual({ acknowledge: 10n });
		expect(tracker.registerRun([]).step).toEqual({});
		expect(tracker.registerRun([30n]).step).toEqual({ acknowledge: 30n });
		expect(tracker.settle(first.ticket, 'error')).toEqual({});
		expect(tracker.failure).toBeUndefined();
		expect(tracker.pending).toBe(0);
	});

	it('acknowledges a heartbeat as soon as no earlier run is pending', () => {
		const tracker = new AckTracker({ acknowledgedLsn: 1n });
		expect(tracker.registerPassThrough(5n)).toEqual({ acknowledge: 5n });
		const run = tracker.registerRun([10n]).ticket;
		expect(tracker.registerPassThrough(15n)).toEqual({});
		expect(tracker.settle(run, 'success')).toEqual({ acknowledge: 15n });
	});

	it('ignores a second settlement, unknown tickets and settlements from before a reset', () => {
		const tracker = new AckTracker();
		const run = tracker.registerRun([10n]).ticket;
		expect(tracker.settle(run, 'success')).toEqual({ acknowledge: 10n });
		expect(tracker.settle(run, 'error')).toEqual({});
		expect(tracker.settle({ id: 999, generation: run.generation }, 'success')).toEqual({});
		const stale = tracker.registerRun([20n]).ticket;
		tracker.reset();
		expect(tracker.settle(stale, 'success')).toEqual({});
		expect(tracker.acknowledgedLsn).toBe(10n);
	});

	it('after a failure and reset, the redelivered runs acknowledge normally and the failure count clears on progress', () => {
		const tracker = new AckTracker();
		const failing = tracker.registerRun([20n]).ticket;
		tracker.settle(failing, 'error');
		tracker.reset(tracker.acknowledgedLsn);
		expect(tracker.failure).toBeUndefined();
		expect(tracker.consecutiveFailures).toBe(1);
		const again = tracker.registerRun([20n]).ticket;
		expect(tracker.settle(again, 'success')).toEqual({ acknowledge: 20n });
		expect(tracker.consecutiveFailures).toBe(0);
	});

	it('never moves backward: reset to a lower position keeps the higher one', () => {
		const tracker = new AckTracker({ acknowledgedLsn: 50n });
		tracker.reset(10n);
		expect(tracker.acknowledgedLsn).toBe(50n);
		tracker.reset(60n);
		expect(tracker.acknowledgedLsn).toBe(60n);
	});

	it('refuses positions registered out of stream order', () => {
		const tracker = new AckTracker();
		tracker.registerRun([30n]);
		expect(() => tracker.registerRun([20n])).toThrow(/registered in stream order/);
		expect(() => tracker.registerPassThrough(25n)).toThrow(/after a stream restart call reset/);
	});

	it('agrees with a brute-force model on random interleavings of registrations and settlements', () => {
		let seed = 12345;
		const random = () => {
			seed = (seed * 1103515245 + 12345) % 2 ** 31;
			return seed / 2 ** 31;
		};
		for (let round = 0; round < 300; round += 1) {
			const mode = (['afterSuccess', 'afterCompletion'] as const)[round % 2];
			const tracker = new AckTracker({ mode });
			const runs: Array<{
				position?: bigint;
				outcome?: RunOutcome;
				ticket: ReturnType<AckTracker['registerRun']>['ticket'];
			}> = [];
			let lsn = 0n;
			let lastAcknowledged = 0n;
			const outcomes: RunOutcome[] = [
				'success',
				'success',
				'success',
				'error',
				'cancelled',
				'timedOut',
			];
			for (let step = 0; step < 40; step += 1) {
				const unsettled = runs.filter((run) => run.outcome === undefined);
				if (unsettled.length === 0 || random() < 0.5) {
					const complete = random() < 0.8;
					lsn += BigInt(1 + Math.floor(random() * 10));
					const position = complete ? lsn : undefined;
					runs.push({
						position,
						ticket: tracker.registerRun(position === undefined ? [] : [position]).ticket,
					});
				} else {
					const run = unsettled[Math.floor(random() * unsettled.length)];
					run.outcome = outcomes[Math.floor(random() * outcomes.length)];
					const result = tracker.settle(run.ticket, run.outcome);
					if (result.acknowledge !== undefined) {
						expect(result.acknowledge).toBeGreaterThan(lastAcknowledged);
						lastAcknowledged = result.acknowledge;
					}
				}
				// Model: walk the prefix of runs that finished acceptably.
				const accepted = (outcome?: RunOutcome) =>
					outcome === 'success' ||
					(mode === 'afterCompletion' && (outcome === 'error' || outcome === 'cancelled'));
				let expected = 0n;
				for (const run of runs) {
					if (!accepted(run.outcome)) break;
					if (run.position !== undefined) expected = run.position;
				}
				expect(tracker.acknowledgedLsn).toBe(expected);
				expect(tracker.acknowledgedLsn).toBe(lastAcknowledged);
			}
		}
	});

	it('spaces out retries after failures, growing and capped', () => {
		const first = failureRetryDelayMs(1);
		expect(first).toBeGreaterThanOrEqual(500);
		expect(first).toBeLessThanOrEqual(1_000);
		expect(failureRetryDelayMs(40)).toBeLessThanOrEqual(300_000);
		expect(failureRetryDelayMs(40)).toBeGreaterThanOrEqual(150_000);
	});
});
