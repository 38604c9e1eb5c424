import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { startEmbeddedPostgres } from '../test/support/embeddedPostgres';
import { readBench } from './read.bench';
import { type Comparison, formatComparison, machineLine } from './support/harness';

/**
 * `npm run bench`: every benchmark against its baseline in the same run, results printed and
 * written to bench/RESULTS.md with the machine they ran on.
 */
async function main() {
	const runs = Number(process.env.BENCH_RUNS ?? 5);
	const postgres = await startEmbeddedPostgres();
	const results: Comparison[] = [];
	try {
		results.push(await readBench(postgres.connection, runs));
	} finally {
		await postgres.stop();
	}

	const body = results.map(formatComparison).join('\n');
	const header = [
		'# Benchmark results',
		'',
		'Written by `npm run bench`. Each benchmark runs its subject and a baseline alternately in the same',
		'process and quotes the ratio; absolute times vary with the machine, ratios much less.',
		'',
		`Last run: ${new Date().toISOString()} on ${machineLine()}, PostgreSQL ${postgres.connection.major} (embedded).`,
		'',
	].join('\n');
	const output = `${header}\n${body}`;
	console.log(output);
	const path = join(__dirname, 'RESULTS.md');
	const previous = (() => {
		try {
			return readFileSync(path, 'utf8');
		} catch {
			return '';
		}
	})();
	writeFileSync(path, output);
	if (previous && previous !== output) console.log(`(bench/RESULTS.md updated)`);
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
