import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { compress as zstdCompress, init as zstdInit } from '@bokuweb/zstd-wasm';
import { gzipSync } from 'node:zlib';
import { Client } from 'pg';

import { handleCopy } from '../../../redshift-local/engine/copy/handleCopy';
import { copySystemDdl } from '../../../redshift-local/engine/copy/systemTables';
import { RedshiftEngine } from '../../../redshift-local/engine/engine';
import { FaultInjector } from '../../../redshift-local/engine/faults';
import { PgClientSession, toStatementResult } from '../../../redshift-local/engine/pgClientSession';
import type {
	AutonomousQuery,
	StatementHandler,
	StatementResult,
} from '../../../redshift-local/engine/session';
import { prepareSession, SYSTEM_SCHEMA } from '../../../redshift-local/engine/systemSchema';
import {
	freshDatabase,
	pgConfig,
	s3Client,
	testServers,
	uniquePrefix,
} from '../../support/testServers';

export const ROLE = "IAM_ROLE 'arn:aws:iam::123456789012:role/RedshiftLoader'";

/**
 * One client session on a fresh database behind a RedshiftEngine that has only the COPY
 * handler, an autocommit connection for the system tables, and a private S3 key prefix.
 */
export class CopyHarness {
	private constructor(
		readonly session: PgClientSession,
		readonly engine: RedshiftEngine,
		readonly faults: FaultInjector,
		readonly s3: S3Client,
		readonly bucket: string,
		readonly prefix: string,
		private readonly autonomousClient: Client,
	) {}

	static async start(
		name: string,
		handlers: StatementHandler[] = [handleCopy],
	): Promise<CopyHarness> {
		const database = await freshDatabase(name);
		const session = await PgClientSession.connect(pgConfig(database));
		const autonomousClient = new Client({
			...pgConfig(database),
			types: { getTypeParser: () => (value: string) => value },
		});
		await autonomousClient.connect();
		// like a client session of the fronts, it finds stl_load_errors & co. by unqualified name
		await autonomousClient.query(`SET search_path TO public, ${SYSTEM_SCHEMA}`);
		const autonomous: AutonomousQuery = async (sql, params = []) =>
			toStatementResult(
				await autonomousClient.query({ text: sql, values: params, rowMode: 'array' }),
			);
		const faults = new FaultInjector();
		const s3 = s3Client();
		const context = { s3, autonomous, faults };
		await prepareSession(database.database, session, context, copySystemDdl);
		const engine = new RedshiftEngine(handlers, context);
		return new CopyHarness(
			session,
			engine,
			faults,
			s3,
			testServers().s3.bucket,
			uniquePrefix(name),
			autonomousClient,
		);
	}

	/** Runs a statement the way the fronts do: through the engine, on the client's session. */
	async run(sql: string): Promise<StatementResult> {
		return await this.engine.execute(sql, this.session);
	}

	/** Rows of a query on the client's session, values in text form. */
	async rows(sql: string): Promise<Array<Array<string | null>>> {
		return (await this.session.query(sql)).rows;
	}

	/** Rows read on the autocommit connection, as another client would see them. */
	async committedRows(sql: string, params: unknown[] = []): Promise<Array<Array<string | null>>> {
		return (await this.autonomousClient.query({ text: sql, values: params, rowMode: 'array' }))
			.rows;
	}

	/** Stages an object under this file's prefix and returns its s3:// URL. */
	async put(
		name: string,
		body: string | Uint8Array,
		compression: 'none' | 'gzip' | 'zstd' = 'none',
	): Promise<string> {
		const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
		let stored: Uint8Array = bytes;
		if (compression === 'gzip') stored = gzipSync(bytes);
		if (compression === 'zstd') {
			await zstdInit();
			stored = zstdCompress(Buffer.from(bytes), 3);
		}
		const key = `${this.prefix}${name}`;
		await this.s3.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: stored }));
		return `s3://${this.bucket}/${key}`;
	}

	url(name: string): string {
		return `s3://${this.bucket}/${this.prefix}${name}`;
	}

	async close(): Promise<void> {
		await this.session.close();
		await this.autonomousClient.end();
	}
}

/** The error a rejected promise carries, for asserting message, SQLSTATE and detail together. */
export async function failureOf(
	promise: Promise<unknown>,
): Promise<{ message: string; code?: string; detail?: string }> {
	try {
		await promise;
	} catch (error) {
		return error as { message: string; code?: string; detail?: string };
	}
	throw new Error('expected the statement to fail, but it succeeded');
}
