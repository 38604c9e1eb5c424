import { pgMajorFromEnv, startEmbeddedPostgres } from './embeddedPostgres';
import { startS3Server } from './s3Server';
import { startSslPostgres } from './sslPostgres';
import { TEST_SERVERS_ENV, type TestServers } from './testServers';

type Stopper = () => Promise<void>;
const globalWithStoppers = globalThis as typeof globalThis & { __testServerStoppers?: Stopper[] };

/** Starts the real servers once for the whole integration run; workers inherit the environment. */
export default async function globalSetup(): Promise<void> {
	const stoppers: Stopper[] = [];
	globalWithStoppers.__testServerStoppers = stoppers;
	const major = pgMajorFromEnv();
	const [postgres, s3, sslPostgres] = await Promise.all([
		startEmbeddedPostgres(major),
		startS3Server(),
		startSslPostgres(major),
	]);
	stoppers.push(postgres.stop, s3.stop, sslPostgres.stop);
	const servers: TestServers = {
		postgres: postgres.connection,
		s3: s3.connection,
		sslPostgres: { ...sslPostgres.connection, certificate: sslPostgres.certificate },
	};
	process.env[TEST_SERVERS_ENV] = JSON.stringify(servers);
}

export async function stopTestServers(): Promise<void> {
	const stoppers = globalWithStoppers.__testServerStoppers ?? [];
	globalWithStoppers.__testServerStoppers = [];
	await Promise.allSettled(stoppers.reverse().map(async (stop) => await stop()));
}
