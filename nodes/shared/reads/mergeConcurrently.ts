/**
 * Pulls from up to `concurrency` sources at once and yields whatever is ready first. Each source
 * is asked for its next item only after the previous one was taken, so memory stays bounded by
 * `concurrency` items however large the sources are.
 */
export async function* mergeConcurrently<T>(
	sources: ReadonlyArray<() => AsyncIterable<T>>,
	concurrency: number,
): AsyncIterable<T> {
	type Pending = Promise<{ slot: number; result: IteratorResult<T> }>;
	const active = new Map<number, { iterator: AsyncIterator<T>; pending: Pending }>();
	let nextSource = 0;
	let nextSlot = 0;

	const pull = (slot: number, iterator: AsyncIterator<T>): Pending =>
		iterator.next().then((result) => ({ slot, result }));
	const startNext = () => {
		if (nextSource >= sources.length) return;
		const iterator = sources[nextSource++]()[Symbol.asyncIterator]();
		const slot = nextSlot++;
		active.set(slot, { iterator, pending: pull(slot, iterator) });
	};

	for (let i = 0; i < Math.max(1, concurrency); i++) startNext();
	try {
		while (active.size > 0) {
			const { slot, result } = await Promise.race(
				[...active.values()].map((entry) => entry.pending),
			);
			const entry = active.get(slot);
			if (!entry) continue;
			if (result.done) {
				active.delete(slot);
				startNext();
			} else {
				entry.pending = pull(slot, entry.iterator);
				yield result.value;
			}
		}
	} finally {
		// A consumer that stops early (or an error) closes every source still open.
		await Promise.allSettled(
			[...active.values()].map(async (entry) => await entry.iterator.return?.()),
		);
	}
}
