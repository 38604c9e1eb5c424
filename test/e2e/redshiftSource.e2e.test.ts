/**
 * The Redshift Source inside a real n8n 2.8.4 (installed as a community package from `npm pack`),
 * reading from the project's local Redshift. Opt-in: `npm run test:e2e -- redshiftSource`.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';

import { createDatabase } from '../support/embeddedPostgres';
import { readExecution, listExecutions, type ItemJson } from './support/executions';
import { e2ePostgres } from './support/globalSetup';
import { N8N_HOST_DIR, N8nHost, n8nDatabaseKindFromEnv } from './support/n8nHost';
import { installPackageLikeN8n, packNodesPackage } from './support/nodesPackage';
import {
	startRedshiftLocalProcess,
	type RedshiftLocalProcess,
} from './support/sourceRedshiftLocal';
import {
	FAIL_EVERY_RUN,
	MANUAL_TRIGGER_NAME,
	PASS_THROUGH,
	SOURCE_NODE_NAME,
	STEP_NODE_NAME,
	manualSourceWorkflow,
	webhookSourceWorkflow,
} from './support/sourceWorkflows';
import { waitFor } from './support/waitFor';
import {
	activateWorkflow,
	createCredential,
	createWorkflow,
	runManually,
	testCredential,
	updateWorkflow,
	type SavedCredential,
} from './support/workflows';

const CREDENTIAL_TYPE = 'redshiftApi';

let redshift: RedshiftLocalProcess;
let sql: Client;
let host: N8nHost;
let userFolder: string;
let credential: SavedCredential;

function credentialData(): Record<string, unknown> {
	return {
		connectionType: 'direct',
		host: redshift.wire.host,
		port: redshift.wire.port,
		database: redshift.wire.database,
		user: redshift.wire.user,
		password: redshift.wire.password,
		ssl: 'disable',
	};
}

const locator = (value: string, mode: 'list' | 'name' = 'name') => ({ __rl: true, mode, value });

/** Waits for the workflow's execution with this id to finish; returns the Source node's items. */
async function finishedRun(workflowId: string, executionId: string) {
	return await waitFor(
		`execution ${executionId} of workflow ${workflowId} to finish`,
		60_000,
		async () => {
			const execution = await readExecution(host.rest, executionId, SOURCE_NODE_NAME);
			return ['new', 'running', 'waiting'].includes(execution.status) ? undefined : execution;
		},
		async () =>
			(await listExecutions(host.rest, workflowId)).map((e) => `${e.id}:${e.status}`).join(' '),
	);
}

/** The node's static data as n8n stored it for the workflow. */
async function storedStaticData(workflowId: string): Promise<unknown> {
	const workflow = await host.rest.get<{ staticData?: unknown }>(`/rest/workflows/${workflowId}`);
	return workflow.staticData ?? null;
}

/** One production run through the webhook; the answer is every item the last node returned. */
async function callWebhook(path: string): Promise<{ status: number; items: ItemJson[] }> {
	const response = await host.rest.raw('GET', `/webhook/${path}`);
	const text = await response.text();
	const body = text ? (JSON.parse(text) as unknown) : [];
	return { status: response.status, items: Array.isArray(body) ? (body as ItemJson[]) : [] };
}

beforeAll(async () => {
	redshift = await startRedshiftLocalProcess();
	sql = new Client({ ...redshift.wire });
	await sql.connect();
	await sql.query(
		'CREATE TABLE public.orders (id INTEGER, region VARCHAR(10), total NUMERIC(10,2), updated_at TIMESTAMP)',
	);
	await sql.query(`INSERT INTO public.orders VALUES
		(1, 'EU', 10.50, '2024-01-01 10:00:00'),
		(2, 'US', 20.00, '2024-01-01 11:00:00'),
		(3, 'EU', 30.25, '2024-01-01 11:00:00')`);

	userFolder = mkdtempSync(join(tmpdir(), 'n8n-e2e-source-'));
	const logDir = join(N8N_HOST_DIR, 'logs');
	mkdirSync(logDir, { recursive: true });
	const logFile = join(logDir, `n8n-source-${new Date().toISOString().replace(/[:.]/g, '-')}.log`);
	console.log(`n8n output: ${logFile}`);
	const n8nDatabase =
		n8nDatabaseKindFromEnv() === 'sqlite'
			? ({ kind: 'sqlite' } as const)
			: ({
					kind: 'postgres',
					connection: await createDatabase(e2ePostgres(), `n8n_source_${Date.now()}`),
				} as const);
	host = new N8nHost({ userFolder, logFile, database: n8nDatabase });
	const tarball = process.env.N8N_E2E_TARBALL ?? packNodesPackage(join(N8N_HOST_DIR, 'pack'));
	installPackageLikeN8n(host.n8nFolder, tarball);
	await host.start();
	credential = await createCredential(host.rest, 'E2E Redshift', CREDENTIAL_TYPE, credentialData());
}, 600_000);

afterAll(async () => {
	await host?.close();
	await sql?.end().catch(() => undefined);
	await redshift?.stop();
	if (userFolder && process.env.N8N_E2E_KEEP !== '1')
		rmSync(userFolder, { recursive: true, force: true });
}, 120_000);

describe('Redshift Source in n8n 2.8.4', () => {
	test('the Redshift credential test passes through the REST API', async () => {
		expect(await testCredential(host.rest, credential, CREDENTIAL_TYPE, credentialData())).toEqual({
			status: 'OK',
			message: 'Connection successful.',
		});
	});

	test('a manual run of Read Table returns the filtered, sorted rows as items', async () => {
		const body = manualSourceWorkflow('e2e source read table', credential, {
			operation: 'readTable',
			schema: locator('public', 'list'),
			table: locator('orders'),
			where: { conditions: [{ column: 'region', operator: 'equal', value: 'EU' }] },
			sort: { values: [{ column: 'id', direction: 'DESC' }] },
		});
		const saved = await createWorkflow(host.rest, body);
		const executionId = await runManually(host.rest, saved.id, body, MANUAL_TRIGGER_NAME);
		const execution = await finishedRun(saved.id, executionId);
		expect(execution.errorMessage).toBeUndefined();
		expect(execution.status).toBe('success');
		expect(execution.triggerItems).toEqual([
			{ id: 3, region: 'EU', total: '30.25', updated_at: '2024-01-01T11:00:00' },
			{ id: 1, region: 'EU', total: '10.50', updated_at: '2024-01-01T10:00:00' },
		]);
	});

	test('incremental reads in production runs: each row once, ties kept; n8n saves the position after a failed run too, never after a manual one', async () => {
		const incremental = {
			operation: 'readTable',
			schema: locator('public'),
			table: locator('orders'),
			options: { cursorColumn: 'updated_at', keyColumns: 'id' },
		};
		const path = `e2e-source-${Date.now()}`;
		const saved = await createWorkflow(
			host.rest,
			webhookSourceWorkflow('e2e source incremental', path, credential, incremental),
		);
		await activateWorkflow(host.rest, saved.id, saved.versionId);
		const first = await callWebhook(path);
		expect(first.status).toBe(200);
		expect(first.items.map((item) => item.id)).toEqual([1, 2, 3]);
		expect(await storedStaticData(saved.id)).toEqual({
			[`node:${SOURCE_NODE_NAME}`]: {
				incremental: {
					cursorColumn: 'updated_at',
					keyColumns: ['id'],
					value: '2024-01-01T11:00:00',
					keysAtValue: ['[2]', '[3]'],
				},
			},
		});

		await sql.query(
			"INSERT INTO public.orders VALUES (4, 'EU', 4.00, '2024-01-01 11:00:00'), (5, 'US', 5.00, '2024-01-02 00:00:00')",
		);
		const second = await callWebhook(path);
		expect(second.items.map((item) => item.id)).toEqual([4, 5]);
		expect((await callWebhook(path)).items).toEqual([]);

		// A step after the read fails: n8n still stores the node's new position (documented in the README).
		const failingPath = `${path}-fail`;
		const failing = await createWorkflow(
			host.rest,
			webhookSourceWorkflow(
				'e2e source incremental, failing step',
				failingPath,
				credential,
				incremental,
				FAIL_EVERY_RUN,
			),
		);
		await activateWorkflow(host.rest, failing.id, failing.versionId);
		expect((await callWebhook(failingPath)).status).toBeGreaterThanOrEqual(500);
		const runs = await waitFor('the failed run to be stored', 30_000, async () => {
			const all = await listExecutions(host.rest, failing.id);
			return all.some((run) => run.status === 'error') ? all : undefined;
		});
		expect(runs.map((run) => run.status)).toEqual(['error']);
		expect(await storedStaticData(failing.id)).toMatchObject({
			[`node:${SOURCE_NODE_NAME}`]: { incremental: { value: '2024-01-02T00:00:00' } },
		});

		// A manual run reads but n8n does not store the position.
		const manualBody = manualSourceWorkflow(
			'e2e source incremental, manual',
			credential,
			incremental,
		);
		const manual = await createWorkflow(host.rest, manualBody);
		const executionId = await runManually(host.rest, manual.id, manualBody, MANUAL_TRIGGER_NAME);
		const execution = await finishedRun(manual.id, executionId);
		expect(execution.status).toBe('success');
		expect(execution.triggerItems.map((item) => item.id)).toEqual([1, 2, 3, 4, 5]);
		expect(await storedStaticData(manual.id)).toBeNull();
	});
	test('the documented pattern: retrying a failed execution processes the rows the Source returned, and the next run continues after them', async () => {
		await sql.query('CREATE TABLE public.events (id INTEGER, updated_at TIMESTAMP)');
		await sql.query(
			"INSERT INTO public.events VALUES (1, '2024-03-01 00:00:00'), (2, '2024-03-02 00:00:00')",
		);
		const path = `e2e-source-retry-${Date.now()}`;
		const workflow = (stepCode: string) =>
			webhookSourceWorkflow(
				'e2e source incremental, retry',
				path,
				credential,
				{
					operation: 'readTable',
					schema: locator('public'),
					table: locator('events'),
					options: { cursorColumn: 'updated_at', keyColumns: 'id' },
				},
				stepCode,
			);
		const saved = await createWorkflow(host.rest, workflow(FAIL_EVERY_RUN));
		await activateWorkflow(host.rest, saved.id, saved.versionId);
		expect((await callWebhook(path)).status).toBeGreaterThanOrEqual(500);
		const failed = await waitFor('the failed run to be stored', 30_000, async () =>
			(await listExecutions(host.rest, saved.id)).find((run) => run.status === 'error'),
		);
		// Rows that arrive after the failure belong to the next run, not to the retry.
		await sql.query("INSERT INTO public.events VALUES (3, '2024-03-03 00:00:00')");
		// The user fixes the failing step and publishes the fix, then retries with the saved workflow.
		const fixed = await updateWorkflow(host.rest, saved.id, workflow(PASS_THROUGH));
		await activateWorkflow(host.rest, saved.id, fixed.versionId);

		const retried = await host.rest.post<{ id: string; status: string }>(
			`/rest/executions/${failed.id}/retry`,
			{ loadWorkflow: true },
		);
		expect(retried.status).toBe('success');
		const retry = await readExecution(host.rest, String(retried.id), STEP_NODE_NAME);
		expect(retry.mode).toBe('retry');
		expect(retry.triggerItems.map((item) => item.id)).toEqual([1, 2]);

		const next = await callWebhook(path);
		expect(next.status).toBe(200);
		expect(next.items.map((item) => item.id)).toEqual([3]);
	});
});
