/* eslint-disable @n8n/community-nodes/no-dangerous-functions -- test tooling that starts the local Redshift; never shipped in dist/ */
import { spawn, type ChildProcess } from 'node:child_process';

import { REPO_ROOT } from './nodesPackage';

/** What `npm run redshift-local` prints once it is ready. */
export interface RedshiftLocalProcess {
	wire: { host: string; port: number; database: string; user: string; password: string };
	dataApiEndpoint?: string;
	s3: { endpoint: string; bucket: string; accessKeyId: string; secretAccessKey: string };
	stop(): Promise<void>;
}

/**
 * The project's local Redshift in a child process (its own embedded PostgreSQL and S3): the e2e
 * jest runtime cannot load its ESM-only Parquet dependency in-process.
 */
export async function startRedshiftLocalProcess(
	timeoutMs = 120_000,
): Promise<RedshiftLocalProcess> {
	const child: ChildProcess = spawn(
		process.execPath,
		['--import', 'tsx', 'redshift-local/cli.ts'],
		{
			cwd: REPO_ROOT,
			env: {
				...process.env,
				NODE_OPTIONS: '--openssl-legacy-provider',
				AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
			},
			stdio: ['ignore', 'pipe', 'pipe'],
		},
	);
	const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
	let output = '';
	let errors = '';
	child.stderr?.on('data', (chunk: Buffer) => (errors += chunk.toString()));
	const values = await new Promise<Record<string, string>>((resolve, reject) => {
		const timer = setTimeout(() => {
			child.kill('SIGKILL');
			reject(new Error(`the local Redshift did not start in ${timeoutMs} ms: ${errors}`));
		}, timeoutMs);
		child.stdout?.on('data', (chunk: Buffer) => {
			output += chunk.toString();
			if (!/^READY$/m.test(output)) return;
			clearTimeout(timer);
			const entries = output
				.split('\n')
				.map((line) => /^([A-Z0-9_]+)=(.*)$/.exec(line.trim()))
				.filter((match): match is RegExpExecArray => match !== null)
				.map((match) => [match[1], match[2]]);
			resolve(Object.fromEntries(entries));
		});
		void exited.then((code) => {
			clearTimeout(timer);
			reject(new Error(`the local Redshift exited with ${code} before it was ready: ${errors}`));
		});
	});
	const url = new URL(values.REDSHIFT_URL);
	return {
		wire: {
			host: url.hostname,
			port: Number(url.port),
			database: url.pathname.slice(1),
			user: decodeURIComponent(url.username),
			password: decodeURIComponent(url.password),
		},
		dataApiEndpoint: values.REDSHIFT_DATA_API_ENDPOINT,
		s3: {
			endpoint: values.S3_ENDPOINT,
			bucket: values.S3_BUCKET,
			accessKeyId: values.S3_ACCESS_KEY_ID,
			secretAccessKey: values.S3_SECRET_ACCESS_KEY,
		},
		async stop() {
			if (child.exitCode !== null || child.signalCode !== null) return;
			child.kill('SIGTERM');
			let timer: NodeJS.Timeout | undefined;
			const stopped = await Promise.race([
				exited.then(() => true),
				new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), 30_000))),
			]);
			clearTimeout(timer);
			if (!stopped) child.kill('SIGKILL');
			// Closed pipes, so that jest finds no open handle after the suite.
			child.stdout?.destroy();
			child.stderr?.destroy();
		},
	};
}
