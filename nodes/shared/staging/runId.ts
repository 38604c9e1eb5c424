import { randomBytes } from 'node:crypto';

/** A run id that sorts by time and never repeats: 20261121T203000123Z-1a2b3c4d5e6f. */
export function newRunId(now = new Date()): string {
	const stamp = now.toISOString().replace(/[-:.]/g, '');
	return `${stamp}-${randomBytes(6).toString('hex')}`;
}

/** Run ids become key segments: keep them to safe characters. */
export function assertRunId(runId: string): void {
	if (!/^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/.test(runId)) {
		throw new Error(
			`The staging run id ${JSON.stringify(runId)} may use only letters, digits, - and _ (up to 128).`,
		);
	}
}
