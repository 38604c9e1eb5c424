import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export interface DemoOptions {
	/** Keep the data folder at exit (and reuse it when it is there). */
	keep: boolean;
	/** Where the data lives when kept; a fresh temporary folder otherwise. */
	keptDataDir: string;
	/** Run the generator for a while, wait until every target matches its source, exit 0 or 1. */
	check: boolean;
	/** How long the generator runs in check mode. */
	checkGeneratorSeconds: number;
	/** How long check mode waits for the targets to match after the generator stops. */
	checkDeadlineSeconds: number;
}

const USAGE =
	'usage: npm run demo [-- --keep] [--data-dir DIR] [--check] (env DEMO_CHECK=1 is --check)';

function positiveSeconds(name: string, fallback: number): number {
	const raw = process.env[name];
	if (raw === undefined || raw === '') return fallback;
	const value = Number(raw);
	if (!Number.isFinite(value) || value <= 0)
		throw new Error(`${name}=${raw} is not a number of seconds above 0; unset it or fix it.`);
	return value;
}

/** `--keep`, `--data-dir DIR` (implies --keep), `--check`; nothing else is accepted. */
export function parseDemoOptions(args: string[], env = process.env): DemoOptions {
	let keep = false;
	let check = env.DEMO_CHECK === '1' || env.DEMO_CHECK === 'true';
	// Under the system temp folder: the postgres user (PostgreSQL refuses to run as root) can reach it
	// wherever the checkout lives.
	let keptDataDir = join(tmpdir(), 'n8n-redshift-cdc-demo');
	for (let index = 0; index < args.length; index++) {
		const arg = args[index];
		if (arg === '--keep') keep = true;
		else if (arg === '--check') check = true;
		else if (arg === '--data-dir' && args[index + 1] !== undefined) {
			keep = true;
			keptDataDir = resolve(args[++index]);
		} else if (arg.startsWith('--data-dir=')) {
			keep = true;
			keptDataDir = resolve(arg.slice('--data-dir='.length));
		} else throw new Error(`unknown argument ${JSON.stringify(arg)}; ${USAGE}`);
	}
	return {
		keep,
		keptDataDir,
		check,
		checkGeneratorSeconds: positiveSeconds('DEMO_CHECK_GENERATOR_SECONDS', 30),
		checkDeadlineSeconds: positiveSeconds('DEMO_CHECK_DEADLINE_SECONDS', 300),
	};
}
