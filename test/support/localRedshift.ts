import type { ClientConfig } from 'pg';

import type { FaultInjector } from '../../redshift-local/engine/faults';
import type { StatementHandler } from '../../redshift-local/engine/session';
import type { SystemDdl } from '../../redshift-local/engine/systemSchema';
import { startRedshiftLocal, type LocalRedshift } from '../../redshift-local/server';
import { freshDatabase, testServers } from './testServers';

export interface LocalRedshiftForTests {
	/** node-postgres settings that reach the fresh database THROUGH the wire front. */
	pgConfig: ClientConfig;
	faults: FaultInjector;
	dataApiEndpoint?: string;
	database: string;
	/** The running instance (engine per database, ports); a new one after `bringBack`. */
	instance: LocalRedshift;
	stop(): Promise<void>;
	/** An outage: the fronts stop (clients are cut off, open transactions roll back); the data stays. */
	takeDown(): Promise<void>;
	/** Ends the outage: the fronts start again on the same ports with the same data (new fault injector). */
	bringBack(): Promise<void>;
}

export interface LocalRedshiftTestOptions {
	/** Replace Redshift's handlers (e.g. a test-local handler). */
	handlers?: readonly StatementHandler[];
	systemDdl?: SystemDdl;
	/** Start the Data API front too; default true. */
	dataApi?: boolean;
	/** The cluster's enable_case_sensitive_identifier; default false (quoted names fold to lower case). */
	caseSensitiveIdentifiers?: boolean;
}

/**
 * A local Redshift of its own for one test file: a fresh database on the shared PostgreSQL, the
 * fronts on free loopback ports and a fault injector no other file can arm.
 */
export async function startLocalRedshift(
	prefix: string,
	options: LocalRedshiftTestOptions = {},
): Promise<LocalRedshiftForTests> {
	const { postgres, s3 } = testServers();
	const { database } = await freshDatabase(prefix);
	const start = async (ports: { wirePort?: number; dataApiPort?: number } = {}) =>
		await startRedshiftLocal({
			postgres: {
				host: postgres.host,
				port: postgres.port,
				user: postgres.user,
				password: postgres.password,
			},
			s3,
			database,
			handlers: options.handlers,
			systemDdl: options.systemDdl,
			dataApi: options.dataApi,
			caseSensitiveIdentifiers: options.caseSensitiveIdentifiers,
			...ports,
		});
	const instance = await start();
	const ports = {
		wirePort: instance.wire.port,
		dataApiPort: instance.dataApi ? Number(new URL(instance.dataApi.endpoint).port) : undefined,
	};
	let running: LocalRedshift | undefined = instance;
	const local: LocalRedshiftForTests = {
		pgConfig: {
			host: instance.wire.host,
			port: instance.wire.port,
			user: postgres.user,
			password: postgres.password,
			database,
		},
		faults: instance.faults,
		dataApiEndpoint: instance.dataApi?.endpoint,
		database,
		instance,
		stop: async () => {
			await running?.stop();
			running = undefined;
		},
		takeDown: async () => await local.stop(),
		async bringBack() {
			if (running) throw new Error('the local Redshift is running; takeDown() first');
			running = await start(ports);
			local.instance = running;
			local.faults = running.faults;
		},
	};
	return local;
}
