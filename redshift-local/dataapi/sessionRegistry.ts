import { DataApiError, validationError } from './errors';
import { DataApiSession, type PostgresServer } from './dataApiSession';
import type { StatementTarget } from './statement';

/** Data API sessions alive now; ActiveSessionsExceededException beyond Redshift's 500 per cluster. */
const MAX_SESSIONS = 500;

export interface RegisteredSession {
	session: DataApiSession;
	target: StatementTarget;
}

/**
 * Sessions a statement runs on. One without SessionKeepAliveSeconds is private to its statement
 * and closed after it; a kept-alive one is reused by SessionId, one statement at a time (the Data
 * API runs a session's statements in order and does not queue them).
 */
export class SessionRegistry {
	private readonly sessions = new Map<string, RegisteredSession>();

	constructor(private readonly postgres: PostgresServer) {}

	/** A new session, marked busy for the statement that opens it. */
	open(target: StatementTarget, keepAliveSeconds: number): DataApiSession {
		if (keepAliveSeconds > 0 && this.sessions.size >= MAX_SESSIONS) {
			throw new DataApiError(
				'ActiveSessionsExceededException',
				`The number of active sessions exceeds the limit of ${MAX_SESSIONS}.`,
			);
		}
		const session = new DataApiSession(this.postgres, target.database, keepAliveSeconds);
		session.busy = true;
		if (keepAliveSeconds > 0) this.sessions.set(session.id, { session, target });
		return session;
	}

	/** The kept-alive session a SessionId names, taken for one statement. */
	take(sessionId: string, keepAliveSeconds: number | undefined): RegisteredSession {
		const registered = this.sessions.get(sessionId);
		if (!registered || registered.session.closed) {
			throw new DataApiError(
				'ResourceNotFoundException',
				`Session ${sessionId} does not exist or has expired.`,
				{
					ResourceId: sessionId,
				},
			);
		}
		if (registered.session.busy) {
			throw validationError(
				`Session ${sessionId} is running another statement; a session runs one statement at a time. Wait until it ends.`,
			);
		}
		registered.session.busy = true;
		if (keepAliveSeconds !== undefined) registered.session.keepAliveSeconds = keepAliveSeconds;
		return registered;
	}

	/** Back after a statement: a kept-alive session waits for the next one, any other closes. */
	async release(session: DataApiSession): Promise<void> {
		session.busy = false;
		session.currentStatementId = undefined;
		session.updatedAt = Date.now() / 1000;
		if (session.keepAliveSeconds > 0 && !session.closed) {
			session.scheduleClose(() => this.sessions.delete(session.id));
			return;
		}
		this.sessions.delete(session.id);
		await session.close();
	}

	/** Kept-alive sessions that are open now. */
	list(): RegisteredSession[] {
		return [...this.sessions.values()].filter(({ session }) => !session.closed);
	}

	async closeAll(): Promise<void> {
		const all = [...this.sessions.values()].map(({ session }) => session);
		this.sessions.clear();
		await Promise.all(all.map(async (session) => await session.close()));
	}
}
