/* eslint-disable @n8n/community-nodes/no-dangerous-functions -- the demo builds and packs this package; never shipped in dist/ */
import { execFileSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

import { REPO_ROOT } from '../../test/e2e/support/nodesPackage';

const ICON = /\.(png|svg)$/;

/**
 * Builds the package into `packDir/package` (not the checkout's dist/, which tests may be reading) and
 * packs it as npm would publish it. Returns the tarball's path.
 */
export function buildNodesTarball(packDir: string): string {
	const stage = join(packDir, 'package');
	rmSync(stage, { recursive: true, force: true });
	mkdirSync(stage, { recursive: true });
	const dist = join(stage, 'dist');
	execFileSync(
		process.execPath,
		[
			join(REPO_ROOT, 'node_modules/typescript/bin/tsc'),
			'-p',
			'tsconfig.json',
			'--outDir',
			dist,
			'--incremental',
			'false',
		],
		{ cwd: REPO_ROOT, stdio: 'inherit' },
	);
	// The icons next to the compiled files, where `icon: 'file:…'` looks for them (as gulp build:icons).
	for (const folder of ['nodes', 'credentials', 'icons'])
		cpSync(join(REPO_ROOT, folder), join(dist, folder), {
			recursive: true,
			filter: (source) => !/\.[a-z]+$/i.test(source) || ICON.test(source),
		});
	for (const file of ['package.json', 'README.md', 'LICENSE.md'])
		copyFileSync(join(REPO_ROOT, file), join(stage, file));
	for (const old of readdirSync(packDir).filter((name) => name.endsWith('.tgz')))
		rmSync(join(packDir, old));
	const output = execFileSync(
		'npm',
		['pack', '--json', '--ignore-scripts', '--pack-destination', packDir],
		{ cwd: stage, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
	);
	const packed = JSON.parse(output) as Array<{ filename: string }>;
	return join(packDir, packed[0].filename);
}
