import { createDeferredPromise, type IDeferredPromise, type IRun } from 'n8n-workflow';

import {
	SnapshotDelivery,
	type SnapshotDeliveryOptions,
} from '../../../nodes/PostgresCdcTrigger/trigger/snapshotDelivery';
import type { CdcEvent } from '../../../nodes/shared/cdc/changeEvent';
import { makeRun } from '../../support/n8n/fakeTriggerFunctions';

function row(id: number): CdcEvent {
	return {
		op: 'r',
		before: null,
		after: { id: String(id) },
		key: { id: String(id) },
		source: {
			lsn: '0/10',
			commitLsn: '0/10',
			txId: null,
			ts_ms: 0,
			schema: 'public',
			table: 't',
			snapshot: true,
			eventIndex: id,
		},
	};
}

interface Run {
	ids: string[];
	done: IDeferredPromise<IRun>;
}

/** A snapshot of `count` rows whose reader records whether it was ended (its transaction released). */
function reader(count: number): { events: AsyncIterable<CdcEvent>; ended: () => boolean } {
	let ended = false;
	async function* rows(): AsyncGenerator<CdcEvent> {
		try {
			for (let id = 1; id <= count; id++) yield row(id);
		} finally {
			ended = true;
		}
	}
	return { events: rows(), ended: () => ended };
}

function setup(options: Partial<SnapshotDeliveryOptions> = {}, retryDelayMs = 1) {
	const runs: Run[] = [];
	const warnings: string[] = [];
	const delivery = new SnapshotDelivery(
		{
			batching: { mode: 'rows', maxRows: 2, maxWaitMs: 60_000 },
			acknowledge: 'afterSuccess',
			maxRunsInFlight: 2,
			...options,
		},
		{
			toItems: (batch) => batch.events.map((event) => ({ json: { id: event.after?.id } })),
			emit: (items, done) => runs.push({ ids: items.map((item) => String(item.json.id)), done }),
			createDeferred: () => createDeferredPromise<IRun>(),
			debug: () => undefined,
			warn: (message) => warnings.push(message),
			runTimeoutMs: 60_000,
			retryDelayMs: () => retryDelayMs,
		},
	);
	return { runs, warnings, delivery };
}

async function until(what: string, check: () => boolean): Promise<void> {
	const deadline = Date.now() + 5_000;
	while (!check()) {
		if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}.`);
		await new Promise((resolve) => setImmediate(resolve));
	}
}

describe('SnapshotDelivery (initial snapshot runs)', () => {
	it('sends a failed run again and starts no new run until it succeeded', async () => {
		const { runs, warnings, delivery } = setup();
		const source = reader(6);
		const result = delivery.deliver(source.events, () => true);
		await until('two runs in flight', () => runs.length === 2);
		expect(runs.map((run) => run.ids)).toEqual([
			['1', '2'],
			['3', '4'],
		]);

		runs[0].done.resolve(makeRun('error', 'sink down'));
		runs[1].done.resolve(makeRun('success'));
		await until('the retry of the first run', () => runs.length === 3);
		expect(runs[2].ids).toEqual(['1', '2']);
		expect(warnings[0]).toMatch(
			/did not succeed \(error: sink down\); its 2 row\(s\) will be sent again/,
		);
		// The third batch waits while the first one is failing, although a run slot is free.
		await new Promise((resolve) => setImmediate(resolve));
		expect(runs).toHaveLength(3);

		runs[2].done.resolve(makeRun('success'));
		await until('the third batch', () => runs.length === 4);
		expect(runs[3].ids).toEqual(['5', '6']);
		runs[3].done.resolve(makeRun('success'));
		await expect(result).resolves.toBe('completed');
		expect(source.ended()).toBe(true);
	});

	it('retries a cancelled run after success only; after completion only a run that never finished counts', async () => {
		const strict = setup({ maxRunsInFlight: 1 });
		const strictResult = strict.delivery.deliver(reader(2).events, () => true);
		await until('a run', () => strict.runs.length === 1);
		strict.runs[0].done.reject(new Error('The execution was cancelled'));
		await until('its retry', () => strict.runs.length === 2);
		strict.runs[1].done.resolve(makeRun('success'));
		await expect(strictResult).resolves.toBe('completed');

		const lenient = setup({ maxRunsInFlight: 1, acknowledge: 'afterCompletion' });
		const lenientResult = lenient.delivery.deliver(reader(2).events, () => true);
		await until('a run', () => lenient.runs.length === 1);
		lenient.runs[0].done.resolve(makeRun('error', 'bad row'));
		await expect(lenientResult).resolves.toBe('completed');
		expect(lenient.runs).toHaveLength(1);
	});

	it('ends on close while a failed run waits for its retry, releasing the reader', async () => {
		const { runs, warnings, delivery } = setup({ maxRunsInFlight: 1 }, 3_600_000);
		const source = reader(4);
		const result = delivery.deliver(source.events, () => true);
		await until('a run', () => runs.length === 1);
		runs[0].done.resolve(makeRun('error', 'sink down'));
		await until('the retry to be planned', () => warnings.length === 1);
		expect(await delivery.close(100)).toBe(0);
		await expect(result).resolves.toBe('closed');
		expect(source.ended()).toBe(true);
		expect(runs).toHaveLength(1);
	});

	it('skips what the filter rejects', async () => {
		const { runs, delivery } = setup({ maxRunsInFlight: 1 });
		const result = delivery.deliver(reader(3).events, (event) => event.after?.id !== '2');
		await until('a run', () => runs.length === 1);
		expect(runs[0].ids).toEqual(['1', '3']);
		runs[0].done.resolve(makeRun('success'));
		await expect(result).resolves.toBe('completed');
	});
});
