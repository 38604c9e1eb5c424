import { mergeConcurrently } from '../../../nodes/shared/reads/mergeConcurrently';

const tick = async () => await new Promise((resolve) => setImmediate(resolve));

function source(name: string, count: number, log: string[]) {
	return async function* () {
		try {
			for (let i = 0; i < count; i++) {
				log.push(`${name}${i}`);
				await tick();
				yield `${name}${i}`;
			}
		} finally {
			log.push(`${name}:closed`);
		}
	};
}

describe('mergeConcurrently', () => {
	it('yields every item of every source exactly once', async () => {
		const log: string[] = [];
		const items: string[] = [];
		for await (const item of mergeConcurrently(
			[source('a', 3, log), source('b', 2, log), source('c', 4, log)],
			2,
		)) {
			items.push(item);
		}
		expect(items.sort()).toEqual(['a0', 'a1', 'a2', 'b0', 'b1', 'c0', 'c1', 'c2', 'c3']);
	});

	it('keeps at most `concurrency` sources open and starts the next when one ends', async () => {
		const log: string[] = [];
		const merged = mergeConcurrently(
			[source('a', 1, log), source('b', 1, log), source('c', 1, log)],
			2,
		);
		const iterator = merged[Symbol.asyncIterator]();
		await iterator.next();
		expect(log.some((entry) => entry.startsWith('c'))).toBe(false);
		while (!(await iterator.next()).done);
		expect(log.filter((entry) => entry.endsWith(':closed')).sort()).toEqual([
			'a:closed',
			'b:closed',
			'c:closed',
		]);
	});

	it('closes the open sources when the consumer stops early', async () => {
		const log: string[] = [];
		for await (const item of mergeConcurrently([source('a', 10, log), source('b', 10, log)], 2)) {
			expect(item).toMatch(/^[ab]0$/);
			break;
		}
		expect(log).toContain('a:closed');
		expect(log).toContain('b:closed');
		expect(log.filter((entry) => /^[ab][2-9]$/.test(entry))).toEqual([]);
	});

	it('passes a source error to the consumer', async () => {
		async function* failing() {
			yield 1;
			throw new Error('file 2 is corrupt');
		}
		const seen: number[] = [];
		await expect(
			(async () => {
				for await (const item of mergeConcurrently([failing], 1)) seen.push(item);
			})(),
		).rejects.toThrow('file 2 is corrupt');
		expect(seen).toEqual([1]);
	});
});
