import { validationError } from './errors';
import type { StatementTarget } from './statement';
import { optionalString, type RequestBody } from './validation';

/**
 * Where and as whom a statement runs (ExecuteStatement API reference): a cluster (ClusterIdentifier)
 * or a serverless workgroup (WorkgroupName), a Database, and Secrets Manager (SecretArn), a database
 * user's temporary credentials (DbUser, clusters only) or the caller's IAM identity (neither).
 * Locally every statement runs as the one PostgreSQL user; DbUser and SecretArn are echoed back.
 */
export function statementTarget(body: RequestBody): StatementTarget {
	const clusterIdentifier = optionalString(body, 'ClusterIdentifier');
	const workgroupName = optionalString(body, 'WorkgroupName');
	const database = optionalString(body, 'Database');
	const dbUser = optionalString(body, 'DbUser');
	const secretArn = optionalString(body, 'SecretArn');
	if (!clusterIdentifier && !workgroupName) {
		throw validationError('Either ClusterIdentifier or WorkgroupName needs to be specified.');
	}
	if (clusterIdentifier && workgroupName) {
		throw validationError('ClusterIdentifier and WorkgroupName cannot both be specified.');
	}
	if (!database) throw validationError('Database needs to be specified.');
	if (dbUser && secretArn) throw validationError('DbUser and SecretArn cannot both be specified.');
	if (dbUser && workgroupName) {
		throw validationError(
			'DbUser is not supported for a serverless workgroup; use SecretArn or IAM credentials.',
		);
	}
	return { clusterIdentifier, workgroupName, database, dbUser, secretArn };
}

/** The members ExecuteStatement, DescribeStatement and ListStatements echo back about the target. */
export function targetMembers(target: StatementTarget): Record<string, string> {
	const members: Record<string, string> = { Database: target.database };
	if (target.clusterIdentifier) members.ClusterIdentifier = target.clusterIdentifier;
	if (target.workgroupName) members.WorkgroupName = target.workgroupName;
	if (target.dbUser) members.DbUser = target.dbUser;
	if (target.secretArn) members.SecretArn = target.secretArn;
	return members;
}
