/* eslint-disable @n8n/community-nodes/no-dangerous-functions -- test tooling that starts n8n and npm; never shipped in dist/ */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const REPO_ROOT = resolve(__dirname, '../../..');

interface PackageJson {
	name: string;
	version: string;
	n8n: { nodes: string[]; credentials: string[] };
	[key: string]: unknown;
}

export function readOwnPackage(): PackageJson {
	return JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as PackageJson;
}

/** `npm pack` of the built package (what npm would publish), written into `destination`. */
export function packNodesPackage(destination: string): string {
	mkdirSync(destination, { recursive: true });
	execFileSync(process.execPath, [join(REPO_ROOT, 'test/support/checkDistEntries.js')], {
		stdio: 'pipe',
	});
	const output = execFileSync(
		'npm',
		['pack', '--json', '--ignore-scripts', '--pack-destination', destination],
		{ cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
	);
	const packed = JSON.parse(output) as Array<{ filename: string }>;
	return join(destination, packed[0].filename);
}

/**
 * Installs the tarball into `<n8n folder>/nodes` the way n8n's own community-package installer does
 * (n8n 2.8.4 `CommunityPackagesService.downloadPackage`): extract into `node_modules/<name>`, drop
 * dev/peer/optional dependencies from its package.json, then `npm install` inside it with n8n's flags.
 * n8n scans `nodes/node_modules/n8n-nodes-*` at start, so node types are `<package name>.<node name>`.
 */
export function installPackageLikeN8n(n8nFolder: string, tarball: string): void {
	const own = readOwnPackage();
	const nodesDir = join(n8nFolder, 'nodes');
	const packageDir = join(nodesDir, 'node_modules', own.name);
	mkdirSync(packageDir, { recursive: true });
	execFileSync('tar', ['-xzf', tarball, '-C', packageDir, '--strip-components=1']);
	const packageJsonPath = join(packageDir, 'package.json');
	const manifest = JSON.parse(readFileSync(packageJsonPath, 'utf8')) as PackageJson;
	delete manifest.devDependencies;
	delete manifest.peerDependencies;
	delete manifest.optionalDependencies;
	writeFileSync(packageJsonPath, JSON.stringify(manifest, null, 2));
	execFileSync(
		'npm',
		[
			'install',
			'--audit=false',
			'--fund=false',
			'--bin-links=false',
			'--install-strategy=shallow',
			'--ignore-scripts=true',
			'--package-lock=false',
			// Same result as n8n's call; the npm cache usually has every dependency already.
			'--prefer-offline',
		],
		{ cwd: packageDir, stdio: 'pipe', timeout: 600_000 },
	);
	writeFileSync(
		join(nodesDir, 'package.json'),
		JSON.stringify(
			{ name: 'installed-nodes', private: true, dependencies: { [own.name]: own.version } },
			null,
			2,
		),
	);
}
