import { pgMajorFromEnv, startEmbeddedPostgres } from './embeddedPostgres';
import { startS3Server } from './s3Server';
import { TEST_SERVERS_ENV, type TestServers } from './testServers';

type Stopper = () => Promise<void>;
const globalWithStoppers = globalThis as typeof globalThis & { __testServerStoppers?: Stopper[] };

/** Starts the real servers once for the whole integration run; workers inherit the environment. */
export default async function globalSetup(): Promise<void> {
	const stoppers: Stopper[] = [];
	globalWithStoppers.__testServerStoppers = stoppers;
	const [postgres, s3] = await Promise.all([startEmbeddedPostgres(pgMajorFromEnv()), startS3Server()]);
	stoppers.push(postgres.stop, s3.stop);
	const servers: TestServers = { postgres: postgres.connection, s3: s3.connection };
	process.env[TEST_SERVERS_ENV] = JSON.stringify(servers);
}

export async function stopTestServers(): Promise<void> {
	const stoppers = globalWithStoppers.__testServerStoppers ?? [];
	globalWithStoppers.__testServerStoppers = [];
	await Promise.allSettled(stoppers.reverse().map(async (stop) => await stop()));
}
