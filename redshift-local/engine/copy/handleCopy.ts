import type { BackendSession, EngineContext, StatementHandler, StatementResult } from '../session';
import { checkedAuthorization, redactedStatement } from './copyAuthorization';
import type { CopyCommand } from './copyCommand';
import { recordLoadHistory, startCopyRun, type LoadOutcome } from './copyRun';
import { loadFailedError, recordLoadErrors } from './loadErrors';
import { loadRows } from './loadRows';
import { parseCopyCommand } from './parseCopyCommand';
import { copyFromStdinSql, copyTextChunks } from './pgCopyText';
import { asOneStatement } from './statementTransaction';
import { columnsToLoad, readTargetTable } from './targetTable';

function completed(tableName: string, loaded: number, skipped: number): StatementResult {
	const notices = [
		`Load into table '${tableName}' completed, ${loaded} record(s) loaded successfully.`,
	];
	if (skipped > 0) {
		notices.push(
			`Load into table '${tableName}' completed, ${skipped} record(s) could not be loaded.  Check 'stl_load_errors' system table for details.`,
		);
	}
	return { commandTag: `COPY ${loaded}`, rowCount: loaded, fields: [], rows: [], notices };
}

async function runCopy(
	sql: string,
	command: CopyCommand,
	session: BackendSession,
	context: EngineContext,
): Promise<StatementResult> {
	context.faults.beforeCopy();
	const authorization = {
		redacted: checkedAuthorization(command.authorization),
		statement: redactedStatement(sql, command.authorization),
	};
	const table = await readTargetTable(session, command.table);
	const columns = columnsToLoad(table, command);
	const run = await startCopyRun(session, context, table);
	const outcome: LoadOutcome = {
		status: 'failed',
		loadedRows: 0,
		loadedBytes: 0,
		fileCount: 0,
		fileBytes: 0,
		errorCount: 0,
	};
	try {
		const data = await loadRows(command, columns, session, context);
		Object.assign(outcome, {
			fileCount: data.fileCount,
			fileBytes: data.fileBytes,
			loadedBytes: data.dataBytes,
			errorCount: data.errors.length,
		});
		// MAXERROR n: up to n bad rows are skipped; one more fails the COPY (DG copy-parameters-data-load.md)
		const allowed = command.ignoreAllErrors ? Number.POSITIVE_INFINITY : command.maxError;
		if (data.errors.length > allowed) {
			await recordLoadErrors(context.autonomous, run, data.errors.slice(0, allowed + 1));
			throw loadFailedError(run, data.errors[0]);
		}
		await recordLoadErrors(context.autonomous, run, data.errors);
		let loaded = 0;
		if (!command.noLoad && data.rows.length > 0) {
			loaded = await session.copyFrom(
				copyFromStdinSql(table.schema, table.name, columns),
				copyTextChunks(data.rows.map((row) => row.values)),
			);
		}
		outcome.status = 'completed';
		outcome.loadedRows = loaded;
		return completed(table.name, loaded, data.errors.length);
	} finally {
		await recordLoadHistory(context, run, command, table, authorization, outcome).catch(
			() => undefined,
		);
	}
}

/**
 * Redshift's `COPY table [(columns)] FROM 's3://…'` (DG r_COPY.md), run inside the client's
 * session and transaction. Every value is checked in JS first, so bad rows are reported with
 * line and column in stl_load_errors instead of failing inside PostgreSQL.
 */
export const handleCopy: StatementHandler = async (sql, session, context) => {
	let command: CopyCommand | undefined;
	let invalid: unknown;
	try {
		command = parseCopyCommand(sql);
	} catch (error) {
		invalid = error;
	}
	if (!command && invalid === undefined) return undefined;
	return await asOneStatement(session, async () => {
		if (invalid !== undefined || !command) throw invalid;
		return await runCopy(sql, command, session, context);
	});
};
