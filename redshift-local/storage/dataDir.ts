import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** What a data folder remembers so that the next start comes back the same: ports and the password. */
export interface KeptState {
	postgres: { major: number; port: number; password: string };
	s3Port: number;
	wirePort: number;
	dataApiPort?: number;
}

const STATE_FILE = 'redshift-local.json';

/** The folders of one data directory: PostgreSQL's cluster, s3rver's objects, the wire certificate. */
export interface DataDir {
	root: string;
	postgres: string;
	s3: string;
	state?: KeptState;
	save(state: KeptState): void;
}

/**
 * Opens (creating when new) the folder `npm run redshift-local -- --data-dir DIR` keeps its data in.
 * PostgreSQL runs as the `postgres` user when started as root, so the folder must be reachable by it.
 */
export function openDataDir(path: string): DataDir {
	const root = resolve(path);
	mkdirSync(root, { recursive: true });
	chmodSync(root, 0o755);
	const stateFile = join(root, STATE_FILE);
	const state = existsSync(stateFile)
		? (JSON.parse(readFileSync(stateFile, 'utf8')) as KeptState)
		: undefined;
	return {
		root,
		postgres: join(root, 'postgres'),
		s3: join(root, 's3'),
		state,
		save(next) {
			// The file holds the local PostgreSQL password: readable by its owner only.
			writeFileSync(stateFile, `${JSON.stringify(next, null, 2)}\n`, { mode: 0o600 });
		},
	};
}
