import { S3Client } from '@aws-sdk/client-s3';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createSecureContext } from 'node:tls';
import { Pool } from 'pg';

import { RedshiftEngine } from './engine/engine';
import { FaultInjector } from './engine/faults';
import { redshiftHandlers } from './engine/handlers';
import { toStatementResult } from './engine/pgClientSession';
import type { AutonomousQuery, EngineContext, StatementHandler } from './engine/session';
import { systemDdl as defaultSystemDdl } from './engine/systemDdl';
import { SYSTEM_SCHEMA, type SystemDdl } from './engine/systemSchema';
import { wireCertificate } from './wire/tlsCertificate';
import { startWireServer } from './wire/wireServer';

export interface LocalRedshiftOptions {
	/** The real PostgreSQL behind the fronts; the autonomous connections log in with this user. */
	postgres: { host: string; port: number; user: string; password: string };
	/** The local S3 that `s3://bucket/key` in COPY and UNLOAD refers to. */
	s3: {
		endpoint: string;
		region: string;
		accessKeyId: string;
		secretAccessKey: string;
		bucket: string;
	};
	/** Loopback ports; 0 or absent picks free ones. */
	wirePort?: number;
	dataApiPort?: number;
	/** The database the Data API front uses when it does not say which (until it passes its own). */
	database?: string;
	/** Statement handlers; default: all of Redshift's (`redshiftHandlers`). Tests pass their own. */
	handlers?: readonly StatementHandler[];
	/** System-schema DDL; default: every handler module's (`systemDdl`). */
	systemDdl?: SystemDdl;
	/** Start the Data API front when it is available; default true. */
	dataApi?: boolean;
	/** Accept TLS on the wire front (SSLRequest answered 'S'); default true, as Redshift does. */
	tls?: boolean;
	/** Folder that keeps the wire front's certificate across restarts; default: one per process. */
	certificateDir?: string;
	/**
	 * The cluster's enable_case_sensitive_identifier (its parameter group); default false, as on
	 * Redshift: quoted identifiers fold to lower case. A session changes its own with SET.
	 */
	caseSensitiveIdentifiers?: boolean;
}

export interface LocalRedshift {
	/** `certificate`: the PEM a client trusts as its CA for verify-full (absent when TLS is off). */
	wire: { host: string; port: number; certificate?: string };
	dataApi?: { endpoint: string };
	/** Arm failures on this instance only. */
	faults: FaultInjector;
	/** The engine for a database, as both fronts use it. */
	engineFor(database: string): RedshiftEngine;
	stop(): Promise<void>;
}

/** Text values, like the fronts: the autonomous records are passed on, never interpreted. */
const textValues = { getTypeParser: () => (value: string) => value };

/** Autocommit pools (one per database) for records that must survive the client's rollback. */
class AutonomousPools {
	private readonly pools = new Map<string, Pool>();

	constructor(private readonly postgres: LocalRedshiftOptions['postgres']) {}

	queryFor(database: string): AutonomousQuery {
		return async (sql, params = []) => {
			const result = await this.pool(database).query({
				text: sql,
				values: params,
				rowMode: 'array',
			});
			return toStatementResult(result);
		};
	}

	private pool(database: string): Pool {
		let pool = this.pools.get(database);
		if (!pool) {
			pool = new Pool({
				...this.postgres,
				database,
				max: 4,
				idleTimeoutMillis: 10_000,
				types: textValues,
				// Unqualified system names (stl_load_errors, …) resolve here as in client sessions.
				options: `-c search_path=public,${SYSTEM_SCHEMA}`,
			});
			// An idle client that PostgreSQL drops must not crash the process; the pool replaces it.
			pool.on('error', () => undefined);
			this.pools.set(database, pool);
		}
		return pool;
	}

	async end(): Promise<void> {
		await Promise.allSettled([...this.pools.values()].map(async (pool) => await pool.end()));
		this.pools.clear();
	}
}

function s3ClientFor(s3: LocalRedshiftOptions['s3']): S3Client {
	return new S3Client({
		endpoint: s3.endpoint,
		region: s3.region,
		forcePathStyle: true,
		credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
		// s3rver stores aws-chunked framing verbatim; checksums only when an operation needs them.
		requestChecksumCalculation: 'WHEN_REQUIRED',
		responseChecksumValidation: 'WHEN_REQUIRED',
	});
}

interface DataApiFront {
	endpoint: string;
	stop(): Promise<void>;
}

type StartDataApi = (options: {
	postgres: LocalRedshiftOptions['postgres'];
	engine: (database?: string) => RedshiftEngine;
	port?: number;
	systemDdl?: SystemDdl;
}) => Promise<DataApiFront>;

/** The Data API front is its own module; it is started when it is there. */
function loadDataApi(): StartDataApi | undefined {
	const here = __dirname;
	if (
		!existsSync(join(here, 'dataapi', 'server.ts')) &&
		!existsSync(join(here, 'dataapi', 'server.js'))
	) {
		return undefined;
	}
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const loaded = require('./dataapi/server') as { startDataApi?: StartDataApi };
	return loaded.startDataApi;
}

/**
 * Starts the local Redshift over a running PostgreSQL and S3: the Postgres-wire front and, when
 * available, the Data API front, sharing one engine per database and one fault injector.
 */
export async function startRedshiftLocal(options: LocalRedshiftOptions): Promise<LocalRedshift> {
	const faults = new FaultInjector();
	const s3 = s3ClientFor(options.s3);
	const pools = new AutonomousPools(options.postgres);
	const handlers = options.handlers ?? redshiftHandlers;
	const systemDdl = options.systemDdl ?? defaultSystemDdl;
	const engines = new Map<string, RedshiftEngine>();
	const engineFor = (database: string): RedshiftEngine => {
		let engine = engines.get(database);
		if (!engine) {
			const context: EngineContext = {
				s3,
				autonomous: pools.queryFor(database),
				faults,
				caseSensitiveIdentifiers: options.caseSensitiveIdentifiers,
			};
			engine = new RedshiftEngine(handlers, context);
			engines.set(database, engine);
		}
		return engine;
	};
	const stoppers: Array<() => Promise<void>> = [];
	const stop = async () => {
		for (const stopOne of stoppers.splice(0).reverse()) await stopOne().catch(() => undefined);
		await pools.end();
		s3.destroy();
	};
	try {
		const certificate =
			options.tls === false ? undefined : await wireCertificate(options.certificateDir);
		const wire = await startWireServer({
			backend: { host: options.postgres.host, port: options.postgres.port },
			engineFor,
			faults,
			systemDdl,
			port: options.wirePort,
			tls: certificate
				? createSecureContext({ cert: certificate.certificate, key: certificate.privateKey })
				: undefined,
		});
		stoppers.push(wire.stop);
		let dataApi: DataApiFront | undefined;
		const startDataApi = options.dataApi === false ? undefined : loadDataApi();
		if (startDataApi) {
			// The Data API names each statement's database; the fallback only covers a caller that does not.
			const fallbackDatabase = options.database ?? 'dev';
			dataApi = await startDataApi({
				postgres: options.postgres,
				engine: (database?: string) => engineFor(database ?? fallbackDatabase),
				port: options.dataApiPort,
				systemDdl,
			});
			stoppers.push(dataApi.stop);
		}
		return {
			wire: { host: wire.host, port: wire.port, certificate: certificate?.certificate },
			dataApi: dataApi ? { endpoint: dataApi.endpoint } : undefined,
			faults,
			engineFor,
			stop,
		};
	} catch (error) {
		await stop();
		throw error;
	}
}
