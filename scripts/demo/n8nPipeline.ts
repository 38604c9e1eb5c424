import { join } from 'node:path';

import type { PostgresConnection } from '../../test/support/embeddedPostgres';
import { N8nHost } from '../../test/e2e/support/n8nHost';
import { installPackageLikeN8n } from '../../test/e2e/support/nodesPackage';
import {
	activateWorkflow,
	createCredential,
	createWorkflow,
} from '../../test/e2e/support/workflows';
import type { DemoFolder } from './dataFolder';
import { exampleWorkflow, type ExampleCredentials } from './exampleWorkflow';
import type { RedshiftLocalEndpoints } from './redshiftLocalChild';

/**
 * N8nHost makes a new encryption key and owner per object; a kept demo must come back with the ones
 * its n8n folder and database were made with. (Ask: options for these in N8nHost.)
 */
function restoreIdentity(host: N8nHost, folder: DemoFolder): void {
	const mutable = host as unknown as {
		owner: { email: string; password: string };
		encryptionKey: string;
		ownerCreated: boolean;
	};
	mutable.owner = { email: folder.state.n8n.ownerEmail, password: folder.state.n8n.ownerPassword };
	mutable.encryptionKey = folder.state.n8n.encryptionKey;
	mutable.ownerCreated = folder.state.workflowId !== undefined;
}

/** n8n (not started yet) with this package installed as the community installer does. */
export function createN8nHost(
	folder: DemoFolder,
	n8nDatabase: PostgresConnection,
	tarball: string,
): N8nHost {
	const host = new N8nHost({
		userFolder: folder.n8nUserFolder,
		logFile: join(folder.logsDir, 'n8n.log'),
		database: { kind: 'postgres', connection: n8nDatabase },
		env: { N8N_LOG_LEVEL: 'info' },
	});
	restoreIdentity(host, folder);
	installPackageLikeN8n(host.n8nFolder, tarball);
	return host;
}

/** The three credentials and the example workflow, activated; skipped when a kept n8n has them. */
export async function setUpPipeline(
	host: N8nHost,
	folder: DemoFolder,
	source: PostgresConnection,
	redshift: RedshiftLocalEndpoints,
): Promise<void> {
	if (folder.state.workflowId !== undefined) return;
	const credentials: ExampleCredentials = {
		postgresReplicationApi: await createCredential(
			host.rest,
			'Shop PostgreSQL (demo)',
			'postgresReplicationApi',
			{ ...source, ssl: 'disable' },
		),
		redshiftApi: await createCredential(host.rest, 'Local Redshift (demo)', 'redshiftApi', {
			connectionType: 'direct',
			...redshift.wire,
			authentication: 'password',
			// The credential's default: the local Redshift speaks TLS, as Redshift does.
			ssl: 'require',
		}),
		redshiftS3StagingApi: await createCredential(
			host.rest,
			'Local S3 (demo)',
			'redshiftS3StagingApi',
			{
				region: 'us-east-1',
				awsCredentials: 'accessKeys',
				accessKeyId: redshift.s3.accessKeyId,
				secretAccessKey: redshift.s3.secretAccessKey,
				endpoint: redshift.s3.endpoint,
				forcePathStyle: true,
				testBucket: redshift.s3.bucket,
			},
		),
	};
	const saved = await createWorkflow(host.rest, exampleWorkflow(credentials, redshift.s3.bucket));
	await activateWorkflow(host.rest, saved.id, saved.versionId);
	folder.save({ ...folder.state, workflowId: saved.id });
}
