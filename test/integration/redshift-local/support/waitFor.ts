/** Polls `condition` every 50 ms until it holds; fails after 10 s (200 attempts). */
export async function waitFor(condition: () => Promise<boolean>): Promise<void> {
	for (let attempt = 0; attempt < 200; attempt++) {
		if (await condition()) return;
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
	throw new Error('condition not reached after 10 s');
}
