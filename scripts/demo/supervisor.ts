/* eslint-disable @n8n/community-nodes/no-dangerous-functions -- the demo restarts itself in its own process group; never shipped in dist/ */
import { spawn } from 'node:child_process';

const SUPERVISED = 'N8N_REDSHIFT_CDC_DEMO_SUPERVISED';

export const isSupervised = (): boolean => process.env[SUPERVISED] === '1';

/**
 * Ctrl-C signals the terminal's whole process group: PostgreSQL and n8n would stop on their own, in
 * no order, and n8n would hang on a database that is gone. So the demo runs in a process group of
 * its own, and this parent passes it one signal, after which it stops everything in order.
 * Resolves with the demo's exit code.
 */
export async function runInOwnProcessGroup(script: string, args: string[]): Promise<number> {
	const child = spawn(process.execPath, [...process.execArgv, script, ...args], {
		env: { ...process.env, [SUPERVISED]: '1' },
		detached: true,
		stdio: 'inherit',
	});
	let forwarded = false;
	const forward = (signal: NodeJS.Signals) => {
		if (forwarded) return; // npm may pass the signal on again
		forwarded = true;
		child.kill(signal);
	};
	process.on('SIGINT', forward);
	process.on('SIGTERM', forward);
	return await new Promise<number>((resolve) =>
		child.once('exit', (code, signal) => resolve(code ?? (signal ? 130 : 1))),
	);
}
