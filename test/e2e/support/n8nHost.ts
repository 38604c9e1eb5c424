/* eslint-disable @n8n/community-nodes/no-dangerous-functions -- test tooling that starts n8n and npm; never shipped in dist/ */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readFileSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';

import type { PostgresConnection } from '../../support/embeddedPostgres';
import { freePort } from '../../support/freePort';
import { N8nRest, type OwnerLogin } from './n8nRest';
import { REPO_ROOT } from './nodesPackage';

export const N8N_E2E_VERSION = '2.8.4';
export const N8N_HOST_DIR = process.env.N8N_E2E_DIR ?? join(REPO_ROOT, '.cache/n8n-e2e');
const N8N_BIN = join(N8N_HOST_DIR, 'node_modules/n8n/bin/n8n');

/** Fails with the command to run when the pinned n8n is not installed. */
export function assertN8nInstalled(): void {
	const manifest = join(N8N_HOST_DIR, 'node_modules/n8n/package.json');
	const version = existsSync(manifest)
		? (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version
		: undefined;
	if (version !== N8N_E2E_VERSION) {
		throw new Error(
			`n8n ${N8N_E2E_VERSION} is not installed in ${N8N_HOST_DIR} (found ${version ?? 'nothing'}): run "bash test/e2e/support/installN8n.sh" (or "npm run test:e2e", which does it).`,
		);
	}
}

export interface N8nHostOptions {
	/** Temp directory; n8n keeps its data in `<userFolder>/.n8n`. */
	userFolder: string;
	/** Where n8n's output is appended (kept for diagnosis). */
	logFile: string;
	/**
	 * n8n's own database. PostgreSQL needs no native module (SQLite needs sqlite3 compiled from source
	 * here, which needs python3, make and a C++ compiler).
	 */
	database: { kind: 'sqlite' } | { kind: 'postgres'; connection: PostgresConnection };
	/** Extra environment for n8n (e.g. N8N_LOG_LEVEL). */
	env?: Record<string, string>;
}

/** Which database n8n keeps its own data in: N8N_E2E_DB=postgres (default) or sqlite. */
export function n8nDatabaseKindFromEnv(value = process.env.N8N_E2E_DB): 'postgres' | 'sqlite' {
	if (value === undefined || value === '' || value === 'postgres') return 'postgres';
	if (value === 'sqlite') return 'sqlite';
	throw new Error(`N8N_E2E_DB=${value} is not supported: use postgres or sqlite`);
}

const sleep = async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One headless `n8n start` on free loopback ports with an isolated user folder: its own database, regular
 * execution mode, internal task runner, diagnostics and outbound calls off. Restartable on the same
 * folder (same encryption key and owner), so workflows, credentials and executions survive restarts.
 */
export class N8nHost {
	readonly owner: OwnerLogin = {
		email: 'owner@example.com',
		// n8n wants 8+ characters with a digit and an upper-case letter.
		password: `E2e-1${randomBytes(9).toString('hex')}`,
	};
	readonly n8nFolder: string;
	rest!: N8nRest;
	/** Milliseconds from spawn until the REST API answered, for every start so far. */
	readonly startTimesMs: number[] = [];

	private child: ChildProcess | undefined;
	private exited: Promise<number | null> | undefined;
	private logStream: WriteStream | undefined;
	private output = '';
	private ownerCreated = false;
	private readonly encryptionKey = randomBytes(24).toString('hex');

	constructor(private readonly options: N8nHostOptions) {
		this.n8nFolder = join(options.userFolder, '.n8n');
		mkdirSync(this.n8nFolder, { recursive: true });
	}

	get running(): boolean {
		return this.child !== undefined;
	}

	/** Everything n8n printed since this host object was created. */
	get log(): string {
		return this.output;
	}

	/** Starts n8n, waits until the REST API answers, and signs the owner in. */
	async start(): Promise<number> {
		if (this.child) throw new Error('n8n is already running');
		assertN8nInstalled();
		const port = await freePort();
		const brokerPort = await freePort();
		const started = Date.now();
		this.logStream ??= createWriteStream(this.options.logFile, { flags: 'a' });
		const child = spawn(process.execPath, [N8N_BIN, 'start'], {
			cwd: this.options.userFolder,
			env: this.environment(port, brokerPort),
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		this.child = child;
		this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
		const record = (chunk: Buffer) => {
			this.output += chunk.toString();
			this.logStream?.write(chunk);
		};
		child.stdout?.on('data', record);
		child.stderr?.on('data', record);
		void this.exited.then(() => {
			if (this.child === child) this.child = undefined;
		});

		this.rest = new N8nRest(`http://127.0.0.1:${port}`);
		try {
			await this.waitUntil(120_000, 'the readiness endpoint answers 200', async () => {
				const response = await this.rest.raw('GET', '/healthz/readiness').catch(() => undefined);
				return response?.status === 200;
			});
			// /rest/* routes are mounted a moment after readiness (404 until then).
			await this.waitUntil(60_000, 'the REST API is mounted', async () => {
				const response = await this.rest.raw('GET', '/rest/settings').catch(() => undefined);
				return response !== undefined && response.status !== 404;
			});
			if (this.ownerCreated) {
				await this.rest.login(this.owner);
			} else {
				await this.rest.setupOwner(this.owner);
				this.ownerCreated = true;
			}
		} catch (error) {
			await this.stop().catch(() => undefined);
			throw new Error(
				`n8n did not start: ${(error as Error).message}\nLast output:\n${this.output.slice(-4000)}`,
			);
		}
		const elapsed = Date.now() - started;
		this.startTimesMs.push(elapsed);
		return elapsed;
	}

	/** SIGTERM (graceful: n8n closes triggers and waits for running executions); SIGKILL after `capMs`. */
	async stop(capMs = 60_000): Promise<number> {
		const child = this.child;
		if (!child || !this.exited) return 0;
		const started = Date.now();
		child.kill('SIGTERM');
		let timer: NodeJS.Timeout | undefined;
		const code = await Promise.race([
			this.exited,
			new Promise<'timeout'>((resolve) => {
				timer = setTimeout(() => resolve('timeout'), capMs);
			}),
		]);
		clearTimeout(timer);
		if (code === 'timeout') {
			child.kill('SIGKILL');
			await this.exited;
			throw new Error(`n8n did not exit within ${capMs} ms of SIGTERM; it was killed`);
		}
		this.child = undefined;
		return Date.now() - started;
	}

	/** A crash: SIGKILL, no shutdown hooks run. */
	async kill(): Promise<void> {
		const child = this.child;
		if (!child || !this.exited) return;
		child.kill('SIGKILL');
		await this.exited;
		this.child = undefined;
	}

	/** Waits until n8n's output (from `fromOffset` on) matches; fails with the output's tail. */
	async waitForLog(pattern: RegExp, timeoutMs: number, fromOffset = 0): Promise<RegExpMatchArray> {
		let match: RegExpMatchArray | null = null;
		await this.waitUntil(timeoutMs, `n8n logs ${pattern}`, async () => {
			match = this.output.slice(fromOffset).match(pattern);
			return await Promise.resolve(match !== null);
		});
		return match as unknown as RegExpMatchArray;
	}

	async close(): Promise<void> {
		await this.stop().catch(async () => await this.kill());
		await new Promise<void>((resolve) => {
			if (this.logStream) this.logStream.end(resolve);
			else resolve();
		});
		this.logStream = undefined;
	}

	private environment(port: number, brokerPort: number): NodeJS.ProcessEnv {
		return {
			PATH: process.env.PATH,
			HOME: process.env.HOME,
			TZ: 'UTC',
			N8N_USER_FOLDER: this.options.userFolder,
			N8N_ENCRYPTION_KEY: this.encryptionKey,
			N8N_PORT: String(port),
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_HOST: '127.0.0.1',
			N8N_RUNNERS_BROKER_PORT: String(brokerPort),
			N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
			...this.databaseEnvironment(),
			EXECUTIONS_MODE: 'regular',
			N8N_SECURE_COOKIE: 'false',
			N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_HIRING_BANNER_ENABLED: 'false',
			N8N_LOG_LEVEL: 'debug',
			N8N_LOG_OUTPUT: 'console',
			...this.options.env,
		};
	}

	private databaseEnvironment(): Record<string, string> {
		const { database } = this.options;
		if (database.kind === 'sqlite') return { DB_TYPE: 'sqlite' };
		return {
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: database.connection.host,
			DB_POSTGRESDB_PORT: String(database.connection.port),
			DB_POSTGRESDB_DATABASE: database.connection.database,
			DB_POSTGRESDB_USER: database.connection.user,
			DB_POSTGRESDB_PASSWORD: database.connection.password,
			DB_POSTGRESDB_SCHEMA: 'public',
		};
	}

	private async waitUntil(
		timeoutMs: number,
		what: string,
		check: () => Promise<boolean>,
	): Promise<void> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			if (await check()) return;
			if (!this.child) throw new Error(`n8n exited while waiting until ${what}`);
			if (Date.now() > deadline)
				throw new Error(`gave up after ${timeoutMs} ms waiting until ${what}`);
			await sleep(200);
		}
	}
}
