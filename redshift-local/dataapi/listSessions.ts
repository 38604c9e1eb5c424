import type { DataApiContext, OperationOutput } from './dataApiContext';
import { validationError } from './errors';
import type { RegisteredSession } from './sessionRegistry';
import { offsetPage } from './offsetPaging';
import { optionalString, type RequestBody } from './validation';

const SESSION_STATUSES = new Set(['AVAILABLE', 'BUSY', 'CLOSED']);

function sessionData({ session, target }: RegisteredSession): Record<string, unknown> {
	const data: Record<string, unknown> = {
		SessionId: session.id,
		Status: session.busy ? 'BUSY' : 'AVAILABLE',
		CreatedAt: session.createdAt,
		UpdatedAt: session.updatedAt,
		Database: target.database,
		SessionAliveSeconds: session.keepAliveSeconds,
	};
	if (target.clusterIdentifier) data.ClusterIdentifier = target.clusterIdentifier;
	if (target.workgroupName) data.WorkgroupName = target.workgroupName;
	if (target.dbUser) data.DbUser = target.dbUser;
	if (session.busy && session.currentStatementId)
		data.CurrentStatementId = session.currentStatementId;
	else data.SessionTtl = session.updatedAt + session.keepAliveSeconds;
	return data;
}

/**
 * ListSessions: the kept-alive sessions, AVAILABLE or BUSY unless Status asks otherwise. Closed
 * sessions are forgotten at once, so CLOSED lists nothing.
 */
export async function listSessions(
	body: RequestBody,
	context: DataApiContext,
): Promise<OperationOutput> {
	const sessionId = optionalString(body, 'SessionId');
	const status = optionalString(body, 'Status');
	if (status !== undefined && !SESSION_STATUSES.has(status)) {
		throw validationError('Status must be one of AVAILABLE, BUSY, CLOSED.');
	}
	const database = optionalString(body, 'Database');
	const cluster = optionalString(body, 'ClusterIdentifier');
	const workgroup = optionalString(body, 'WorkgroupName');
	const matching = context.sessions
		.list()
		.map(sessionData)
		.filter(
			(data) =>
				(sessionId === undefined || data.SessionId === sessionId) &&
				(status === undefined || data.Status === status) &&
				(database === undefined || data.Database === database) &&
				(cluster === undefined || data.ClusterIdentifier === cluster) &&
				(workgroup === undefined || data.WorkgroupName === workgroup),
		)
		.sort((a, b) => Number(b.CreatedAt) - Number(a.CreatedAt));
	return offsetPage(body, matching, 'Sessions', 100);
}
