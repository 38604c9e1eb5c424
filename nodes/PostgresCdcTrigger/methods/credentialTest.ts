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
import { describeConnectionError } from '../../common/helpers/connectionErrors';
import { checkCredential } from '../../common/methods/checkCredential';
import type { ReplicationConnectionOptions } from '../../shared/cdc/replication/types';

/**
 * Connects like the trigger will (an ordinary session and a replication session) and checks what logical
 * replication needs, naming every missing piece and the command that fixes it.
 */
export async function postgresReplicationConnectionTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	return await checkCredential(
		credential,
		(data) =>
			toConnectionOptions(readReplicationCredential(data), 'n8n-postgres-cdc-credential-test'),
		checkReplication,
	);
}

async function checkReplication(
	options: ReplicationConnectionOptions,
): Promise<INodeCredentialTestResult> {
	const target = `${options.host}:${options.port}/${options.database}`;
	let client;
	try {
		client = await connectSql(options);
	} catch (error) {
		return { status: 'Error', message: describeConnectionError(error, target, 'postgres') };
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
			message: `Ordinary connections work, but a replication connection failed. ${describeConnectionError(error, target, 'postgres')}`,
		};
	}
	return { status: 'OK', message: 'Connection successful: logical replication is ready.' };
}
