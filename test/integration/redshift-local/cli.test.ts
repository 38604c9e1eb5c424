import {
	DescribeStatementCommand,
	ExecuteStatementCommand,
	GetStatementResultCommand,
	RedshiftDataClient,
} from '@aws-sdk/client-redshift-data';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Client } from 'pg';

const REPOSITORY_ROOT = `${__dirname}/../../..`;

/** Reads the command's stdout lines up to READY; fails with what it printed if it exits first. */
async function linesUntilReady(child: ChildProcess, stderr: string[]): Promise<string[]> {
	const lines: string[] = [];
	const reader = createInterface({ input: child.stdout! });
	const exited = once(child, 'exit').then(([code]) => {
		throw new Error(
			`npm run redshift-local exited with ${code} before READY:\n${lines.join('\n')}\n${stderr.join('')}`,
		);
	});
	const ready = (async () => {
		for await (const line of reader) {
			lines.push(line);
			if (line === 'READY') return lines;
		}
		return lines;
	})();
	return await Promise.race([ready, exited]);
}

function valueOf(lines: string[], key: string): string {
	const line = lines.find((candidate) => candidate.startsWith(`${key}=`));
	if (!line)
		throw new Error(
			`npm run redshift-local did not print ${key}=…; it printed:\n${lines.join('\n')}`,
		);
	return line.slice(key.length + 1);
}

describe('npm run redshift-local', () => {
	let child: ChildProcess | undefined;

	afterAll(() => {
		if (child && child.exitCode === null) child.kill('SIGTERM');
	});

	it('prints how to reach PostgreSQL wire, Data API and S3 (each answers), then READY, and stops on SIGTERM', async () => {
		const stderr: string[] = [];
		// The test runs the very command people run; the community-node rule against spawning does not apply to tests.
		// eslint-disable-next-line @n8n/community-nodes/no-dangerous-functions
		child = spawn('npm', ['run', '--silent', 'redshift-local'], {
			cwd: REPOSITORY_ROOT,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		child.stderr!.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
		const lines = await linesUntilReady(child, stderr);

		const keys = lines.map((line) => line.split('=')[0]);
		const expectedKeys = [
			'REDSHIFT_URL',
			'REDSHIFT_CA_FILE',
			'REDSHIFT_DATA_API_ENDPOINT',
			'S3_ENDPOINT',
			'S3_BUCKET',
			'S3_ACCESS_KEY_ID',
			'S3_SECRET_ACCESS_KEY',
			'READY',
		];
		expect(keys).toEqual(
			expectedKeys.filter((key) => key !== 'REDSHIFT_DATA_API_ENDPOINT' || keys.includes(key)),
		);
		const url = valueOf(lines, 'REDSHIFT_URL');
		expect(url).toMatch(/^postgres:\/\/[^:]+:[^@]+@127\.0\.0\.1:\d+\/dev$/);
		if (keys.includes('REDSHIFT_DATA_API_ENDPOINT')) {
			expect(valueOf(lines, 'REDSHIFT_DATA_API_ENDPOINT')).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
		}
		expect(valueOf(lines, 'S3_ENDPOINT')).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

		const client = new Client({ connectionString: url });
		await client.connect();
		const { rows } = await client.query(
			'SELECT current_database() AS database, current_setting($1) AS path',
			['search_path'],
		);
		await client.end();
		expect(rows).toEqual([{ database: 'dev', path: '"$user", public, redshift_system' }]);

		const s3 = new S3Client({
			endpoint: valueOf(lines, 'S3_ENDPOINT'),
			region: 'us-east-1',
			forcePathStyle: true,
			credentials: {
				accessKeyId: valueOf(lines, 'S3_ACCESS_KEY_ID'),
				secretAccessKey: valueOf(lines, 'S3_SECRET_ACCESS_KEY'),
			},
			requestChecksumCalculation: 'WHEN_REQUIRED',
			responseChecksumValidation: 'WHEN_REQUIRED',
		});
		const bucket = valueOf(lines, 'S3_BUCKET');
		await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'cli/hello.txt', Body: 'hello' }));
		const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'cli/hello.txt' }));
		expect(await object.Body!.transformToString()).toBe('hello');
		s3.destroy();

		if (keys.includes('REDSHIFT_DATA_API_ENDPOINT')) {
			const dataApi = new RedshiftDataClient({
				endpoint: valueOf(lines, 'REDSHIFT_DATA_API_ENDPOINT'),
				region: 'us-east-1',
				credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
				maxAttempts: 1,
			});
			const { Id } = await dataApi.send(
				new ExecuteStatementCommand({
					ClusterIdentifier: 'local',
					Database: 'dev',
					DbUser: 'awsuser',
					Sql: 'SELECT 41 + 1 AS answer',
				}),
			);
			let status = 'SUBMITTED';
			while (!['FINISHED', 'FAILED', 'ABORTED'].includes(status)) {
				await new Promise((resolve) => setTimeout(resolve, 20));
				status = (await dataApi.send(new DescribeStatementCommand({ Id }))).Status ?? 'UNKNOWN';
			}
			expect(status).toBe('FINISHED');
			const result = await dataApi.send(new GetStatementResultCommand({ Id }));
			expect(result.Records).toEqual([[{ longValue: 42 }]]);
			dataApi.destroy();
		}

		const exit = once(child, 'exit');
		child.kill('SIGTERM');
		const [code] = (await exit) as [number | null];
		expect(code).toBe(0);
		// Everything it started is gone: the wire front no longer accepts connections.
		await expect(
			new Client({ connectionString: url, connectionTimeoutMillis: 2000 }).connect(),
		).rejects.toThrow();
	}, 120_000);

	describe('with --data-dir', () => {
		const parent = mkdtempSync(join(tmpdir(), 'redshift-local-cli-'));
		// As root, PostgreSQL runs as the postgres user, which must reach the folder.
		chmodSync(parent, 0o755);
		const dataDir = join(parent, 'data');
		let running: ChildProcess | undefined;

		afterAll(async () => {
			if (running && running.exitCode === null) {
				const exit = once(running, 'exit');
				running.kill('SIGTERM');
				await exit;
			}
			rmSync(parent, { recursive: true, force: true });
		});

		const start = async (): Promise<string[]> => {
			const stderr: string[] = [];
			// eslint-disable-next-line @n8n/community-nodes/no-dangerous-functions
			running = spawn('npm', ['run', '--silent', 'redshift-local', '--', '--data-dir', dataDir], {
				cwd: REPOSITORY_ROOT,
				stdio: ['ignore', 'pipe', 'pipe'],
			});
			running.stderr!.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
			return await linesUntilReady(running, stderr);
		};
		const stop = async (): Promise<void> => {
			const exit = once(running!, 'exit');
			running!.kill('SIGTERM');
			const [code] = (await exit) as [number | null];
			expect(code).toBe(0);
		};
		const s3Of = (lines: string[]) =>
			new S3Client({
				endpoint: valueOf(lines, 'S3_ENDPOINT'),
				region: 'us-east-1',
				forcePathStyle: true,
				credentials: {
					accessKeyId: valueOf(lines, 'S3_ACCESS_KEY_ID'),
					secretAccessKey: valueOf(lines, 'S3_SECRET_ACCESS_KEY'),
				},
				requestChecksumCalculation: 'WHEN_REQUIRED',
				responseChecksumValidation: 'WHEN_REQUIRED',
			});

		it('keeps PostgreSQL and S3 data and comes back on the same ports and certificate', async () => {
			const first = await start();
			const url = valueOf(first, 'REDSHIFT_URL');
			const writer = new Client({ connectionString: url });
			await writer.connect();
			await writer.query('CREATE TABLE kept (id INT PRIMARY KEY, note VARCHAR(20))');
			await writer.query(`INSERT INTO kept VALUES (1, 'before restart')`);
			await writer.end();
			const s3 = s3Of(first);
			await s3.send(
				new PutObjectCommand({
					Bucket: valueOf(first, 'S3_BUCKET'),
					Key: 'kept/a.txt',
					Body: 'kept',
				}),
			);
			s3.destroy();
			const certificate = readFileSync(valueOf(first, 'REDSHIFT_CA_FILE'), 'utf8');
			await stop();
			await expect(
				new Client({ connectionString: url, connectionTimeoutMillis: 2000 }).connect(),
			).rejects.toThrow();

			const second = await start();
			// Same ports (wire, Data API with its control plane, S3) and the same password.
			expect(second).toEqual(first);
			const reader = new Client({
				connectionString: url,
				ssl: {
					ca: readFileSync(valueOf(second, 'REDSHIFT_CA_FILE'), 'utf8'),
					rejectUnauthorized: true,
				},
			});
			await reader.connect();
			expect((await reader.query('SELECT id, note FROM kept')).rows).toEqual([
				{ id: 1, note: 'before restart' },
			]);
			await reader.end();
			expect(readFileSync(valueOf(second, 'REDSHIFT_CA_FILE'), 'utf8')).toBe(certificate);
			const s3Again = s3Of(second);
			const object = await s3Again.send(
				new GetObjectCommand({ Bucket: valueOf(second, 'S3_BUCKET'), Key: 'kept/a.txt' }),
			);
			expect(await object.Body!.transformToString()).toBe('kept');
			s3Again.destroy();
			await stop();
		}, 180_000);
	});
});
