/**
 * Every workflow in examples/ imported into a real n8n 2.8.4 (this package installed as a community
 * package), with the test's credentials selected and only what each README says to change changed,
 * run, and its data checked where it lands. Opt-in: `npm run test:e2e -- examples`.
 */
import { HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';

import { ensureShopSchema, SHOP_TABLES } from '../../scripts/demo/shopSchema';
import { compareTable, differingRows } from '../../scripts/demo/tableStatus';
import { createDatabase, type PostgresConnection } from '../support/embeddedPostgres';
import { startExampleApiServer, type ExampleApiServer } from './support/exampleApiServer';
import {
	finishedExecution,
	finishedExecutions,
	nodeItems,
	type ExampleExecution,
} from './support/exampleExecutions';
import { droppedExampleParameters } from './support/exampleParameters';
import {
	changeParameters,
	everySeconds,
	exampleNames,
	loadExample,
	selectCredentials,
	type ExampleWorkflow,
} from './support/exampleWorkflows';
import { listExecutions } from './support/executions';
import { e2ePostgres } from './support/globalSetup';
import { N8N_HOST_DIR, N8nHost, n8nDatabaseKindFromEnv } from './support/n8nHost';
import { installPackageLikeN8n, packNodesPackage } from './support/nodesPackage';
import {
	startRedshiftLocalProcess,
	type RedshiftLocalProcess,
} from './support/sourceRedshiftLocal';
import { waitFor } from './support/waitFor';
import {
	activateWorkflow,
	createCredential,
	createWorkflow,
	deactivateWorkflow,
	runManually,
	type SavedCredential,
} from './support/workflows';

/** The examples the tests below run (each by its directory name). */
const TESTED_EXAMPLES = [
	'redshift-unload-to-s3',
	'redshift-to-postgres-file-by-file',
	'api-to-redshift-upsert',
	'redshift-incremental-reads',
	'postgres-cdc-to-redshift',
];

/** The IAM role the examples name: the local Redshift accepts any well-formed role ARN. */
const EXAMPLE_ROLE = 'arn:aws:iam::123456789012:role/RedshiftUnload';

let redshift: RedshiftLocalProcess;
let sql: Client;
let target: PostgresConnection;
let targetSql: Client;
let s3: S3Client;
let api: ExampleApiServer;
let host: N8nHost;
let userFolder: string;
const credentials: Record<string, SavedCredential> = {};

/** The date the local Redshift calls yesterday (its CURRENT_DATE - 1), as YYYY-MM-DD. */
let yesterday: string;

async function createCredentials(): Promise<void> {
	credentials.redshiftApi = await createCredential(host.rest, 'Redshift', 'redshiftApi', {
		connectionType: 'direct',
		host: redshift.wire.host,
		port: redshift.wire.port,
		database: redshift.wire.database,
		user: redshift.wire.user,
		password: redshift.wire.password,
		ssl: 'disable',
	});
	credentials.redshiftS3StagingApi = await createCredential(
		host.rest,
		'Redshift S3 Staging',
		'redshiftS3StagingApi',
		{
			region: 'us-east-1',
			awsCredentials: 'accessKeys',
			accessKeyId: redshift.s3.accessKeyId,
			secretAccessKey: redshift.s3.secretAccessKey,
			endpoint: redshift.s3.endpoint,
			forcePathStyle: true,
			testBucket: redshift.s3.bucket,
		},
	);
	credentials.postgres = await createCredential(host.rest, 'Postgres', 'postgres', {
		host: target.host,
		port: target.port,
		database: target.database,
		user: target.user,
		password: target.password,
		ssl: 'disable',
	});
}

/** Imports the example as a user does: saved with the test's credentials selected. */
async function importExample(workflow: ExampleWorkflow) {
	const body = selectCredentials(workflow, credentials);
	const saved = await createWorkflow(host.rest, body);
	return { body, saved };
}

/** The editor's "Execute workflow" from the example's trigger; waits for the run to finish. */
async function runExample(workflow: ExampleWorkflow, triggerName: string) {
	const { body, saved } = await importExample(workflow);
	const executionId = await runManually(host.rest, saved.id, body, triggerName);
	const execution = await finishedExecution(host.rest, saved.id, executionId);
	return { saved, body, execution };
}

function expectSuccess(execution: ExampleExecution): void {
	expect(execution.errorMessage).toBeUndefined();
	expect(execution.status).toBe('success');
}

const ORDER_COLUMNS =
	"id, region, total::text AS total, to_char(updated_at, 'YYYY-MM-DD HH24:MI:SS') AS updated_at";

async function ordersIn(client: Client, table: string, where = 'TRUE') {
	return (await client.query(`SELECT ${ORDER_COLUMNS} FROM ${table} WHERE ${where} ORDER BY id`))
		.rows;
}

beforeAll(async () => {
	[redshift, api] = await Promise.all([
		startRedshiftLocalProcess(),
		startExampleApiServer('/users'),
	]);
	sql = new Client({ ...redshift.wire });
	await sql.connect();
	yesterday = String(
		(await sql.query("SELECT to_char(CURRENT_DATE - 1, 'YYYY-MM-DD') AS day")).rows[0].day,
	);
	await sql.query(
		'CREATE TABLE public.orders (id INTEGER, region VARCHAR(10), total NUMERIC(10,2), updated_at TIMESTAMP)',
	);
	// Two rows from yesterday (the nightly export's rows), eight older ones.
	await sql.query(
		`INSERT INTO public.orders VALUES (1, 'EU', 10.50, $1), (2, 'US', 20.00, $2),
		(3, 'EU', 30.25, '2024-01-01 11:00:00'), (4, 'US', 4.00, '2024-01-02 00:00:00'),
		(5, 'EU', 5.00, '2024-01-03 00:00:00'), (6, 'US', 6.00, '2024-01-04 00:00:00'),
		(7, 'EU', 7.00, '2024-01-05 00:00:00'), (8, 'US', 8.00, '2024-01-06 00:00:00'),
		(9, 'EU', 9.99, '2024-01-07 00:00:00'), (10, NULL, 0.01, '2024-01-08 00:00:00')`,
		[`${yesterday} 10:00:00`, `${yesterday} 11:00:00`],
	);
	s3 = new S3Client({
		region: 'us-east-1',
		endpoint: redshift.s3.endpoint,
		forcePathStyle: true,
		credentials: {
			accessKeyId: redshift.s3.accessKeyId,
			secretAccessKey: redshift.s3.secretAccessKey,
		},
	});

	target = await createDatabase(e2ePostgres(), `examples_target_${Date.now()}`);
	targetSql = new Client(target);
	await targetSql.connect();
	await targetSql.query(
		'CREATE TABLE public.orders_copy (id INTEGER PRIMARY KEY, region VARCHAR(10), total NUMERIC(10,2), updated_at TIMESTAMP)',
	);

	userFolder = mkdtempSync(join(tmpdir(), 'n8n-e2e-examples-'));
	const logDir = join(N8N_HOST_DIR, 'logs');
	mkdirSync(logDir, { recursive: true });
	const logFile = join(
		logDir,
		`n8n-examples-${new Date().toISOString().replace(/[:.]/g, '-')}.log`,
	);
	console.log(`n8n output: ${logFile}`);
	const n8nDatabase =
		n8nDatabaseKindFromEnv() === 'sqlite'
			? ({ kind: 'sqlite' } as const)
			: ({
					kind: 'postgres',
					connection: await createDatabase(e2ePostgres(), `n8n_examples_${Date.now()}`),
				} as const);
	host = new N8nHost({ userFolder, logFile, database: n8nDatabase });
	const tarball = process.env.N8N_E2E_TARBALL ?? packNodesPackage(join(N8N_HOST_DIR, 'pack'));
	installPackageLikeN8n(host.n8nFolder, tarball);
	await host.start();
	await createCredentials();
}, 600_000);

afterAll(async () => {
	await host?.close();
	await sql?.end().catch(() => undefined);
	await targetSql?.end().catch(() => undefined);
	s3?.destroy();
	await api?.close();
	await redshift?.stop();
	if (userFolder && process.env.N8N_E2E_KEEP !== '1')
		rmSync(userFolder, { recursive: true, force: true });
}, 120_000);

describe('examples/ in n8n 2.8.4', () => {
	test('every example imports with parameters n8n keeps (n8n drops unknown names silently)', async () => {
		const names = exampleNames();
		expect(names).toEqual(expect.arrayContaining(TESTED_EXAMPLES));
		for (const name of names) {
			expect({
				name,
				dropped: await droppedExampleParameters(host.rest, loadExample(name)),
			}).toEqual({
				name,
				dropped: [],
			});
		}
	});

	test("redshift-unload-to-s3: yesterday's rows are unloaded to S3 as Parquet and the files are kept", async () => {
		const workflow = changeParameters(
			loadExample('redshift-unload-to-s3'),
			"Unload Yesterday's Orders",
			{ bucket: redshift.s3.bucket },
		);
		const { execution } = await runExample(workflow, 'Every Night at 02:00');
		expectSuccess(execution);

		const files = nodeItems(execution, "Unload Yesterday's Orders");
		expect(files.length).toBeGreaterThanOrEqual(1);
		expect(files.reduce((sum, file) => sum + Number(file.rowCount), 0)).toBe(2);
		const prefix = `s3://${redshift.s3.bucket}/exports/orders/`;
		await sql.query('CREATE TABLE public.export_check (LIKE public.orders)');
		for (const file of files) {
			expect(file).toMatchObject({ format: 'parquet' });
			const url = String(file.url);
			expect(url.startsWith(prefix)).toBe(true);
			// Kept in S3 after the run: the export's whole point.
			const key = url.slice(`s3://${redshift.s3.bucket}/`.length);
			await s3.send(new HeadObjectCommand({ Bucket: redshift.s3.bucket, Key: key }));
			await sql.query(
				`COPY public.export_check FROM '${url}' IAM_ROLE '${EXAMPLE_ROLE}' FORMAT AS PARQUET`,
			);
		}
		expect(await ordersIn(sql, 'public.export_check')).toEqual(
			await ordersIn(sql, 'public.orders', 'id IN (1, 2)'),
		);
	});

	test('redshift-to-postgres-file-by-file: every unloaded file is read in the loop and its rows inserted into PostgreSQL', async () => {
		const workflow = changeParameters(
			loadExample('redshift-to-postgres-file-by-file'),
			'Unload Orders',
			{ bucket: redshift.s3.bucket },
		);
		const { execution } = await runExample(workflow, 'Start');
		expectSuccess(execution);

		const files = nodeItems(execution, 'Unload Orders');
		// Ten rows over the local Redshift's four slices: several files, so the loop goes round.
		expect(files.length).toBeGreaterThan(1);
		const reads = execution.runs['Read Unloaded File'] ?? [];
		expect(reads.length).toBe(files.length);
		expect(reads.map((rows) => rows.length)).toEqual(files.map((file) => file.rowCount));
		expect(await ordersIn(targetSql, 'public.orders_copy')).toEqual(
			await ordersIn(sql, 'public.orders'),
		);
	});

	test("api-to-redshift-upsert: the API's records are upserted by id, the table created on the first run", async () => {
		const workflow = changeParameters(loadExample('api-to-redshift-upsert'), 'Fetch Users', {
			url: api.url,
		});
		const user = (id: number, name: string, city: string) => ({
			id,
			name,
			username: name.toLowerCase(),
			email: `${name.toLowerCase()}@example.com`,
			address: { street: 'Main St', city },
		});
		const usersNow = async () =>
			(
				await sql.query(
					'SELECT id, name, email, city, fetched_at IS NOT NULL AS fetched FROM public.api_users ORDER BY id',
				)
			).rows;

		api.answer([user(1, 'Ada', 'London'), user(2, 'Grace', 'Arlington')]);
		const first = await runExample(workflow, 'Every Hour');
		expectSuccess(first.execution);
		expect(await usersNow()).toEqual([
			{ id: '1', name: 'Ada', email: 'ada@example.com', city: 'London', fetched: true },
			{ id: '2', name: 'Grace', email: 'grace@example.com', city: 'Arlington', fetched: true },
		]);

		api.answer([user(1, 'Ada', 'Berlin'), user(3, 'Edsger', 'Nuenen')]);
		const executionId = await runManually(host.rest, first.saved.id, first.body, 'Every Hour');
		expectSuccess(await finishedExecution(host.rest, first.saved.id, executionId));
		expect(await usersNow()).toEqual([
			{ id: '1', name: 'Ada', email: 'ada@example.com', city: 'Berlin', fetched: true },
			{ id: '2', name: 'Grace', email: 'grace@example.com', city: 'Arlington', fetched: true },
			{ id: '3', name: 'Edsger', email: 'edsger@example.com', city: 'Nuenen', fetched: true },
		]);
		expect(api.requests).toBe(2);
	});

	test('redshift-incremental-reads: scheduled production runs hand each row to the next step once, rows tied on the cursor included', async () => {
		// Only the schedule changes: every 3 seconds instead of every 15 minutes.
		const workflow = changeParameters(
			loadExample('redshift-incremental-reads'),
			'Every 15 Minutes',
			{ rule: everySeconds(3) },
		);
		const { saved } = await importExample(workflow);
		await activateWorkflow(host.rest, saved.id, saved.versionId);

		const handled = async () =>
			(await finishedExecutions(host.rest, saved.id)).flatMap((execution) =>
				nodeItems(execution, 'Handle New Rows').map((item) => Number(item.id)),
			);
		const describe = async () =>
			`handled ids ${JSON.stringify(await handled())}; executions ${(
				await listExecutions(host.rest, saved.id)
			)
				.map((e) => `${e.id}:${e.status}`)
				.join(' ')}`;
		const allHandled = async (ids: number[]) =>
			await waitFor(
				`rows ${ids.join(', ')} to reach "Handle New Rows"`,
				180_000,
				async () => {
					const seen = await handled();
					return ids.every((id) => seen.includes(id)) ? seen : undefined;
				},
				describe,
			);

		const before = (await sql.query('SELECT id FROM public.orders')).rows.map((row) =>
			Number(row.id),
		);
		await allHandled(before);
		// One row tied with the last cursor value read (row 2's), one past it.
		await sql.query('INSERT INTO public.orders VALUES (11, $1, 11.00, $2), (12, $1, 12.00, $3)', [
			'EU',
			`${yesterday} 11:00:00`,
			`${yesterday} 12:00:00`,
		]);
		await allHandled([...before, 11, 12]);

		await deactivateWorkflow(host.rest, saved.id);
		const runs = await waitFor('the last scheduled run to finish', 120_000, async () => {
			const all = await listExecutions(host.rest, saved.id);
			return all.every((run) => !['new', 'running', 'waiting'].includes(run.status))
				? all
				: undefined;
		});
		expect(runs.every((run) => run.status === 'success' && run.mode === 'trigger')).toBe(true);
		const ids = await handled();
		expect([...ids].sort((a, b) => a - b)).toEqual([...before, 11, 12].sort((a, b) => a - b));
	});
	test('postgres-cdc-to-redshift: the snapshot and then committed inserts, updates and deletes reach Redshift, every table equal row by row', async () => {
		// The shop's tables (from the demo) replace the order examples' table of the same name.
		await sql.query('DROP TABLE public.orders');
		const shop = await createDatabase(e2ePostgres(), `examples_shop_${Date.now()}`);
		const shopSql = new Client(shop);
		await shopSql.connect();
		const slotName = `examples_shop_${Date.now()}`;
		let workflowId: string | undefined;
		try {
			await ensureShopSchema(shopSql);
			credentials.postgresReplicationApi = await createCredential(
				host.rest,
				'Shop PostgreSQL',
				'postgresReplicationApi',
				{
					host: shop.host,
					port: shop.port,
					database: shop.database,
					user: shop.user,
					password: shop.password,
					ssl: 'disable',
				},
			);
			let workflow = loadExample('postgres-cdc-to-redshift');
			const trigger = workflow.nodes.find((node) => node.type.endsWith('.postgresCdcTrigger'));
			const sink = workflow.nodes.find((node) => node.type.endsWith('.redshiftSink'));
			if (!trigger || !sink) throw new Error('the CDC example lost its trigger or its Sink');
			workflow = changeParameters(workflow, sink.name, { bucket: redshift.s3.bucket });
			// A slot is cluster-wide: a name of its own, dropped at the end.
			workflow = changeParameters(workflow, trigger.name, {
				options: { ...(trigger.parameters.options as object), slotName },
			});
			const { saved } = await importExample(workflow);
			workflowId = saved.id;
			await activateWorkflow(host.rest, saved.id, saved.versionId);

			const statuses = async () =>
				await Promise.all(
					SHOP_TABLES.map(async (table) => await compareTable(shopSql, sql, table)),
				);
			const tablesEqual = async (what: string) =>
				await waitFor(
					`every shop table in Redshift to equal the source (${what})`,
					300_000,
					async () => {
						const all = await statuses();
						return all.every(
							(status) => status.targetRows !== undefined && differingRows(status) === 0,
						)
							? all
							: undefined;
					},
					async () =>
						`${JSON.stringify(await statuses())}; executions ${(
							await listExecutions(host.rest, saved.id)
						)
							.map((e) => `${e.id}:${e.status}`)
							.join(' ')}`,
				);
			await tablesEqual('the snapshot');

			await shopSql.query('BEGIN');
			await shopSql.query(
				"INSERT INTO customers (name, email, city) VALUES ('New Customer', 'new@example.com', 'Porto')",
			);
			await shopSql.query(
				'UPDATE products SET price = price + 1, in_stock = NOT in_stock WHERE id <= 5',
			);
			await shopSql.query(
				"UPDATE orders SET status = 'refunded' WHERE id IN (SELECT id FROM orders ORDER BY id LIMIT 3)",
			);
			await shopSql.query('DELETE FROM order_items WHERE order_id = 10');
			await shopSql.query('DELETE FROM orders WHERE id = 10');
			await shopSql.query('COMMIT');
			await shopSql.query(
				"INSERT INTO page_views (customer_id, path) VALUES (1, '/checkout'), (NULL, '/')",
			);
			await shopSql.query('DELETE FROM page_views WHERE id <= 3');
			const changed = await tablesEqual('after the changes');
			expect(changed.map((status) => status.sourceRows)).toEqual(
				await Promise.all(
					SHOP_TABLES.map(async (table) =>
						Number(
							(await shopSql.query(`SELECT count(*) AS n FROM public.${table.name}`)).rows[0].n,
						),
					),
				),
			);

			await deactivateWorkflow(host.rest, saved.id);
			workflowId = undefined;
			const runs = await waitFor('the last CDC run to finish', 120_000, async () => {
				const all = await listExecutions(host.rest, saved.id);
				return all.every((run) => !['new', 'running', 'waiting'].includes(run.status))
					? all
					: undefined;
			});
			expect(runs.length).toBeGreaterThan(0);
			expect(runs.filter((run) => run.status !== 'success')).toEqual([]);
		} finally {
			if (workflowId) await deactivateWorkflow(host.rest, workflowId).catch(() => undefined);
			await waitFor("the example's slot to be released", 60_000, async () => {
				const slot = await shopSql.query(
					'SELECT active FROM pg_replication_slots WHERE slot_name = $1',
					[slotName],
				);
				return slot.rows.length === 0 || slot.rows[0].active === false ? true : undefined;
			}).catch(() => undefined);
			await shopSql
				.query(
					'SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = $1',
					[slotName],
				)
				.catch(() => undefined);
			await shopSql.end();
		}
	}, 600_000);
});
