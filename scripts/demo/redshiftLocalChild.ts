/* eslint-disable @n8n/community-nodes/no-dangerous-functions -- the demo starts the local Redshift; never shipped in dist/ */
import { spawn } from 'node:child_process';

import { REPO_ROOT } from '../../test/e2e/support/nodesPackage';

export interface RedshiftLocalEndpoints {
	wire: { host: string; port: number; database: string; user: string; password: string };
	s3: { endpoint: string; bucket: string; accessKeyId: string; secretAccessKey: string };
}

export interface RedshiftLocalChild extends RedshiftLocalEndpoints {
	stop(): Promise<void>;
}

function endpointsFrom(values: Record<string, string>): RedshiftLocalEndpoints {
	const url = new URL(values.REDSHIFT_URL);
	return {
		wire: {
			host: url.hostname,
			port: Number(url.port),
			database: url.pathname.slice(1),
			user: decodeURIComponent(url.username),
			password: decodeURIComponent(url.password),
		},
		s3: {
			endpoint: values.S3_ENDPOINT,
			bucket: values.S3_BUCKET,
			accessKeyId: values.S3_ACCESS_KEY_ID,
			secretAccessKey: values.S3_SECRET_ACCESS_KEY,
		},
	};
}

/**
 * `npm run redshift-local -- --data-dir DIR` as a child process (its own PostgreSQL and S3): the data
 * stays in DIR, so a kept demo comes back with the same target tables on the same ports.
 */
export async function startRedshiftLocalChild(
	dataDir: string,
	timeoutMs = 180_000,
): Promise<RedshiftLocalChild> {
	const child = spawn(
		process.execPath,
		['--import', 'tsx', 'redshift-local/cli.ts', '--data-dir', dataDir],
		{
			cwd: REPO_ROOT,
			env: {
				...process.env,
				NODE_OPTIONS: '--openssl-legacy-provider',
				AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
			},
			// Its own process group: Ctrl-C reaches the demo only, which stops the child in order.
			detached: true,
			stdio: ['ignore', 'pipe', 'pipe'],
		},
	);
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	let output = '';
	let errors = '';
	child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
	try {
		const values = await new Promise<Record<string, string>>((resolve, reject) => {
			const timer = setTimeout(
				() => reject(new Error(`the local Redshift did not start in ${timeoutMs} ms: ${errors}`)),
				timeoutMs,
			);
			child.stdout.on('data', (chunk: Buffer) => {
				output += chunk.toString();
				if (!/^READY$/m.test(output)) return;
				clearTimeout(timer);
				const pairs = output
					.split('\n')
					.map((line) => /^([A-Z0-9_]+)=(.*)$/.exec(line.trim()))
					.filter((match): match is RegExpExecArray => match !== null)
					.map((match) => [match[1], match[2]]);
				resolve(Object.fromEntries(pairs));
			});
			void exited.then(() => {
				clearTimeout(timer);
				reject(new Error(`the local Redshift exited before it was ready: ${errors}`));
			});
		});
		return { ...endpointsFrom(values), stop: async () => await stopChild() };
	} catch (error) {
		await stopChild();
		throw error;
	}

	async function stopChild(): Promise<void> {
		if (child.exitCode !== null || child.signalCode !== null) return;
		child.kill('SIGTERM');
		let timer: NodeJS.Timeout | undefined;
		const stopped = await Promise.race([
			exited.then(() => true),
			new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), 30_000))),
		]);
		clearTimeout(timer);
		if (!stopped) {
			child.kill('SIGKILL');
			await exited;
		}
		child.stdout.destroy();
		child.stderr.destroy();
	}
}
