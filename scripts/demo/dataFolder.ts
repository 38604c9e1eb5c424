import { randomBytes } from 'node:crypto';
import {
	chmodSync,
	existsSync,
	mkdirSync,
	mkdtempSync,
	readFileSync,
	writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** What a kept data folder remembers so that a rerun comes back with the same logins and ports. */
export interface DemoState {
	postgres: { port: number; password: string };
	n8n: { encryptionKey: string; ownerEmail: string; ownerPassword: string };
	/** Set once the credentials and the workflow exist in n8n. */
	workflowId?: string;
}

export interface DemoFolder {
	root: string;
	/** The source PostgreSQL cluster (it also holds n8n's own database). */
	postgresDir: string;
	/** `npm run redshift-local -- --data-dir` folder: the target's PostgreSQL, S3 objects, certificate. */
	redshiftDir: string;
	/** n8n's user folder (n8n keeps its settings in `.n8n` inside). */
	n8nUserFolder: string;
	/** The packed nodes package and its staged build. */
	packDir: string;
	logsDir: string;
	/** True when this folder was used before (kept by an earlier `--keep` run). */
	reused: boolean;
	state: DemoState;
	save(state: DemoState): void;
}

const STATE_FILE = 'demo-state.json';

function newState(postgresPort: number): DemoState {
	return {
		postgres: { port: postgresPort, password: randomBytes(12).toString('hex') },
		n8n: {
			encryptionKey: randomBytes(24).toString('hex'),
			ownerEmail: 'owner@example.com',
			// n8n wants 8+ characters with a digit and an upper-case letter.
			ownerPassword: `Demo-1${randomBytes(6).toString('hex')}`,
		},
	};
}

/**
 * The demo's data folder: the kept one (created when missing) or a fresh temporary one. Reachable by
 * the postgres user, which runs PostgreSQL when the demo runs as root.
 */
export function openDemoFolder(kept: string | undefined, freshPostgresPort: number): DemoFolder {
	const root = kept ?? mkdtempSync(join(tmpdir(), 'n8n-redshift-cdc-demo-'));
	mkdirSync(root, { recursive: true });
	chmodSync(root, 0o755);
	const stateFile = join(root, STATE_FILE);
	const reused = existsSync(stateFile);
	const state = reused
		? (JSON.parse(readFileSync(stateFile, 'utf8')) as DemoState)
		: newState(freshPostgresPort);
	const folder: DemoFolder = {
		root,
		postgresDir: join(root, 'source-postgres'),
		redshiftDir: join(root, 'redshift-local'),
		n8nUserFolder: join(root, 'n8n'),
		packDir: join(root, 'pack'),
		logsDir: join(root, 'logs'),
		reused,
		state,
		save(next) {
			// Holds passwords: readable by its owner only.
			writeFileSync(stateFile, `${JSON.stringify(next, null, 2)}\n`, { mode: 0o600 });
			folder.state = next;
		},
	};
	for (const dir of [folder.n8nUserFolder, folder.packDir, folder.logsDir])
		mkdirSync(dir, { recursive: true });
	folder.save(state);
	return folder;
}
