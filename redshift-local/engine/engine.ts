import type { BackendSession, EngineContext, StatementHandler, StatementResult } from './session';

/**
 * Runs one statement the way Redshift would: fault hooks first, then the first handler that
 * recognises it (COPY, UNLOAD, DDL, traps…), otherwise PostgreSQL unchanged on the same session.
 */
export class RedshiftEngine {
	constructor(
		private readonly handlers: readonly StatementHandler[],
		readonly context: EngineContext,
	) {}

	async execute(sql: string, session: BackendSession, params: unknown[] = []): Promise<StatementResult> {
		this.context.faults.beforeStatement(sql);
		if (params.length === 0) {
			for (const handle of this.handlers) {
				const result = await handle(sql, session, this.context);
				if (result) return result;
			}
		}
		return await session.query(sql, params);
	}
}
