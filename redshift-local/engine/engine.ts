import { identifiersAsRedshiftReads } from './identifiers/caseSensitivity';
import type { BackendSession, EngineContext, StatementHandler, StatementResult } from './session';
import { rejectPostgresOnlySyntax } from './traps/postgresOnlySyntax';

/** Thrown by the probe session and context the moment a handler touches them. */
const PROBE_TOUCHED = Symbol('a handler touched the probe');

/** An object whose every property access records the touch and throws, so a probing handler stops there. */
function tripwire<T extends object>(onTouch: () => void): T {
	return new Proxy({} as T, {
		get() {
			onTouch();
			throw PROBE_TOUCHED;
		},
	});
}

/**
 * Runs one statement the way Redshift would: fault hooks first, then the first handler that
 * recognises it (COPY, UNLOAD, DDL, traps…), otherwise PostgreSQL unchanged on the same session.
 */
export class RedshiftEngine {
	constructor(
		private readonly handlers: readonly StatementHandler[],
		readonly context: EngineContext,
	) {}

	async execute(
		written: string,
		session: BackendSession,
		params: unknown[] = [],
	): Promise<StatementResult> {
		const sql = this.asRedshiftReads(written, session);
		if (params.length === 0) {
			const handled = await this.handle(sql, session);
			if (handled) return handled;
		} else {
			this.checkParameterized(sql);
		}
		return await session.query(sql, params);
	}

	/**
	 * The statement as Redshift reads it in this session (quoted identifiers folded to lower case
	 * unless enable_case_sensitive_identifier is on). `execute` applies it; a front that passes
	 * statements to PostgreSQL itself applies it first.
	 */
	asRedshiftReads(sql: string, session: BackendSession): string {
		return identifiersAsRedshiftReads(sql, session, this.context);
	}

	/**
	 * What applies to a statement with parameters, which handlers never see: the fault hooks, and
	 * Redshift's grammar (no ON CONFLICT, no RETURNING). Fronts call it before running such a statement.
	 */
	checkParameterized(sql: string): void {
		this.context.faults.beforeStatement(sql);
		rejectPostgresOnlySyntax(sql);
	}

	/**
	 * Fault hooks and handlers only: undefined when no handler takes the statement, so that a front
	 * can pass it to PostgreSQL itself and keep PostgreSQL's exact wire response.
	 */
	async handle(sql: string, session: BackendSession): Promise<StatementResult | undefined> {
		this.context.faults.beforeStatement(sql);
		for (const handle of this.handlers) {
			const result = await handle(sql, session, this.context);
			if (result) return result;
		}
		return undefined;
	}

	/**
	 * False only when every handler returns undefined for this statement without touching the session
	 * or the context: then the statement can bypass the engine. Anything else (a result, an error, a
	 * touch) means a handler may want it. Handlers must therefore decide from the SQL text first.
	 */
	async claims(sql: string): Promise<boolean> {
		let touched = false;
		const onTouch = () => {
			touched = true;
		};
		for (const handle of this.handlers) {
			try {
				const result = await handle(
					sql,
					tripwire<BackendSession>(onTouch),
					tripwire<EngineContext>(onTouch),
				);
				if (result || touched) return true;
			} catch {
				return true;
			}
		}
		return false;
	}
}
