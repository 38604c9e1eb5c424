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
	/** The running instance (engine per database, ports). */
	instance: LocalRedshift;
	stop(): Promise<void>;
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
	const instance = await startRedshiftLocal({
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
	});
	return {
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
		stop: instance.stop,
	};
}
