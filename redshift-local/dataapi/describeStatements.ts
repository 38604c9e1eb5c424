import type { DataApiContext, OperationOutput } from './dataApiContext';
import { validationError } from './errors';
import {
	waitForEnd,
	type StatementRecord,
	type StatementRun,
	type StatementStatus,
} from './statement';
import { targetMembers } from './statementTarget';
import {
	optionalInteger,
	optionalString,
	statementId,
	waitTimeSeconds,
	type RequestBody,
} from './validation';

function runMembers(run: StatementRun): Record<string, unknown> {
	const members: Record<string, unknown> = {
		Id: run.id,
		Status: run.status,
		CreatedAt: run.createdAt,
		UpdatedAt: run.updatedAt,
		Duration: run.durationNs,
		HasResultSet: run.hasResultSet,
		ResultRows: run.resultRows,
		ResultSize: run.resultSize,
		RedshiftQueryId: run.redshiftQueryId,
	};
	if (run.sql) members.QueryString = run.sql;
	if (run.error !== undefined) members.Error = run.error;
	return members;
}

/**
 * DescribeStatement. A batch shows its SubStatements; its own QueryString is absent and its
 * RedshiftQueryId is 0 (MG data-api-calling.md example). A `<id>:n` id describes one sub-statement.
 */
export async function describeStatement(
	body: RequestBody,
	context: DataApiContext,
): Promise<OperationOutput> {
	const id = statementId(body);
	const waitSeconds = waitTimeSeconds(body);
	const { record, run } = context.store.find(id);
	if (waitSeconds > 0) {
		await waitForEnd(record, waitSeconds * 1000);
	}
	const output: Record<string, unknown> = {
		...runMembers(run),
		...targetMembers(record.target),
		RedshiftPid: record.redshiftPid,
		ResultFormat: 'JSON',
	};
	if (run !== record) return output;
	if (record.parameters) output.QueryParameters = record.parameters;
	if (record.sessionId) output.SessionId = record.sessionId;
	if (record.subStatements) {
		output.SubStatements = record.subStatements.map(runMembers);
		output.ExecutionMode = record.executionMode;
	}
	return output;
}

const LIST_STATUSES = new Set<StatementStatus | 'ALL'>([
	'ALL',
	'SUBMITTED',
	'PICKED',
	'STARTED',
	'FINISHED',
	'FAILED',
	'ABORTED',
]);

/** ListStatements pages newest first; the token holds the sequence number the next page starts below. */
function decodeListToken(token: string | undefined): number {
	if (token === undefined) return Number.POSITIVE_INFINITY;
	const sequence = Number(
		Buffer.from(token, 'base64')
			.toString('utf8')
			.replace(/^list:/, ''),
	);
	if (!Number.isInteger(sequence) || sequence <= 0)
		throw validationError('NextToken is not valid.');
	return sequence;
}

function matches(record: StatementRecord, body: RequestBody, status: string): boolean {
	const name = optionalString(body, 'StatementName');
	const database = optionalString(body, 'Database');
	const cluster = optionalString(body, 'ClusterIdentifier');
	const workgroup = optionalString(body, 'WorkgroupName');
	return (
		(status === 'ALL' || record.status === status) &&
		// StatementName is a case-sensitive prefix (ListStatements API reference).
		(name === undefined || (record.statementName?.startsWith(name) ?? false)) &&
		(database === undefined || record.target.database === database) &&
		(cluster === undefined || record.target.clusterIdentifier === cluster) &&
		(workgroup === undefined || record.target.workgroupName === workgroup)
	);
}

function listEntry(record: StatementRecord): Record<string, unknown> {
	const entry: Record<string, unknown> = {
		Id: record.id,
		Status: record.status,
		CreatedAt: record.createdAt,
		UpdatedAt: record.updatedAt,
		IsBatchStatement: record.subStatements !== undefined,
		ResultFormat: 'JSON',
	};
	if (record.subStatements) entry.QueryStrings = record.subStatements.map((sub) => sub.sql);
	else entry.QueryString = record.sql;
	if (record.statementName !== undefined) entry.StatementName = record.statementName;
	if (record.parameters) entry.QueryParameters = record.parameters;
	if (record.target.secretArn) entry.SecretArn = record.target.secretArn;
	if (record.sessionId) entry.SessionId = record.sessionId;
	return entry;
}

export async function listStatements(
	body: RequestBody,
	context: DataApiContext,
): Promise<OperationOutput> {
	const status = optionalString(body, 'Status') ?? 'ALL';
	if (!LIST_STATUSES.has(status as StatementStatus)) {
		throw validationError(`Status must be one of ${[...LIST_STATUSES].join(', ')}.`);
	}
	if (body.ClusterIdentifier && body.WorkgroupName) {
		throw validationError('ClusterIdentifier and WorkgroupName cannot both be specified.');
	}
	// MaxResults 0 or absent means the default page of 100.
	const maxResults = optionalInteger(body, 'MaxResults', 0, 100) || 100;
	const below = decodeListToken(optionalString(body, 'NextToken'));
	const selected = context.store
		.all()
		.filter((record) => record.sequence < below && matches(record, body, status))
		.sort((a, b) => b.sequence - a.sequence);
	const page = selected.slice(0, maxResults);
	const output: Record<string, unknown> = { Statements: page.map(listEntry) };
	if (selected.length > maxResults) {
		output.NextToken = Buffer.from(`list:${page[page.length - 1].sequence}`).toString('base64');
	}
	return output;
}
