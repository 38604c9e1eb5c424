// Packs the package as `npm publish` would and checks what users get: only dist/, the README, the
// licence and package.json, and every node and credential of the packed copy loads and describes
// itself. Run after `npm run build`.
const { execFileSync } = require('child_process');
const { mkdtempSync, rmSync, readdirSync } = require('fs');
const { tmpdir } = require('os');
const path = require('path');

const root = path.resolve(__dirname, '../..');
const work = mkdtempSync(path.join(tmpdir(), 'n8n-redshift-cdc-pack-'));
const fail = (message) => {
	console.error(`npm pack check: ${message}`);
	rmSync(work, { recursive: true, force: true });
	process.exit(1);
};

try {
	const [packed] = JSON.parse(
		execFileSync('npm', ['pack', '--json', '--pack-destination', work], {
			cwd: root,
			encoding: 'utf8',
			stdio: ['ignore', 'pipe', 'inherit'],
		}),
	);
	const allowed = (file) =>
		file.startsWith('dist/') || ['package.json', 'README.md', 'LICENSE.md'].includes(file);
	const stray = packed.files.map((file) => file.path).filter((file) => !allowed(file));
	if (stray.length > 0) fail(`files outside dist/, README and licence: ${stray.join(', ')}`);
	if (packed.files.some((file) => /\.tsbuildinfo$|\.test\.js$/.test(file.path)))
		fail('build by-products (tsbuildinfo, tests) are in the package');

	execFileSync('tar', ['-xzf', path.join(work, packed.filename), '-C', work]);
	const unpacked = path.join(work, 'package');
	const pkg = require(path.join(unpacked, 'package.json'));
	const entries = [...pkg.n8n.nodes, ...pkg.n8n.credentials];
	// Load each entry as n8n does (require, construct), in a fresh process that finds the
	// dependencies the way an installed package would, from node_modules.
	const loader = `
		const entries = ${JSON.stringify(entries)};
		for (const entry of entries) {
			const exported = require(require('path').join(${JSON.stringify(unpacked)}, entry));
			const Class = Object.values(exported).find((value) => typeof value === 'function');
			if (!Class) throw new Error(entry + ' exports no class');
			const instance = new Class();
			const name = instance.description?.name ?? instance.name;
			if (!name) throw new Error(entry + ' has no name');
			console.log(name);
		}`;
	const output = execFileSync(process.execPath, ['-e', loader], {
		env: { ...process.env, NODE_PATH: path.join(root, 'node_modules') },
		encoding: 'utf8',
	});
	const loaded = output.trim().split('\n');
	if (loaded.length !== entries.length)
		fail(`loaded ${loaded.length} of ${entries.length} entries`);
	const icons = readdirSync(path.join(unpacked, 'dist/icons'));
	console.log(
		`npm pack: ${packed.files.length} files (${Math.round(packed.size / 1024)} KB packed), ${entries.length} entries load (${loaded.join(', ')}), ${icons.length} icons`,
	);
} catch (error) {
	fail(error.message);
}
rmSync(work, { recursive: true, force: true });
