/* eslint-disable @n8n/community-nodes/no-dangerous-functions -- the demo installs n8n into .cache; never shipped in dist/ */
import { spawn } from 'node:child_process';
import { join } from 'node:path';

import { REPO_ROOT } from '../../test/e2e/support/nodesPackage';

/**
 * Installs the pinned n8n the e2e suite uses into .cache/n8n-e2e (nothing to do when it is there), with
 * a progress line every 15 s: the first install downloads about 2 GB and takes minutes.
 */
export async function installPinnedN8n(
	log: (line: string) => void,
	stopRequested: AbortSignal,
): Promise<void> {
	const started = Date.now();
	const child = spawn('bash', [join(REPO_ROOT, 'test/e2e/support/installN8n.sh')], {
		cwd: REPO_ROOT,
		// A process group of its own: a stop ends the script and the npm it runs together.
		detached: true,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	const stopInstall = () => {
		if (child.pid !== undefined && child.exitCode === null) process.kill(-child.pid, 'SIGTERM');
	};
	stopRequested.addEventListener('abort', stopInstall, { once: true });
	let output = '';
	const relay = (chunk: Buffer) => {
		output += chunk.toString();
		// The script's own lines (npm's are kept for the error message).
		for (const line of chunk.toString().split('\n'))
			if (/^(n8n |resolving|lockfile|installing|sqlite3|installN8n)/.test(line)) log(line);
	};
	child.stdout.on('data', relay);
	child.stderr.on('data', relay);
	const progress = setInterval(
		() => log(`… still installing n8n (${Math.round((Date.now() - started) / 1000)} s)`),
		15_000,
	);
	const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
	clearInterval(progress);
	stopRequested.removeEventListener('abort', stopInstall);
	if (stopRequested.aborted) return;
	if (code !== 0)
		throw new Error(
			`installing n8n failed (exit ${code}); run "bash test/e2e/support/installN8n.sh" to see why:\n${output.slice(-3000)}`,
		);
}
