const sleep = async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Polls `probe` until it returns a value (not undefined). On timeout the error says what was awaited
 * and what the last probe saw (`describe`), so a failure explains itself.
 */
export async function waitFor<T>(
	what: string,
	timeoutMs: number,
	probe: () => Promise<T | undefined>,
	describe?: () => Promise<string>,
): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await probe();
		if (value !== undefined) return value;
		if (Date.now() > deadline) {
			const seen = describe ? `\nLast seen: ${await describe()}` : '';
			throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}.${seen}`);
		}
		await sleep(250);
	}
}
