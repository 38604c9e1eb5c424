import type { BackendSession, EngineContext, StatementHandler, StatementResult } from '../session';
import { checkedAuthorization, redactedStatement } from './copyAuthorization';
import type { CopyCommand } from './copyCommand';
import { recordCopyCount, recordLoadHistory, startCopyRun, type LoadOutcome } from './copyRun';
import { loadFailedError, recordLoadErrors } from './loadErrors';
import { loadFiles } from './loadFiles';
import { parseCopyCommand } from './parseCopyCommand';
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
		// MAXERROR n: up to n bad rows are skipped; one more fails the COPY (DG copy-parameters-data-load.md)
		const allowed = command.ignoreAllErrors ? Number.POSITIVE_INFINITY : command.maxError;
		const loaded = await loadFiles(command, table, columns, allowed, session, context);
		Object.assign(outcome, {
			fileCount: loaded.fileCount,
			fileBytes: loaded.fileBytes,
			loadedBytes: loaded.dataBytes,
			errorCount: loaded.errors.length,
		});
		await recordLoadErrors(context.autonomous, run, loaded.errors);
		if (loaded.errors.length > allowed) throw loadFailedError(run, loaded.errors[0]);
		await recordCopyCount(context, run, loaded.loadedRows);
		outcome.status = 'completed';
		outcome.loadedRows = loaded.loadedRows;
		return completed(table.name, loaded.loadedRows, loaded.errors.length);
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
