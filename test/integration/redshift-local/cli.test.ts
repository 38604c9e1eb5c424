import {
	DescribeStatementCommand,
	ExecuteStatementCommand,
	GetStatementResultCommand,
	RedshiftDataClient,
} from '@aws-sdk/client-redshift-data';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
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
});
