import { ChangeBatcher } from '../../../nodes/shared/cdc/batching/batcher';
import type { Batch, BatchTimers, BatchingOptions } from '../../../nodes/shared/cdc/batching/types';

/** Timers the test fires by hand: no waiting, no timing thresholds. */
class ManualTimers implements BatchTimers {
	private pending = new Map<number, { callback: () => void; ms: number }>();
	private nextId = 1;

	set(callback: () => void, ms: number): unknown {
		const id = this.nextId++;
		this.pending.set(id, { callback, ms });
		return id;
	}

	clear(handle: unknown): void {
		this.pending.delete(handle as number);
	}

	get armed(): number[] {
		return [...this.pending.values()].map((timer) => timer.ms);
	}

	fireAll(): void {
		const due = [...this.pending.entries()];
		this.pending.clear();
		for (const [, timer] of due) timer.callback();
	}
}

function setup(options: Partial<BatchingOptions> = {}) {
	const batches: Array<Batch<string>> = [];
	const timers = new ManualTimers();
	const batcher = new ChangeBatcher<string>(
		{ mode: 'rows', maxRows: 3, maxWaitMs: 500, ...options },
		(batch) => batches.push(batch),
		timers,
	);
	const transaction = (endLsn: bigint, ...events: string[]) => {
		batcher.push({ kind: 'begin' });
		for (const event of events) batcher.push({ kind: 'event', event });
		batcher.push({ kind: 'commit', endLsn });
	};
	return { batches, timers, batcher, transaction };
}

describe('ChangeBatcher, rows mode', () => {
	it('cuts at max rows across transactions and acknowledges only completed commits', () => {
		const { batches, transaction } = setup();
		transaction(100n, 'a1', 'a2');
		transaction(200n, 'b1', 'b2');
		transaction(300n, 'c1', 'c2');

		expect(batches.map((b) => b.events)).toEqual([['a1', 'a2', 'b1'], ['b2', 'c1', 'c2'], []]);
		// Batch 1 holds all of transaction A but only part of B: only A's commit may be acknowledged.
		expect(batches[0]).toMatchObject({
			seq: 1,
			ackLsn: 100n,
			endsInsideTransaction: true,
			reason: 'maxRows',
		});
		// Batch 2 was cut when C's third row arrived, before C's commit; B's commit came inside it.
		expect(batches[1]).toMatchObject({ seq: 2, ackLsn: 200n, endsInsideTransaction: true });
		// C's commit then arrives with nothing waiting: a position-only batch acknowledges C in order.
		expect(batches[2]).toMatchObject({
			seq: 3,
			ackLsn: 300n,
			endsInsideTransaction: false,
			reason: 'commit',
		});
	});

	it('hands on the commit of a transaction whose rows all went out earlier as a position-only batch', () => {
		const { batches, transaction } = setup({ maxRows: 2 });
		transaction(100n, 'a1', 'a2');

		expect(batches).toHaveLength(2);
		expect(batches[0]).toMatchObject({
			events: ['a1', 'a2'],
			ackLsn: undefined,
			endsInsideTransaction: true,
		});
		expect(batches[1]).toMatchObject({
			events: [],
			ackLsn: 100n,
			reason: 'commit',
			endsInsideTransaction: false,
		});
	});

	it('cuts a partial batch when the max wait elapses after its first event', () => {
		const { batches, timers, batcher } = setup();
		batcher.push({ kind: 'begin' });
		batcher.push({ kind: 'event', event: 'a1' });
		expect(timers.armed).toEqual([500]);
		batcher.push({ kind: 'commit', endLsn: 100n });
		expect(batches).toHaveLength(0);

		timers.fireAll();
		expect(batches).toEqual([
			{ seq: 1, events: ['a1'], ackLsn: 100n, endsInsideTransaction: false, reason: 'maxWait' },
		]);
	});

	it('passes the position of a transaction without events on at once (heartbeat, other tables)', () => {
		const { batches, timers, transaction } = setup();
		transaction(100n);
		expect(batches).toEqual([
			{ seq: 1, events: [], ackLsn: 100n, endsInsideTransaction: false, reason: 'commit' },
		]);
		expect(timers.armed).toEqual([]);
	});

	it('lets an empty transaction join a waiting batch instead of overtaking it', () => {
		const { batches, timers, transaction } = setup();
		transaction(100n, 'a1');
		transaction(200n);
		expect(batches).toHaveLength(0);
		timers.fireAll();
		expect(batches[0]).toMatchObject({ events: ['a1'], ackLsn: 200n });
	});

	it('drops unsent events on close and ignores later input', () => {
		const { batches, timers, batcher, transaction } = setup();
		transaction(100n, 'a1');
		batcher.close();
		expect(timers.armed).toEqual([]);
		transaction(200n, 'b1', 'b2', 'b3');
		batcher.flush();
		expect(batches).toEqual([]);
		expect(batcher.pendingEvents).toBe(0);
	});
});

describe('ChangeBatcher, transaction mode', () => {
	it('makes one batch per transaction and never splits one, however large', () => {
		const { batches, transaction } = setup({ mode: 'transaction', maxRows: 2 });
		transaction(100n, 'a1', 'a2', 'a3', 'a4', 'a5');
		transaction(200n, 'b1');

		expect(batches).toEqual([
			{
				seq: 1,
				events: ['a1', 'a2', 'a3', 'a4', 'a5'],
				ackLsn: 100n,
				endsInsideTransaction: false,
				reason: 'transaction',
			},
			{ seq: 2, events: ['b1'], ackLsn: 200n, endsInsideTransaction: false, reason: 'transaction' },
		]);
	});

	it('arms no timer inside a transaction', () => {
		const { batches, timers, batcher } = setup({ mode: 'transaction' });
		batcher.push({ kind: 'begin' });
		batcher.push({ kind: 'event', event: 'a1' });
		expect(timers.armed).toEqual([]);
		timers.fireAll();
		expect(batches).toEqual([]);
	});

	it('groups events outside transactions (snapshot rows) by rows, and sends them before the next transaction', () => {
		const { batches, batcher, transaction } = setup({ mode: 'transaction', maxRows: 2 });
		for (const row of ['r1', 'r2', 'r3']) batcher.push({ kind: 'event', event: row });
		transaction(100n, 'a1');

		expect(batches.map((b) => [b.events, b.ackLsn, b.reason])).toEqual([
			[['r1', 'r2'], undefined, 'maxRows'],
			[['r3'], undefined, 'flush'],
			[['a1'], 100n, 'transaction'],
		]);
	});

	it('flush sends a partial group of snapshot rows', () => {
		const { batches, batcher } = setup({ mode: 'transaction', maxRows: 10 });
		batcher.push({ kind: 'event', event: 'r1' });
		batcher.flush();
		expect(batches).toEqual([
			{ seq: 1, events: ['r1'], ackLsn: undefined, endsInsideTransaction: false, reason: 'flush' },
		]);
	});
});

describe('ChangeBatcher options', () => {
	it.each([
		[{ maxRows: 0 }, /maximum rows must be a whole number of at least 1 \(got 0\)/],
		[{ maxRows: 2.5 }, /maximum rows/],
		[{ maxWaitMs: -1 }, /maximum wait must be 0 ms or more \(got -1\)/],
	])('rejects %p', (options, message) => {
		expect(() => setup(options)).toThrow(message);
	});
});
