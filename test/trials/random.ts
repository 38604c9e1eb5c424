/**
 * A seeded pseudo-random source (mulberry32): the same seed gives the same workload and the same
 * kill plan, so a failing run can be repeated with TRIALS_SEED. Kill timing still depends on the
 * machine; the plan does not.
 */
export class SeededRandom {
	private state: number;

	constructor(readonly seed: number) {
		this.state = seed >>> 0;
	}

	/** A float in [0, 1). */
	next(): number {
		this.state = (this.state + 0x6d2b79f5) >>> 0;
		let t = this.state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	}

	/** An integer in [min, max], both included. */
	int(min: number, max: number): number {
		return min + Math.floor(this.next() * (max - min + 1));
	}

	chance(probability: number): boolean {
		return this.next() < probability;
	}

	pick<T>(values: readonly T[]): T {
		if (values.length === 0) throw new Error('SeededRandom.pick was given no values to pick from.');
		return values[this.int(0, values.length - 1)];
	}

	/** Picks by weight: [[value, weight], …]. */
	weighted<T>(entries: ReadonlyArray<readonly [T, number]>): T {
		const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
		let point = this.next() * total;
		for (const [value, weight] of entries) {
			point -= weight;
			if (point < 0) return value;
		}
		return entries[entries.length - 1][0];
	}

	/** A random text of `length` characters from a 64-letter alphabet (barely compressible). */
	text(length: number): string {
		const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
		let out = '';
		for (let index = 0; index < length; index++) out += alphabet[Math.floor(this.next() * 64)];
		return out;
	}

	/** A seed for a separate stream (so the kill plan and the workload do not shift each other). */
	fork(): SeededRandom {
		return new SeededRandom(Math.floor(this.next() * 4294967296));
	}
}
