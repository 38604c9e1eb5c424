/**
 * The Redshift Sink inside a real n8n 2.8.4 (installed as a community package from `npm pack`), fed by
 * a Code node and writing into the project's local Redshift, whose tables are then read row by row over
 * its wire port. Opt-in: `npm run test:e2e -- redshiftSink`.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';

import { createDatabase } from '../support/embeddedPostgres';
import { listExecutions, readExecution, type ExecutionDetail } from './support/executions';
import { e2ePostgres } from './support/globalSetup';
import { N8N_HOST_DIR, N8nHost, n8nDatabaseKindFromEnv } from './support/n8nHost';
import { installPackageLikeN8n, packNodesPackage } from './support/nodesPackage';
import {
	REDSHIFT_CREDENTIAL_TYPE,
	STAGING_CREDENTIAL_TYPE,
	copyThroughLocalS3,
	redshiftCredentialData,
	stagingCredentialData,
} from './support/sinkCredentials';
import {
	SINK_MANUAL_TRIGGER_NAME,
	SINK_NODE_NAME,
	manualSinkWorkflow,
	type SinkCredentials,
} from './support/sinkWorkflows';
import {
	startRedshiftLocalProcess,
	type RedshiftLocalProcess,
} from './support/sourceRedshiftLocal';
import { waitFor } from './support/waitFor';
import {
	createCredential,
	createWorkflow,
	runManually,
	testCredential,
	type SavedCredential,
} from './support/workflows';

let redshift: RedshiftLocalProcess;
let sql: Client;
let host: N8nHost;
let userFolder: string;
let redshiftCredential: SavedCredential;
let stagingCredential: SavedCredential;

const locator = (value: string, mode: 'list' | 'name' = 'name') => ({ __rl: true, mode, value });
const autoMap = (matchingColumns: string[] = []) => ({
	mappingMode: 'autoMapInputData',
	value: null,
	matchingColumns,
});

interface Row {
	id: number;
	name: string;
	amount: string;
}

const OLD_ROWS: Row[] = [
	{ id: 1, name: 'old one', amount: '1.10' },
	{ id: 2, name: 'old two', amount: '2.20' },
];
const NEW_ROWS: Row[] = [
	{ id: 2, name: 'new two', amount: '22.00' },
	{ id: 3, name: 'new three', amount: '33.30' },
];

async function createTargetTable(table: string, rows: Row[] = []): Promise<void> {
	await sql.query(
		`CREATE TABLE public."${table}" (id INTEGER, name VARCHAR(40), amount NUMERIC(10,2))`,
	);
	for (const row of rows) {
		await sql.query(`INSERT INTO public."${table}" VALUES ($1, $2, $3)`, [
			row.id,
			row.name,
			row.amount,
		]);
	}
}

/** The table's rows as text, by id. */
async function targetRows(table: string): Promise<Row[]> {
	const result = await sql.query<{ id: string; name: string; amount: string }>(
		`SELECT id::text AS id, name, amount::text AS amount FROM public."${table}" ORDER BY id`,
	);
	return result.rows.map((row) => ({ id: Number(row.id), name: row.name, amount: row.amount }));
}

/** Runs Manual → Code (the rows) → Sink from the editor; returns the finished execution (Sink output). */
async function runSink(
	name: string,
	rows: Row[],
	parameters: Record<string, unknown>,
	credentials: SinkCredentials = { redshift: redshiftCredential, staging: stagingCredential },
): Promise<ExecutionDetail> {
	const body = manualSinkWorkflow(
		name,
		rows as unknown as Array<Record<string, unknown>>,
		credentials,
		{
			schema: locator('public', 'list'),
			columns: autoMap(),
			createTable: false,
			options: {},
			...parameters,
		},
	);
	const saved = await createWorkflow(host.rest, body);
	const executionId = await runManually(host.rest, saved.id, body, SINK_MANUAL_TRIGGER_NAME);
	return await waitFor(
		`execution ${executionId} of "${name}" to finish`,
		120_000,
		async () => {
			const execution = await readExecution(host.rest, executionId, SINK_NODE_NAME);
			return ['new', 'running', 'waiting'].includes(execution.status) ? undefined : execution;
		},
		async () =>
			(await listExecutions(host.rest, saved.id)).map((e) => `${e.id}:${e.status}`).join(' '),
	);
}

/** The run succeeded and the Sink reports the write mode it was given. */
function expectSuccess(execution: ExecutionDetail, writeMode: 'insert' | 'copy'): void {
	expect(execution.errorMessage).toBeUndefined();
	expect(execution.status).toBe('success');
	expect(execution.triggerItems.length).toBeGreaterThan(0);
	for (const item of execution.triggerItems) expect(item).toMatchObject({ writeMode });
}

const insertMode = { writeMode: 'insert' };
const copyMode = (prefix: string) => copyThroughLocalS3(redshift, `e2e-sink/${prefix}`);

beforeAll(async () => {
	redshift = await startRedshiftLocalProcess();
	sql = new Client({ ...redshift.wire });
	await sql.connect();

	userFolder = mkdtempSync(join(tmpdir(), 'n8n-e2e-sink-'));
	const logDir = join(N8N_HOST_DIR, 'logs');
	mkdirSync(logDir, { recursive: true });
	const logFile = join(logDir, `n8n-sink-${new Date().toISOString().replace(/[:.]/g, '-')}.log`);
	console.log(`n8n output: ${logFile}`);
	const n8nDatabase =
		n8nDatabaseKindFromEnv() === 'sqlite'
			? ({ kind: 'sqlite' } as const)
			: ({
					kind: 'postgres',
					connection: await createDatabase(e2ePostgres(), `n8n_sink_${Date.now()}`),
				} as const);
	host = new N8nHost({ userFolder, logFile, database: n8nDatabase });
	const tarball = process.env.N8N_E2E_TARBALL ?? packNodesPackage(join(N8N_HOST_DIR, 'pack'));
	installPackageLikeN8n(host.n8nFolder, tarball);
	await host.start();
	redshiftCredential = await createCredential(
		host.rest,
		'E2E Redshift',
		REDSHIFT_CREDENTIAL_TYPE,
		redshiftCredentialData(redshift),
	);
	stagingCredential = await createCredential(
		host.rest,
		'E2E S3 staging',
		STAGING_CREDENTIAL_TYPE,
		stagingCredentialData(redshift),
	);
}, 600_000);

afterAll(async () => {
	await host?.close();
	await sql?.end().catch(() => undefined);
	await redshift?.stop();
	if (userFolder && process.env.N8N_E2E_KEEP !== '1')
		rmSync(userFolder, { recursive: true, force: true });
}, 120_000);

describe('Redshift Sink in n8n 2.8.4', () => {
	test('the Redshift API and S3 staging credential tests pass through the REST API; a wrong password fails without being echoed', async () => {
		const redshiftTest = await testCredential(
			host.rest,
			redshiftCredential,
			REDSHIFT_CREDENTIAL_TYPE,
			redshiftCredentialData(redshift),
		);
		expect(redshiftTest.status).toBe('OK');
		const stagingTest = await testCredential(
			host.rest,
			stagingCredential,
			STAGING_CREDENTIAL_TYPE,
			stagingCredentialData(redshift),
		);
		expect(stagingTest.status).toBe('OK');

		const wrongPassword = `Wrong-${randomBytes(12).toString('hex')}`;
		const wrongData = redshiftCredentialData(redshift, wrongPassword);
		const wrong = await createCredential(
			host.rest,
			'E2E Redshift, wrong password',
			REDSHIFT_CREDENTIAL_TYPE,
			wrongData,
		);
		const failed = await testCredential(host.rest, wrong, REDSHIFT_CREDENTIAL_TYPE, wrongData);
		expect(failed.status).toBe('Error');
		expect(failed.message).not.toContain(wrongPassword);
		expect(failed.message).not.toContain(wrongPassword.slice(6));
		console.log(`wrong password: ${failed.message}`);
	});

	test('Append with Insert: the table picked by name (mode "By Name") receives the rows', async () => {
		await createTargetTable('append_insert', OLD_ROWS);
		const execution = await runSink('e2e sink append insert', NEW_ROWS, {
			operation: 'append',
			table: locator('append_insert', 'name'),
			...insertMode,
		});
		expectSuccess(execution, 'insert');
		expect(execution.triggerItems[0]).toMatchObject({ table: 'public.append_insert' });
		expect(await targetRows('append_insert')).toEqual([OLD_ROWS[0], OLD_ROWS[1], ...NEW_ROWS]);
	});

	test('Append with Copy through the local S3 (staging credential keys): the table picked from the list receives the rows', async () => {
		await createTargetTable('append_copy', OLD_ROWS);
		const execution = await runSink('e2e sink append copy', NEW_ROWS, {
			operation: 'append',
			table: locator('append_copy', 'list'),
			...copyMode('append'),
		});
		expectSuccess(execution, 'copy');
		expect(await targetRows('append_copy')).toEqual([OLD_ROWS[0], OLD_ROWS[1], ...NEW_ROWS]);
	});

	test.each(['delete', 'swap', 'truncate'])(
		'Overwrite (%s) with Copy: the table holds exactly the new rows',
		async (method) => {
			const table = `overwrite_${method}`;
			await createTargetTable(table, OLD_ROWS);
			const execution = await runSink(`e2e sink overwrite ${method}`, NEW_ROWS, {
				operation: 'overwrite',
				overwriteMethod: method,
				table: locator(table),
				...copyMode(`overwrite-${method}`),
			});
			expectSuccess(execution, 'copy');
			expect(await targetRows(table)).toEqual(NEW_ROWS);
		},
	);

	test.each([
		['deleteInsert', 'insert'],
		['merge', 'copy'],
		['deleteInsert', 'copy'],
		['merge', 'insert'],
	])(
		'Upsert (%s, write mode %s): matching rows replaced, the others added',
		async (strategy, mode) => {
			const table = `upsert_${strategy}_${mode}`.toLowerCase();
			await createTargetTable(table, OLD_ROWS);
			const execution = await runSink(`e2e sink upsert ${strategy} ${mode}`, NEW_ROWS, {
				operation: 'upsert',
				upsertStrategy: strategy,
				table: locator(table),
				columns: autoMap(['id']),
				...(mode === 'copy' ? copyMode(`upsert-${strategy}`) : insertMode),
			});
			expectSuccess(execution, mode as 'insert' | 'copy');
			expect(await targetRows(table)).toEqual([OLD_ROWS[0], ...NEW_ROWS]);
		},
	);
});
