/**
 * `npm run demo [-- --keep] [--data-dir DIR] [--check]`: the main job end to end on this machine.
 * Embedded PostgreSQL (a small shop) → Postgres CDC Trigger → Redshift Sink (Apply Changelog, COPY
 * via the local S3) → the local Redshift, inside a real n8n; a generator of changes on the source and
 * a status line per table every few seconds. Ctrl-C stops everything.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';

import { freePort } from '../../test/support/freePort';
import type { N8nHost } from '../../test/e2e/support/n8nHost';
import { openDemoFolder, type DemoFolder } from './dataFolder';
import { EXAMPLE_SLOT_NAME } from './exampleWorkflow';
import { startGenerator, type Generator } from './generator';
import { installPinnedN8n } from './n8nInstall';
import { n8nProblemLines } from './n8nLogTail';
import { createN8nHost, setUpPipeline } from './n8nPipeline';
import { buildNodesTarball } from './nodesTarball';
import { parseDemoOptions, type DemoOptions } from './options';
import { startRedshiftLocalChild, type RedshiftLocalChild } from './redshiftLocalChild';
import { SHOP_TABLES, ensureShopSchema } from './shopSchema';
import { Shutdown, StopRequested } from './shutdown';
import { N8N_DATABASE, SHOP_DATABASE, ensureDatabase, startSourcePostgres } from './sourcePostgres';
import { statusLines } from './statusLines';
import { isSupervised, runInOwnProcessGroup } from './supervisor';
import { compareTable, differingRows, slotLagBytes, type TableStatus } from './tableStatus';

const STATUS_INTERVAL_MS = 5_000;
const log = (line: string) => console.log(`[demo] ${line}`);
const sleep = async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms));
/** Values as the servers' text forms: the comparison parses no types. */
const TEXT_VALUES = { getTypeParser: () => (value: string) => value };

/** A connection whose server may go away while the demo stops: its error is reported, not fatal. */
async function connected(config: ConstructorParameters<typeof Client>[0], what: string) {
	const client = new Client(config);
	client.on('error', (error) => log(`${what}: ${error.message}`));
	await client.connect();
	return client;
}

interface Pipeline {
	source: Client;
	target: Client;
	generator: Generator;
}

async function startSource(folder: DemoFolder, shutdown: Shutdown) {
	const { port, password } = folder.state.postgres;
	const postgres = await startSourcePostgres(folder.postgresDir, port, password);
	shutdown.add('the source PostgreSQL', postgres.stop);
	shutdown.handleSignals();
	await ensureDatabase(postgres.connection, SHOP_DATABASE);
	await ensureDatabase(postgres.connection, N8N_DATABASE);
	const shop = { ...postgres.connection, database: SHOP_DATABASE };
	const client = new Client(shop);
	await client.connect();
	try {
		log(`shop tables ${await ensureShopSchema(client)} in PostgreSQL 16 on port ${port}`);
	} finally {
		await client.end();
	}
	return { shop, n8n: { ...postgres.connection, database: N8N_DATABASE } };
}

async function startRedshift(folder: DemoFolder, shutdown: Shutdown): Promise<RedshiftLocalChild> {
	const redshift = await startRedshiftLocalChild(folder.redshiftDir);
	shutdown.add('the local Redshift', redshift.stop);
	log(
		`local Redshift on ${redshift.wire.host}:${redshift.wire.port}, its S3 on ${redshift.s3.endpoint}`,
	);
	return redshift;
}

/** The three independent starts at once; every one that started is stopped even if another fails. */
async function startServers(folder: DemoFolder, shutdown: Shutdown) {
	const [source, redshift, n8n] = await Promise.allSettled([
		startSource(folder, shutdown),
		startRedshift(folder, shutdown),
		installPinnedN8n(log, shutdown.requestSignal),
	]);
	for (const result of [source, redshift, n8n])
		if (result.status === 'rejected') throw result.reason;
	return {
		source: (source as PromiseFulfilledResult<Awaited<ReturnType<typeof startSource>>>).value,
		redshift: (redshift as PromiseFulfilledResult<RedshiftLocalChild>).value,
	};
}

function editorUrl(host: N8nHost): string {
	return (host.rest as unknown as { baseUrl: string }).baseUrl;
}

async function readStatuses(pipeline: Pipeline) {
	const statuses: TableStatus[] = [];
	for (const table of SHOP_TABLES)
		statuses.push(await compareTable(pipeline.source, pipeline.target, table));
	return { statuses, lag: await slotLagBytes(pipeline.source, EXAMPLE_SLOT_NAME) };
}

async function printStatus(pipeline: Pipeline, note: string) {
	const { statuses, lag } = await readStatuses(pipeline);
	const time = new Date().toISOString().slice(11, 19);
	const failure = pipeline.generator.failure ? ` · ${pipeline.generator.failure.message}` : '';
	log(`${time} UTC · ${pipeline.generator.committed} generator transactions ${note}${failure}`);
	for (const line of statusLines(statuses, lag)) console.log(line);
	return statuses;
}

const allMatch = (statuses: TableStatus[]) =>
	statuses.every(
		(status) =>
			status.targetRows !== undefined && status.sourceRows > 0 && differingRows(status) === 0,
	);

/** Status lines until Ctrl-C. */
async function watch(pipeline: Pipeline, shutdown: Shutdown): Promise<number> {
	let stop = false;
	shutdown.runningUntilSignal(() => (stop = true));
	while (!stop) {
		await printStatus(pipeline, '(Ctrl-C stops the demo)').catch((error: Error) =>
			log(`reading the status failed: ${error.message}`),
		);
		for (let waited = 0; waited < STATUS_INTERVAL_MS && !stop; waited += 250) await sleep(250);
	}
	return 0;
}

/** --check: the generator runs a while, then every target must match its source before the deadline. */
async function check(
	pipeline: Pipeline,
	options: DemoOptions,
	shutdown: Shutdown,
): Promise<number> {
	let stop = false;
	shutdown.runningUntilSignal(() => (stop = true));
	const generatorEnds = Date.now() + options.checkGeneratorSeconds * 1000;
	let deadline: number | undefined;
	let last: TableStatus[] = [];
	while (!stop) {
		if (deadline === undefined && Date.now() >= generatorEnds) {
			await pipeline.generator.stop();
			deadline = Date.now() + options.checkDeadlineSeconds * 1000;
			log(
				`generator stopped after ${pipeline.generator.committed} transactions; waiting until every target matches its source (at most ${options.checkDeadlineSeconds} s)`,
			);
		}
		const note = deadline === undefined ? '(generator running)' : '(generator stopped)';
		// A reading counts when it started before the deadline.
		const readAt = Date.now();
		last = await printStatus(pipeline, note).catch((error: Error) => {
			log(`reading the status failed: ${error.message}`);
			return [];
		});
		if (deadline !== undefined && last.length > 0 && allMatch(last)) {
			log('CHECK PASSED: every target table matches its source row by row');
			return 0;
		}
		if (deadline !== undefined && readAt >= deadline) break;
		// The last reading falls on the deadline.
		const pause = Math.min(STATUS_INTERVAL_MS, (deadline ?? Infinity) - Date.now());
		for (let waited = 0; waited < pause && !stop; waited += 250) await sleep(250);
	}
	if (stop) return 130;
	const failing = last.filter((status) => !allMatch([status])).map((status) => status.table);
	log(
		`CHECK FAILED: after ${options.checkDeadlineSeconds} s these targets still differ from their source: ${failing.join(', ') || 'status unreadable'}`,
	);
	return 1;
}

async function main(): Promise<number> {
	const options = parseDemoOptions(process.argv.slice(2));
	const shutdown = new Shutdown(log);
	shutdown.handleSignals();
	let folder: DemoFolder | undefined;
	try {
		folder = openDemoFolder(options.keep ? options.keptDataDir : undefined, await freePort());
		const root = folder.root;
		if (!options.keep)
			shutdown.add('the temporary data folder', async () =>
				rmSync(root, { recursive: true, force: true }),
			);
		log(
			`data in ${root}${folder.reused ? ' (kept from an earlier --keep run)' : ''}${options.keep ? ', kept at exit' : ', removed at exit'}`,
		);
		log('starting PostgreSQL and the local Redshift, installing n8n if needed…');
		const { source, redshift } = await startServers(folder, shutdown);
		shutdown.checkpoint();

		log('building and packing this package…');
		const tarball = buildNodesTarball(folder.packDir);
		shutdown.checkpoint();
		log('starting n8n with the package installed as a community package…');
		const host = createN8nHost(folder, source.n8n, tarball);
		shutdown.add('n8n', async () => await host.close());
		await host.start();
		shutdown.checkpoint();
		await setUpPipeline(host, folder, source.shop, redshift);
		log(`workflow "Postgres CDC → Redshift (Apply Changelog)" is active`);
		log(
			`n8n editor: ${editorUrl(host)}  login: ${folder.state.n8n.ownerEmail} / ${folder.state.n8n.ownerPassword}`,
		);
		log(`n8n's output: ${folder.logsDir}/n8n.log`);

		const sourceClient = await connected({ ...source.shop, types: TEXT_VALUES }, 'source');
		shutdown.add('the status connection to the source', async () => await sourceClient.end());
		const targetClient = await connected({ ...redshift.wire, types: TEXT_VALUES }, 'target');
		shutdown.add('the status connection to the target', async () => await targetClient.end());
		const generatorClient = await connected(source.shop, 'generator');
		shutdown.add('the generator connection', async () => await generatorClient.end());
		const generator = startGenerator(generatorClient);
		shutdown.add('the generator', async () => await generator.stop());
		log('generator started: inserts, updates and deletes on every shop table');
		const pipeline = { source: sourceClient, target: targetClient, generator };
		if (!options.check) return await watch(pipeline, shutdown);
		const code = await check(pipeline, options, shutdown);
		if (code === 1) {
			log("n8n's last warnings and errors:");
			for (const line of n8nProblemLines(join(folder.logsDir, 'n8n.log'))) console.log(`  ${line}`);
		}
		return code;
	} catch (error) {
		if (error instanceof StopRequested) return 130;
		log(`the demo failed: ${(error as Error).message}`);
		if (folder) log(`logs: ${folder.logsDir}`);
		return 1;
	} finally {
		await shutdown.stopAll();
		log(
			options.keep && folder
				? `stopped; data kept in ${folder.root} (rerun with the same options to continue)`
				: 'stopped',
		);
	}
}

const run = isSupervised() ? main() : runInOwnProcessGroup(__filename, process.argv.slice(2));
void run.then(
	(code) => process.exit(code),
	(error: Error) => {
		log(error.message);
		process.exit(2);
	},
);
