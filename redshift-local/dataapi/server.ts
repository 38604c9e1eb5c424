import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { createControlPlane, type ControlPlane } from '../controlplane';
import type { RedshiftEngine } from '../engine/engine';
import { systemDdl } from '../engine/systemDdl';
import type { SystemDdl } from '../engine/systemSchema';
import { describeTable, listDatabases, listSchemas, listTables } from './catalogOperations';
import type { DataApiContext, Operation, OperationOutput } from './dataApiContext';
import type { PostgresServer } from './dataApiSession';
import { describeStatement, listStatements } from './describeStatements';
import { DataApiError, validationError } from './errors';
import { listSessions } from './listSessions';
import { SessionRegistry } from './sessionRegistry';
import { getStatementResult } from './statementResults';
import { StatementRunner } from './statementRunner';
import { StatementStore } from './statementStore';
import { batchExecuteStatement, cancelStatement, executeStatement } from './submitStatements';

export interface DataApiOptions {
	/** The PostgreSQL server behind the local Redshift; a request's Database is a database there. */
	postgres: PostgresServer;
	/**
	 * The engine statements run through: one for all, or one per database (a function is asked for
	 * each statement with the request's Database, whose autonomous connection must be that database's).
	 */
	engine: RedshiftEngine | ((database: string) => RedshiftEngine);
	/** Loopback port to listen on; 0 or absent picks a free one. */
	port?: number;
	/** System-schema DDL each database gets before its first session; default: engine/systemDdl.ts. */
	systemDdl?: SystemDdl;
	/** Rows per GetStatementResult page; default 1000. */
	pageRows?: number;
	/** A result above this many bytes fails its statement; default 100 MB, Redshift's Data API limit. */
	maxResultBytes?: number;
	/** Results kept in memory at most, oldest dropped first; default 512 MB. */
	maxRetainedResultBytes?: number;
	/** How long statements and results are kept; default 24 hours, as Redshift does. */
	retentionMs?: number;
	/**
	 * Statements running at once (each holds a PostgreSQL connection) before
	 * ActiveStatementsExceededException; default 32 (Redshift allows 200 per cluster).
	 */
	maxActiveStatements?: number;
	/**
	 * The control plane served on the same endpoint (GetClusterCredentials, Serverless GetCredentials);
	 * `now` lets tests issue credentials that expire soon. Default: on, with the real clock.
	 */
	controlPlane?: { now?: () => number } | false;
}

export interface DataApi {
	/** `http://127.0.0.1:PORT`, the `endpoint` for `new RedshiftDataClient({ endpoint, … })`. */
	endpoint: string;
	stop(): Promise<void>;
}

const MEGABYTE = 1024 * 1024;
const MAX_REQUEST_BYTES = 16 * MEGABYTE;

/** The operations of `X-Amz-Target: RedshiftData.<Operation>` this endpoint emulates. */
const OPERATIONS: Record<string, Operation> = {
	ExecuteStatement: executeStatement,
	BatchExecuteStatement: batchExecuteStatement,
	DescribeStatement: describeStatement,
	GetStatementResult: getStatementResult,
	CancelStatement: cancelStatement,
	ListStatements: listStatements,
	ListSessions: listSessions,
	ListDatabases: listDatabases,
	ListSchemas: listSchemas,
	ListTables: listTables,
	DescribeTable: describeTable,
};

async function readBody(request: IncomingMessage): Promise<Record<string, unknown>> {
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of request) {
		size += (chunk as Buffer).length;
		if (size > MAX_REQUEST_BYTES)
			throw new DataApiError('SerializationException', 'The request body is too large.');
		chunks.push(chunk as Buffer);
	}
	const text = Buffer.concat(chunks).toString('utf8');
	if (text.trim() === '') return {};
	try {
		const body: unknown = JSON.parse(text);
		if (typeof body !== 'object' || body === null || Array.isArray(body))
			throw new Error('not an object');
		return body as Record<string, unknown>;
	} catch {
		throw new DataApiError('SerializationException', 'The request body is not a JSON object.');
	}
}

function operationFor(request: IncomingMessage): Operation {
	const target = String(request.headers['x-amz-target'] ?? '');
	const [service, name] = target.split('.');
	if (request.method !== 'POST' || service !== 'RedshiftData' || !name) {
		throw new DataApiError(
			'UnknownOperationException',
			`Expected POST / with X-Amz-Target: RedshiftData.<Operation>, got ${request.method} ${target || '(none)'}.`,
		);
	}
	const operation = OPERATIONS[name];
	if (!operation) {
		throw validationError(
			`The local Redshift Data API does not emulate ${name}; it emulates ${Object.keys(OPERATIONS).join(', ')}.`,
		);
	}
	return operation;
}

function send(response: ServerResponse, status: number, json: string): void {
	response.writeHead(status, {
		'content-type': 'application/x-amz-json-1.1',
		'content-length': Buffer.byteLength(json),
		'x-amzn-requestid': randomUUID(),
	});
	response.end(json);
}

function serialise(output: OperationOutput): string {
	return 'json' in output && typeof output.json === 'string' ? output.json : JSON.stringify(output);
}

async function handle(
	request: IncomingMessage,
	response: ServerResponse,
	context: DataApiContext,
	controlPlane?: ControlPlane,
): Promise<void> {
	// Control-plane requests (awsQuery forms, RedshiftServerless targets) have their own module.
	if (controlPlane?.handles(request)) return await controlPlane.handle(request, response);
	try {
		const operation = operationFor(request);
		const body = await readBody(request);
		send(response, 200, serialise(await operation(body, context)));
	} catch (error) {
		const failure =
			error instanceof DataApiError
				? error
				: new DataApiError(
						'InternalServerException',
						`The local Data API failed: ${(error as Error).message}`,
					);
		send(response, failure.status, failure.toJson());
	}
}

/**
 * Starts a Redshift Data API endpoint (awsJson1_1, as `@aws-sdk/client-redshift-data` speaks it) on
 * loopback, running every statement through the Redshift engine on a real PostgreSQL session.
 */
export async function startDataApi(options: DataApiOptions): Promise<DataApi> {
	const engine =
		typeof options.engine === 'function' ? options.engine : () => options.engine as RedshiftEngine;
	const store = new StatementStore({
		retentionMs: options.retentionMs ?? 24 * 60 * 60 * 1000,
		maxRetainedResultBytes: options.maxRetainedResultBytes ?? 512 * MEGABYTE,
	});
	const runner = new StatementRunner(
		{
			postgres: options.postgres,
			engine,
			systemDdl: options.systemDdl ?? systemDdl,
			maxResultBytes: options.maxResultBytes ?? 100 * MEGABYTE,
		},
		store,
	);
	const sessions = new SessionRegistry(options.postgres);
	const context: DataApiContext = {
		postgres: options.postgres,
		store,
		runner,
		sessions,
		pageRows: options.pageRows ?? 1000,
		pageBytes: 100 * MEGABYTE,
		maxActiveStatements: options.maxActiveStatements ?? 32,
	};
	const controlPlane =
		options.controlPlane === false
			? undefined
			: createControlPlane({ postgres: options.postgres, now: options.controlPlane?.now });
	const server = createServer(
		(request, response) => void handle(request, response, context, controlPlane),
	);
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
	});
	const { port } = server.address() as AddressInfo;
	return {
		endpoint: `http://127.0.0.1:${port}`,
		async stop() {
			server.closeAllConnections();
			const closed = new Promise<void>((resolve) => server.close(() => resolve()));
			await Promise.all(store.all().map(async (record) => await runner.cancel(record)));
			await runner.settle();
			await sessions.closeAll();
			await controlPlane?.close();
			await closed;
		},
	};
}
