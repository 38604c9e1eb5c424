import { Client } from 'pg';

import type { RedshiftEngine } from '../engine/engine';
import type { StatementResult } from '../engine/session';
import type { SystemDdl } from '../engine/systemSchema';
import { computedFields, describeColumns, type RowField } from './columnMetadata';
import type { DataApiSession, PostgresServer } from './dataApiSession';
import { recordJson } from './fieldValues';
import {
	setStatus,
	TERMINAL_STATUSES,
	waitForEnd,
	type StatementRecord,
	type StatementRun,
} from './statement';
import type { StatementStore } from './statementStore';

/** SQL ready for the engine: placeholders already turned into `$n`. */
export interface PreparedSql {
	text: string;
	values: string[];
}

export interface RunnerOptions {
	postgres: PostgresServer;
	/** The engine for a database. */
	engine: (database: string) => RedshiftEngine;
	systemDdl: SystemDdl;
	/** A result above this many bytes fails the statement, as Redshift's Data API limit does. */
	maxResultBytes: number;
}

/** How often a cancel is re-sent until the statement has stopped (a cancel can land between queries). */
const CANCEL_RETRY_MS = 50;
const CANCEL_GIVE_UP_MS = 10_000;

/** Redshift's error text as DescribeStatement shows it: "ERROR: relation "x" does not exist". */
function errorText(error: unknown): string {
	const { message, detail, severity } = error as {
		message?: string;
		detail?: string;
		severity?: string;
	};
	const text = `${severity === 'FATAL' ? 'FATAL' : 'ERROR'}: ${message ?? String(error)}`;
	return detail ? `${text}\nDETAIL: ${detail}` : text;
}

function sameColumns(
	description: RowField[] | undefined,
	result: StatementResult,
): description is RowField[] {
	return (
		description !== undefined &&
		description.length === result.fields.length &&
		description.every(
			(field, index) =>
				field.name === result.fields[index].name &&
				field.dataTypeID === result.fields[index].dataTypeID,
		)
	);
}

/**
 * Runs statements on Data API sessions through the Redshift engine and moves them through
 * SUBMITTED (waiting for a connection) → PICKED (connected) → STARTED (SQL sent) → FINISHED,
 * FAILED or ABORTED.
 */
export class StatementRunner {
	private nextQueryId = 100_000;
	private readonly running = new Set<Promise<void>>();

	constructor(
		private readonly options: RunnerOptions,
		private readonly store: StatementStore,
	) {}

	/** Statements submitted and not yet ended (SUBMITTED, PICKED or STARTED). */
	get activeCount(): number {
		return this.store.all().filter((record) => !TERMINAL_STATUSES.has(record.status)).length;
	}

	/** Runs in the background; the returned promise never rejects. */
	start(work: () => Promise<void>): void {
		const task = work().catch(() => undefined);
		this.running.add(task);
		void task.finally(() => this.running.delete(task));
	}

	async settle(): Promise<void> {
		await Promise.all([...this.running]);
	}

	async runSingle(
		record: StatementRecord,
		sql: PreparedSql,
		session: DataApiSession,
	): Promise<void> {
		const started = process.hrtime.bigint();
		try {
			const engine = this.options.engine(record.target.database);
			await this.pick(record, session, engine);
			if (record.cancelRequested) return setStatus(record, 'ABORTED');
			await this.runOne(record, sql, session, engine);
		} catch (error) {
			this.fail(record, record, error);
		} finally {
			record.durationNs = Number(process.hrtime.bigint() - started);
		}
	}

	async runBatch(
		record: StatementRecord,
		sqls: PreparedSql[],
		session: DataApiSession,
	): Promise<void> {
		const subs = record.subStatements ?? [];
		const inTransaction = record.executionMode !== 'AUTO_COMMIT';
		const started = process.hrtime.bigint();
		try {
			const engine = this.options.engine(record.target.database);
			await this.pick(record, session, engine);
			setStatus(record, 'STARTED');
			let firstError: string | undefined;
			for (const [index, sub] of subs.entries()) {
				if (record.cancelRequested || (firstError && inTransaction)) {
					setStatus(sub, 'ABORTED');
					continue;
				}
				// TRUNCATE commits the open transaction on Redshift; the rest of the batch gets a new one.
				if (inTransaction && session.backend.transactionStatus() === 'idle') {
					await session.backend.query('BEGIN');
				}
				const subStarted = process.hrtime.bigint();
				try {
					await this.runOne(sub, sqls[index], session, engine);
				} catch (error) {
					this.fail(record, sub, error);
					firstError ??= sub.error;
				} finally {
					sub.durationNs = Number(process.hrtime.bigint() - subStarted);
				}
			}
			// AUTO_COMMIT leaves the session's transaction state alone (each statement committed itself).
			if (inTransaction) {
				await this.endTransaction(session, !firstError && !record.cancelRequested);
			}
			if (record.cancelRequested) setStatus(record, 'ABORTED');
			else if (firstError) this.failWith(record, firstError);
			else setStatus(record, 'FINISHED');
		} catch (error) {
			this.fail(record, record, error);
			for (const sub of subs) if (!TERMINAL_STATUSES.has(sub.status)) setStatus(sub, 'ABORTED');
			if (inTransaction) await this.endTransaction(session, false).catch(() => undefined);
		} finally {
			record.hasResultSet = subs.some((sub) => sub.hasResultSet);
			record.durationNs = Number(process.hrtime.bigint() - started);
		}
	}

	/**
	 * Cancels a statement. A statement still waiting stops before it starts; a running one gets
	 * pg_cancel_backend, re-sent until it stopped, since the cancel can land between two queries.
	 */
	async cancel(record: StatementRecord): Promise<void> {
		record.cancelRequested = true;
		const deadline = Date.now() + CANCEL_GIVE_UP_MS;
		while (!TERMINAL_STATUSES.has(record.status) && Date.now() < deadline) {
			if (record.status === 'STARTED' && record.redshiftPid > 0) {
				await this.cancelBackend(record.target.database, record.redshiftPid);
			}
			await waitForEnd(record, CANCEL_RETRY_MS);
		}
	}

	private async cancelBackend(database: string, pid: number): Promise<void> {
		const admin = new Client({ ...this.options.postgres, database });
		try {
			await admin.connect();
			await admin.query('SELECT pg_cancel_backend($1)', [pid]);
		} finally {
			await admin.end().catch(() => undefined);
		}
	}

	private async pick(
		record: StatementRecord,
		session: DataApiSession,
		engine: RedshiftEngine,
	): Promise<void> {
		if (!session.connected) await session.connect(engine.context, this.options.systemDdl);
		record.redshiftPid = session.pid;
		setStatus(record, 'PICKED');
	}

	/** Runs one SQL statement through the engine and keeps its result. */
	private async runOne(
		run: StatementRun,
		sql: PreparedSql,
		session: DataApiSession,
		engine: RedshiftEngine,
	): Promise<void> {
		if (engine.context.faults.shouldDropConnection(sql.text)) {
			await session.close();
			throw new Error(
				'server closed the connection unexpectedly (connection dropped by fault injection)',
			);
		}
		run.redshiftQueryId = ++this.nextQueryId;
		setStatus(run, 'STARTED');
		session.lastRowDescription = undefined;
		const result = await engine.execute(sql.text, session.backend, sql.values);
		if (result.fields.length > 0) {
			await this.keepResult(run, result, session);
		} else {
			run.hasResultSet = false;
			run.resultRows = result.rowCount ?? 0;
			run.resultSize = 0;
		}
		setStatus(run, 'FINISHED');
	}

	private async keepResult(
		run: StatementRun,
		result: StatementResult,
		session: DataApiSession,
	): Promise<void> {
		const fields = sameColumns(session.lastRowDescription, result)
			? session.lastRowDescription
			: computedFields(result.fields);
		const { metadata, types } = await describeColumns(fields, session.backend);
		const records: string[] = [];
		let bytes = 0;
		for (const row of result.rows) {
			const record = recordJson(row, types);
			bytes += Buffer.byteLength(record);
			if (bytes > this.options.maxResultBytes) {
				throw new Error(
					`the result is larger than the Data API limit of ${this.options.maxResultBytes} bytes; use UNLOAD for large results`,
				);
			}
			records.push(record);
		}
		run.result = { columnMetadata: metadata, records, bytes };
		run.hasResultSet = true;
		run.resultRows = records.length;
		run.resultSize = bytes;
		this.store.retain(run.result);
	}

	private async endTransaction(session: DataApiSession, commit: boolean): Promise<void> {
		if (!session.connected || session.closed) return;
		const status = session.backend.transactionStatus();
		if (status === 'idle') return;
		await session.backend.query(commit && status === 'inTransaction' ? 'COMMIT' : 'ROLLBACK');
	}

	private fail(record: StatementRecord, run: StatementRun, error: unknown): void {
		if (record.cancelRequested) {
			setStatus(run, 'ABORTED');
			return;
		}
		this.failWith(run, errorText(error));
	}

	private failWith(run: StatementRun, error: string): void {
		run.error = error;
		run.hasResultSet = false;
		run.result = undefined;
		setStatus(run, 'FAILED');
	}
}
