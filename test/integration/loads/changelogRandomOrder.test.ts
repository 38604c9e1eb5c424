import { changelogLoad, type ChangeEvent } from '../../../nodes/shared/loads';
import { UNCHANGED_TOAST } from '../../../nodes/shared/cdc/changeEvent';
import { startLoadHarness, type LoadHarness } from './loadHarness';

/** A small seeded PRNG (mulberry32), so that a failing trial can be run again by its seed. */
function random(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

interface Row {
	id: number;
	name: string;
	body: string;
}

/**
 * A source table of a few keys changed by random transactions the way pgoutput reports them:
 * inserts, updates that leave the (TOASTed) body unchanged or change it, key changes, deletes and
 * the odd truncate. Returns the events in commit order and the rows the source ends with.
 */
function workload(
	next: () => number,
	transactions: number,
	toast: boolean,
): { events: ChangeEvent[]; live: Row[] } {
	const live = new Map<number, Row>();
	const events: ChangeEvent[] = [];
	const pick = <T>(list: T[]) => list[Math.floor(next() * list.length)];
	for (let tx = 1; tx <= transactions; tx++) {
		const commitLsn = `0/${(tx * 16).toString(16).toUpperCase()}`;
		const count = 1 + Math.floor(next() * 3);
		for (let eventIndex = 0; eventIndex < count; eventIndex++) {
			const source = { lsn: commitLsn, commitLsn, eventIndex };
			const absent = [1, 2, 3, 4, 5, 6].filter((id) => !live.has(id));
			const present = [...live.keys()];
			const roll = next();
			if (roll < 0.03) {
				live.clear();
				events.push({ op: 't', before: null, after: null, key: null, source });
			} else if (present.length === 0 || (roll < 0.3 && absent.length > 0)) {
				const row = {
					id: pick(absent),
					name: `n${tx}.${eventIndex}`,
					body: `body ${tx}.${eventIndex}`,
				};
				live.set(row.id, row);
				events.push({ op: 'c', before: null, after: { ...row }, key: { id: row.id }, source });
			} else if (roll < 0.45) {
				const id = pick(present);
				live.delete(id);
				events.push({ op: 'd', before: { id }, after: null, key: { id }, source });
			} else if (roll < 0.55 && absent.length > 0) {
				const from = live.get(pick(present)) as Row;
				const row = { ...from, id: pick(absent), name: `moved ${tx}.${eventIndex}` };
				live.delete(from.id);
				live.set(row.id, row);
				events.push(
					toast
						? {
								op: 'u',
								before: { id: from.id },
								after: { ...row, body: UNCHANGED_TOAST },
								key: { id: row.id },
								source,
								unchangedToastColumns: ['body'],
							}
						: { op: 'u', before: { id: from.id }, after: { ...row }, key: { id: row.id }, source },
				);
			} else {
				const row = { ...(live.get(pick(present)) as Row), name: `u${tx}.${eventIndex}` };
				const bodyChanged = next() < 0.4;
				if (bodyChanged) row.body = `body ${tx}.${eventIndex}`;
				live.set(row.id, row);
				events.push(
					bodyChanged || !toast
						? { op: 'u', before: null, after: { ...row }, key: { id: row.id }, source }
						: {
								op: 'u',
								before: null,
								after: { ...row, body: UNCHANGED_TOAST },
								key: { id: row.id },
								source,
								unchangedToastColumns: ['body'],
							},
				);
			}
		}
	}
	return { events, live: [...live.values()].sort((a, b) => a.id - b.id) };
}

/** Cuts the stream into batches at random points (a transaction may span batches, as the trigger does). */
function batches(next: () => number, events: ChangeEvent[]): ChangeEvent[][] {
	const cut: ChangeEvent[][] = [[]];
	for (const event of events) {
		if (cut[cut.length - 1].length > 0 && next() < 0.3) cut.push([]);
		cut[cut.length - 1].push(event);
	}
	return cut;
}

/**
 * Trials of the order-independence the changelog promises: batches applied in a random order, some
 * twice, some split further, a run that fails (an unchanged TOAST value whose row comes in a batch not
 * applied yet) retried later, as the trigger does; the table must end as the source did.
 */
describe('changelog random orders', () => {
	let harness: LoadHarness;
	beforeAll(async () => {
		harness = await startLoadHarness('loads_random');
	});
	afterAll(async () => await harness.stop());

	// TRIALS=60 for a longer run. Unchanged TOAST values are exact in order (their source row is in the
	// target, or earlier in the batch); in any order only with the values sent (REPLICA IDENTITY FULL).
	const seeds = (mode: string, toast: boolean) =>
		Array.from({ length: Number(process.env.TRIALS ?? 20) }, (_, i) => ({
			seed: i + 1,
			mode,
			toast,
		}));
	it.each([...seeds('any', false), ...seeds('order', true)])(
		'ends as the source did (seed $seed, order $mode, TOAST placeholders $toast)',
		async ({ seed, mode, toast }) => {
			const next = random(seed);
			const { events, live } = workload(next, 25, toast);
			const table = `rand_${mode}_${toast ? 't' : 'f'}_${seed}`;
			await harness.reader.query({
				text: `CREATE TABLE ${table} (id BIGINT, name VARCHAR(40), body VARCHAR(100))`,
			});
			const pending = batches(next, events);
			// Replays of some batches, and a batch that reaches the Sink in two parts.
			for (const batch of pending.slice()) if (next() < 0.3) pending.push(batch);
			const split = pending.findIndex((batch) => batch.length > 1);
			if (split >= 0) {
				// In any order the two parts come apart; in order they are neighbours.
				const [whole] = pending.splice(split, 1);
				if (mode === 'any') pending.push(whole.slice(0, 1), whole.slice(1));
				else pending.splice(split, 0, whole.slice(0, 1), whole.slice(1));
			}
			if (mode === 'any') {
				for (let at = pending.length - 1; at > 0; at--) {
					const other = Math.floor(next() * (at + 1));
					[pending[at], pending[other]] = [pending[other], pending[at]];
				}
			}
			let rounds = 0;
			while (pending.length > 0) {
				if (++rounds > 200)
					throw new Error(`seed ${seed}: ${pending.length} batch(es) never applied`);
				const batch = pending.shift() as ChangeEvent[];
				const applied = await changelogLoad({
					connection: harness.connections.wire,
					table: { name: table },
					events: batch,
					writeMode: 'insert',
				}).then(
					() => true,
					(error: Error) => {
						// Only a TOAST value whose row is still to come may fail; the trigger would retry the run.
						if (!/leaves column "body" unchanged/.test(error.message)) throw error;
						return false;
					},
				);
				if (!applied) pending.push(batch);
			}
			expect(await harness.rows(`SELECT id, name, body FROM ${table} ORDER BY id`)).toEqual(
				live.map((row) => ({ ...row, id: String(row.id) })),
			);
		},
	);
});
