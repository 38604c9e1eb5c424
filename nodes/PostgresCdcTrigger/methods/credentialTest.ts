import type {
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	INodeCredentialTestResult,
} from 'n8n-workflow';

import {
	connectReplication,
	connectSql,
	identifySystem,
} from '../../shared/cdc/replication/replicationConnection';
import { readReplicationCredential, toConnectionOptions } from '../transport/connectionOptions';
import { preflightCheck } from '../../shared/cdc/slots/preflight';

/** Connection failures in words a person can act on; never echoes the password. */
export function describeConnectionError(error: unknown, target: string): string {
	const failure = error as { code?: string; message?: string };
	const message = failure?.message ?? String(error);
	switch (failure?.code) {
		case 'ECONNREFUSED':
			return `Nothing accepts connections at ${target}: check host and port, and that PostgreSQL listens there.`;
		case 'ENOTFOUND':
		case 'EAI_AGAIN':
			return `The host of ${target} could not be resolved: check the host name.`;
		case 'ETIMEDOUT':
			return `Connecting to ${target} timed out: check the host, port and any firewall in between.`;
		case '28P01':
			return `Password authentication failed for the user at ${target}: check user and password.`;
		case '3D000':
			return `The database does not exist at ${target}: check the database name.`;
		case '28000':
			return `The server refused the connection (${message}): allow this user and host in pg_hba.conf${/replication/i.test(message) ? ' with a "replication" line or database "all"' : ''}.`;
		default:
			return `Could not connect to ${target}: ${message}`;
	}
}

/**
 * Connects like the trigger will (an ordinary session and a replication session) and checks what logical
 * replication needs, naming every missing piece and the command that fixes it.
 */
export async function postgresReplicationConnectionTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	let options;
	try {
		options = toConnectionOptions(
			readReplicationCredential(credential.data ?? {}),
			'n8n-postgres-cdc-credential-test',
		);
	} catch (error) {
		return { status: 'Error', message: (error as Error).message };
	}
	const target = `${options.host}:${options.port}/${options.database}`;
	let client;
	try {
		client = await connectSql(options);
	} catch (error) {
		return { status: 'Error', message: describeConnectionError(error, target) };
	}
	try {
		const report = await preflightCheck(client);
		if (!report.ok) {
			return {
				status: 'Error',
				message: report.problems.map((problem) => problem.message).join(' '),
			};
		}
	} catch (error) {
		return {
			status: 'Error',
			message: `Connected, but checking the replication settings failed: ${(error as Error).message}`,
		};
	} finally {
		await client.end().catch(() => undefined);
	}
	try {
		const replication = await connectReplication(options);
		try {
			await identifySystem(replication);
		} finally {
			await replication.end().catch(() => undefined);
		}
	} catch (error) {
		return {
			status: 'Error',
			message: `Ordinary connections work, but a replication connection failed. ${describeConnectionError(error, target)}`,
		};
	}
	return { status: 'OK', message: 'Connection successful: logical replication is ready.' };
}
