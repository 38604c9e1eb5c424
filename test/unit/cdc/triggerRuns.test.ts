import { createDeferredPromise, type IDeferredPromise, type IRun } from 'n8n-workflow';

import { createEventFilter } from '../../../nodes/PostgresCdcTrigger/trigger/eventFilter';
import { RunEmitter } from '../../../nodes/PostgresCdcTrigger/trigger/runEmitter';
import {
	outcomeOfRejectedRun,
	outcomeOfResolvedRun,
} from '../../../nodes/PostgresCdcTrigger/trigger/runOutcome';
import { AckTracker, type AckFailure } from '../../../nodes/shared/cdc/ack';
import type { Batch } from '../../../nodes/shared/cdc/batching/types';
import type { CdcEvent } from '../../../nodes/shared/cdc/changeEvent';
import { HEARTBEAT_PREFIX } from '../../../nodes/shared/cdc/slots/heartbeat';
import { makeRun } from '../../support/n8n/fakeTriggerFunctions';

describe('run outcome (verified n8n semantics)', () => {
	it('counts only status success without an error as success', () => {
		expect(outcomeOfResolvedRun(makeRun('success'))).toEqual({ outcome: 'success' });
		expect(outcomeOfResolvedRun(makeRun('error', 'odd n=1 [line 3]'))).toEqual({
			outcome: 'error',
			message: 'odd n=1 [line 3]',
		});
		expect(outcomeOfResolvedRun(makeRun('success', 'late error'))).toMatchObject({
			outcome: 'error',
		});
		expect(outcomeOfResolvedRun(makeRun('crashed'))).toMatchObject({ outcome: 'error' });
		expect(outcomeOfResolvedRun(makeRun('canceled'))).toMatchObject({ outcome: 'cancelled' });
	});

	it('treats a deduplicated run (resolved undefined) as carried by another run', () => {
		expect(outcomeOfResolvedRun(undefined)).toEqual({ outcome: 'success' });
	});

	it('tells a timeout from another cancellation', () => {
		const timeout = new Error('The execution was cancelled because it timed out');
		timeout.name = 'TimeoutExecutionCancelledError';
		expect(outcomeOfRejectedRun(timeout).outcome).toBe('timedOut');
		expect(outcomeOfRejectedRun(new Error('The execution was cancelled')).outcome).toBe(
			'cancelled',
		);
	});
});

function event(
	op: CdcEvent['op'],
	table: string | null,
	schema: string | null = 'public',
	prefix?: string,
): CdcEvent {
	return {
		op,
		before: null,
		after: null,
		key: null,
		source: {
			lsn: '0/1',
			commitLsn: '0/2',
			txId: 1,
			ts_ms: 0,
			schema,
			table,
			snapshot: false,
			eventIndex: 0,
		},
		...(prefix !== undefined ? { message: { prefix, content: '', transactional: false } } : {}),
	};
}

describe('event filter', () => {
	it('keeps chosen tables and operations, schema events and messages, never heartbeats', () => {
		const accepts = createEventFilter({
			capture: { kind: 'tables', tables: [{ schema: 'public', table: 'orders' }] },
			operations: ['insert', 'delete'],
		});
		expect(accepts(event('c', 'orders'))).toBe(true);
		expect(accepts(event('u', 'orders'))).toBe(false);
		expect(accepts(event('d', 'orders'))).toBe(true);
		expect(accepts(event('c', 'other'))).toBe(false);
		expect(accepts(event('schema', 'orders'))).toBe(true);
		expect(accepts(event('r', 'orders'))).toBe(true);
		expect(accepts(event('m', null, null, 'app-audit'))).toBe(true);
		expect(accepts(event('m', null, null, HEARTBEAT_PREFIX))).toBe(false);
	});

	it('keeps every table of the captured schema', () => {
		const accepts = createEventFilter({
			capture: { kind: 'schema', schema: 'sales' },
			operations: ['insert'],
		});
		expect(accepts(event('c', 'orders', 'sales'))).toBe(true);
		expect(accepts(event('c', 'orders', 'public'))).toBe(false);
	});
});

describe('RunEmitter', () => {
	function setup(
		maxInFlight: number,
		mode: 'afterSuccess' | 'afterCompletion' | 'immediately' = 'afterSuccess',
	) {
		const emitted: Array<{ items: number; done: IDeferredPromise<IRun> }> = [];
		const acknowledged: bigint[] = [];
		const failures: AckFailure[] = [];
		const emitter = new RunEmitter<string>(
			new AckTracker({ mode, acknowledgedLsn: 10n }),
			maxInFlight,
			{
				toItems: (batch) => batch.events.map((text) => ({ json: { text } })),
				emit: (items, done) => emitted.push({ items: items.length, done }),
				createDeferred: () => createDeferredPromise<IRun>(),
				acknowledge: (lsn) => acknowledged.push(lsn),
				onFailure: (failure) => failures.push(failure),
				runTimeoutMs: 60_000,
				debug: () => undefined,
			},
		);
		let seq = 1;
		const batch = (events: string[], ackLsn?: bigint): Batch<string> => ({
			seq: seq++,
			events,
			ackLsn,
			endsInsideTransaction: false,
			reason: 'maxRows',
		});
		const settle = async () => await new Promise((resolve) => setImmediate(resolve));
		return { emitter, emitted, acknowledged, failures, batch, settle };
	}

	it('starts at most maxInFlight runs and the next one when a run reports', async () => {
		const { emitter, emitted, batch, settle } = setup(1);
		emitter.enqueue(batch(['a'], 20n));
		emitter.enqueue(batch(['b'], 30n));
		expect(emitted).toHaveLength(1);
		expect(emitter.queuedBatches).toBe(1);
		emitted[0].done.resolve(makeRun('success'));
		await settle();
		expect(emitted).toHaveLength(2);
	});

	it('acknowledges in stream order even when runs finish out of order; position-only batches wait their turn', async () => {
		const { emitter, emitted, acknowledged, batch, settle } = setup(3);
		emitter.enqueue(batch(['a'], 20n));
		emitter.enqueue(batch(['b'], undefined)); // part of a transaction that continues
		emitter.enqueue(batch([], 30n)); // its commit, nothing more to deliver
		emitter.enqueue(batch(['c'], 40n));
		expect(emitted).toHaveLength(3);

		emitted[2].done.resolve(makeRun('success'));
		emitted[1].done.resolve(makeRun('success'));
		await settle();
		expect(acknowledged).toEqual([]);
		emitted[0].done.resolve(makeRun('success'));
		await settle();
		expect(acknowledged).toEqual([40n]);
	});

	it('reports a failed run and acknowledges nothing after it', async () => {
		const { emitter, emitted, acknowledged, failures, batch, settle } = setup(2);
		emitter.enqueue(batch(['a'], 20n));
		emitter.enqueue(batch(['b'], 30n));
		emitted[0].done.resolve(makeRun('error', 'boom'));
		emitted[1].done.resolve(makeRun('success'));
		await settle();
		expect(failures).toMatchObject([{ outcome: 'error', message: 'boom', acknowledgedLsn: 10n }]);
		expect(acknowledged).toEqual([]);
	});

	it('during close, a failure is left unacknowledged even in "after the run finishes" mode (n8n fails runs at shutdown)', async () => {
		const { emitter, emitted, acknowledged, batch, settle } = setup(2, 'afterCompletion');
		emitter.enqueue(batch(['a'], 20n));
		emitter.enqueue(batch(['b'], 30n));
		emitter.beginClose();
		const drained = emitter.drain(5_000);
		emitted[0].done.resolve(makeRun('success'));
		emitted[1].done.resolve(makeRun('error', 'Task request timed out after 60 seconds'));
		expect(await drained).toBe(0);
		await settle();
		expect(acknowledged).toEqual([20n]);
	});

	it('acknowledges at emit time in "immediately" mode', () => {
		const { emitter, acknowledged, batch } = setup(5, 'immediately');
		emitter.enqueue(batch(['a'], 20n));
		emitter.enqueue(batch(['b'], 30n));
		expect(acknowledged).toEqual([20n, 30n]);
	});

	it('drops queued batches when stopped, and drain gives up after its cap', async () => {
		const { emitter, emitted, batch } = setup(1);
		emitter.enqueue(batch(['a'], 20n));
		emitter.enqueue(batch(['b'], 30n));
		emitter.beginClose();
		expect(emitter.queuedBatches).toBe(0);
		expect(await emitter.drain(20)).toBe(1);
		expect(emitted).toHaveLength(1);
	});
});
