import { randomBytes } from 'node:crypto';

import type { BackendSession, EngineContext, StatementHandler, StatementResult } from '../session';
import { DataFileWriter, type WrittenFile } from './dataFiles';
import { buildManifest } from './manifest';
import { ParquetEncoder } from './parquetEncoder';
import { columnsFromFields, describeQuery, type ResultColumn } from './resultColumns';
import { isUnload, parseUnload, type UnloadCommand } from './unloadCommand';
import { abortTransactionOnError } from '../ddl/abortOnError';
import { asS3Error, prepareDestination, putManifest } from './unloadDestination';
import { logUnload } from './unloadLog';

/** Rows per FETCH: the cursor keeps the result on the server, so memory is bounded by this batch. */
const FETCH_ROWS = 5000;

/**
 * UNLOAD ('select …') TO 's3://bucket/prefix' … (DG r_UNLOAD.md). The query runs in the client's
 * own session through a cursor, inside the client's transaction or, when there is none, inside a
 * transaction of its own that ends with the statement.
 */
export const handleUnload: StatementHandler = async (sql, session, context) => {
	if (!isUnload(sql)) return undefined;
	return await abortTransactionOnError(session, () => unload(sql, session, context));
};

async function unload(
	sql: string,
	session: BackendSession,
	context: EngineContext,
): Promise<StatementResult> {
	const command = parseUnload(sql);
	const startTime = new Date();
	await prepareDestination(command, context.s3);
	const ownTransaction = session.transactionStatus() === 'idle';
	if (ownTransaction) await session.query('BEGIN');
	const encoder = command.format === 'parquet' ? new ParquetEncoder() : undefined;
	try {
		const { files, columns, rows } = await unloadRows(command, session, context, encoder);
		if (command.manifest !== 'none') {
			await putManifest(
				command,
				context.s3,
				buildManifest(files, columns, command.manifest === 'verbose'),
			);
		}
		await logUnload(command, files, rows, startTime, session, context);
		if (ownTransaction) await session.query('COMMIT');
		return completed(rows);
	} catch (error) {
		if (ownTransaction && session.transactionStatus() !== 'idle') {
			await session.query('ROLLBACK').catch(() => undefined);
		}
		throw error;
	} finally {
		await encoder?.close();
	}
}

async function unloadRows(
	command: UnloadCommand,
	session: BackendSession,
	context: EngineContext,
	encoder: ParquetEncoder | undefined,
): Promise<{ files: WrittenFile[]; columns: ResultColumn[]; rows: number }> {
	const unique = `redshift_unload_${randomBytes(6).toString('hex')}`;
	const query = command.query.trim().replace(/;+\s*$/, '');
	const described = await describeQuery(session, query, unique);
	await session.query(`DECLARE ${unique} NO SCROLL CURSOR FOR ${query}`);
	let writer: DataFileWriter | undefined;
	let columns = described;
	let rows = 0;
	try {
		for (;;) {
			const batch = await session.query(`FETCH FORWARD ${FETCH_ROWS} FROM ${unique}`);
			columns ??= columnsFromFields(batch.fields);
			writer ??= new DataFileWriter(command, columns, context.s3, encoder);
			await writer.addRows(batch.rows);
			rows += batch.rows.length;
			if (batch.rows.length < FETCH_ROWS) break;
		}
		await session.query(`CLOSE ${unique}`);
		const files = (await writer?.finish()) ?? [];
		return { files, columns: columns ?? [], rows };
	} catch (error) {
		// In the client's transaction an S3 failure leaves the cursor open; PostgreSQL errors already aborted it.
		if (session.transactionStatus() === 'inTransaction') {
			await session.query(`CLOSE ${unique}`).catch(() => undefined);
		}
		throw isS3Failure(error) ? asS3Error(error, command.bucket, command.prefix) : error;
	}
}

function isS3Failure(error: unknown): boolean {
	return typeof (error as { $metadata?: unknown }).$metadata === 'object';
}

function completed(rows: number): StatementResult {
	return {
		commandTag: 'UNLOAD',
		rowCount: null,
		fields: [],
		rows: [],
		notices: [`UNLOAD completed, ${rows} record(s) unloaded successfully.`],
	};
}
