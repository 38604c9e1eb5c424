import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { startEmbeddedPostgres, type PostgresConnection } from '../test/support/embeddedPostgres';
import { startS3Server, type S3Connection } from '../test/support/s3Server';
import { cdcBench } from './cdc.bench';
import { loadBench } from './load.bench';
import { readBench } from './read.bench';
import { stagingBench } from './staging.bench';
import { unloadBench } from './unload.bench';
import { type Comparison, formatComparison, loadLine, machineLine } from './support/harness';

export interface BenchServers {
	postgres: PostgresConnection;
	s3: S3Connection;
}

/** Every benchmark, in the order they run; BENCH_ONLY=name,name picks some (a partial run replaces only their sections of RESULTS.md). */
const BENCHES: Record<string, (servers: BenchServers, runs: number) => Promise<Comparison>> = {
	read: async ({ postgres, s3 }, runs) => await readBench(postgres, s3, runs),
	cdc: async ({ postgres }, runs) => await cdcBench(postgres, runs),
	staging: async ({ s3 }, runs) => await stagingBench(s3, runs),
	load: async (servers, runs) => await loadBench(servers, runs),
	unload: async (servers, runs) => await unloadBench(servers, runs),
};

/**
 * `npm run bench`: every benchmark against its baseline in the same run, results printed and
 * written to bench/RESULTS.md with the machine they ran on and how busy it was.
 */
async function main() {
	const runs = Number(process.env.BENCH_RUNS ?? 5);
	const only = process.env.BENCH_ONLY?.split(',')
		.map((name) => name.trim())
		.filter(Boolean);
	const unknown = only?.filter((name) => !(name in BENCHES)) ?? [];
	if (unknown.length > 0)
		throw new Error(
			`Unknown benchmark(s) ${unknown.join(', ')}; known: ${Object.keys(BENCHES).join(', ')}`,
		);
	const selected = Object.entries(BENCHES).filter(([name]) => !only || only.includes(name));
	const startedAt = new Date();
	const loadBefore = loadLine();
	const postgres = await startEmbeddedPostgres();
	const s3 = await startS3Server('n8n-redshift-cdc-bench');
	const results: Comparison[] = [];
	try {
		for (const [name, bench] of selected) {
			const started = Date.now();
			const result = await bench({ postgres: postgres.connection, s3: s3.connection }, runs);
			console.log(
				`${formatComparison(result)}(${name}: ${((Date.now() - started) / 1000).toFixed(0)} s)\n`,
			);
			results.push(result);
		}
	} finally {
		await s3.stop();
		await postgres.stop();
	}

	const seconds = ((Date.now() - startedAt.getTime()) / 1000).toFixed(0);
	const header = [
		'# Benchmark results',
		'',
		'Written by `npm run bench`. Each benchmark runs its subject and a baseline alternately in the same',
		'process and quotes the ratio; absolute times vary with the machine, ratios much less. "CPU ms" is',
		'this process only (it hosts s3rver and the local Redshift front too, not PostgreSQL).',
		'',
		`Last run: ${startedAt.toISOString()} on ${machineLine()}, PostgreSQL ${postgres.connection.major} (embedded), ${runs} paired runs, ${seconds} s in all.`,
		`Load average (1 / 5 / 15 min) at the start: ${loadBefore}; at the end: ${loadLine()}.`,
		'',
	].join('\n');
	const path = join(__dirname, 'RESULTS.md');
	const previous = (() => {
		try {
			return readFileSync(path, 'utf8');
		} catch {
			return '';
		}
	})();
	const output = only
		? replaceSections(
				previous,
				results,
				`${startedAt.toISOString()} on ${machineLine()}, ${runs} paired runs, load average at the start ${loadBefore}, at the end ${loadLine()}`,
			)
		: `${header}\n${results.map(formatComparison).join('\n')}`;
	if (only && output === undefined) {
		console.log(
			'(BENCH_ONLY set and a section is not in bench/RESULTS.md yet: the file was left as it was)',
		);
		return;
	}
	writeFileSync(path, output!);
	if (previous && previous !== output) console.log(`(bench/RESULTS.md updated)`);
}

/**
 * A partial run (BENCH_ONLY) replaces the sections of the benchmarks it ran, by their heading,
 * each marked with when and where it was re-run; undefined when a heading is not in the file.
 */
function replaceSections(
	previous: string,
	results: Comparison[],
	when: string,
): string | undefined {
	let text = previous;
	for (const result of results) {
		const heading = `### ${result.name}`;
		const start = text.indexOf(`${heading}\n`);
		if (start === -1) return undefined;
		const next = text.indexOf('\n### ', start + heading.length);
		const end = next === -1 ? text.length : next + 1;
		const section = `${formatComparison(result)}(Re-run alone (BENCH_ONLY): ${when}.)\n\n`;
		text = text.slice(0, start) + section + text.slice(end);
	}
	return text;
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
