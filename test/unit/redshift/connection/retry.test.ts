import {
	isRetryableConflict,
	withConflictRetries,
} from '../../../../nodes/shared/redshift/connection/retry';

const conflict = () =>
	Object.assign(new Error('1023'), {
		detail: 'Serializable isolation violation on table - 100001',
	});
const noSleep = { attempts: 3, baseDelayMs: 1, maxDelayMs: 1, sleep: async () => undefined };

describe('conflict retries', () => {
	it('recognises Redshift conflicts and nothing else', () => {
		expect(isRetryableConflict(conflict())).toBe(true);
		expect(
			isRetryableConflict(
				new Error('could not complete because of conflict with concurrent transaction'),
			),
		).toBe(true);
		expect(isRetryableConflict(new Error('relation "t" does not exist'))).toBe(false);
		expect(isRetryableConflict(new Error('10230 rows'))).toBe(false);
	});

	it('re-runs the operation after a conflict and returns its result', async () => {
		let calls = 0;
		const retried: number[] = [];
		const result = await withConflictRetries(
			async () => {
				calls++;
				if (calls < 3) throw conflict();
				return 'done';
			},
			{ ...noSleep, onRetry: (attempt) => retried.push(attempt) },
		);
		expect(result).toBe('done');
		expect(retried).toEqual([1, 2]);
	});

	it('gives up after the bounded number of attempts with the server error', async () => {
		let calls = 0;
		await expect(
			withConflictRetries(async () => {
				calls++;
				throw conflict();
			}, noSleep),
		).rejects.toThrow('1023');
		expect(calls).toBe(3);
	});

	it('fails at once on any other error', async () => {
		let calls = 0;
		await expect(
			withConflictRetries(async () => {
				calls++;
				throw new Error('syntax error at or near "SELEC"');
			}, noSleep),
		).rejects.toThrow('syntax error');
		expect(calls).toBe(1);
	});
});
