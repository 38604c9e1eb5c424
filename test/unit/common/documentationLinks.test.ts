import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '../../..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');
const { homepage } = JSON.parse(read('package.json')) as { homepage: string };

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens. */
function anchorOf(heading: string): string {
	return heading
		.trim()
		.toLowerCase()
		.replace(/[^\p{L}\p{N} _-]/gu, '')
		.replace(/ /g, '-');
}

const readmeAnchors = new Set(
	read('README.md')
		.split('\n')
		.filter((line) => /^#{1,6} /.test(line))
		.map((line) => anchorOf(line.replace(/^#+ /, ''))),
);

/** Every link into this package's README from a node's codex file or a credential class. */
function documentationLinks(): Array<{ file: string; url: string }> {
	const links: Array<{ file: string; url: string }> = [];
	for (const folder of readdirSync(join(root, 'nodes'))) {
		const codex = readdirSync(join(root, 'nodes', folder)).find((file) =>
			file.endsWith('.node.json'),
		);
		if (!codex) continue;
		const file = `nodes/${folder}/${codex}`;
		for (const match of read(file).matchAll(/"url":\s*"([^"]+)"/g))
			links.push({ file, url: match[1] });
		const nodeFile = `nodes/${folder}/${codex.replace(/\.json$/, '.ts')}`;
		const url = /documentationUrl:\s*'([^']+)'/.exec(read(nodeFile));
		if (url) links.push({ file: nodeFile, url: url[1] });
	}
	for (const name of readdirSync(join(root, 'credentials'))) {
		if (!name.endsWith('.credentials.ts')) continue;
		const file = `credentials/${name}`;
		const match = /documentationUrl\s*=\s*['"`]([^'"`]+)['"`]/.exec(read(file));
		if (match) links.push({ file, url: match[1] });
	}
	return links;
}

describe("documentation links lead to this package's README", () => {
	const links = documentationLinks();

	it('finds the links of every node and credential', () => {
		expect(links.length).toBeGreaterThanOrEqual(8);
	});

	it.each(documentationLinks().map((link) => [link.file, link.url]))(
		'%s → %s is a README heading',
		(_file, url) => {
			expect(url.startsWith(`${homepage}#`)).toBe(true);
			expect([...readmeAnchors]).toContain(url.slice(homepage.length + 1));
		},
	);
});
