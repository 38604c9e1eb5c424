import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import type {
	IBinaryData,
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	NodeExecutionHint,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import type { Pool } from 'pg';

import { RedshiftSource } from '../../../nodes/RedshiftSource/RedshiftSource.node';
import type { SqlRow } from '../../../nodes/shared/redshift/connection/types';
import { WireConnection } from '../../../nodes/shared/redshift/connection/wire/wireConnection';
import { startLocalRedshift, type LocalRedshiftForTests } from '../../support/localRedshift';
import { FakeExecution, type ParameterValue } from '../../support/n8n/fakeExecuteFunctions';
import { s3Client, testServers, uniquePrefix } from '../../support/testServers';

export type TransportName = 'wire' | 'dataApi';
export const TRANSPORTS: TransportName[] = ['wire', 'dataApi'];

/** Distinctive so that a test can prove it never shows up in a message. */
export const DATA_API_SECRET = 'sourceDataApiSecret/Example+Value0123456789';

export interface SourceRunOptions {
	continueOnFail?: boolean;
	/** The node's static data (one object per workflow and node); a fresh one by default. */
	staticData?: IDataObject;
	/** n8n saves static data only after production runs; tests say which mode the run is. */
	mode?: WorkflowExecuteMode;
	items?: INodeExecutionData[];
	/** Replaces the harness's Redshift credential for this run. */
	redshiftCredential?: ICredentialDataDecryptedObject;
}

export interface SourceRunResult {
	output: INodeExecutionData[];
	execution: FakeExecution;
	hints: NodeExecutionHint[];
	/** The binary data the node prepared, with its bytes. */
	files: Array<{ binary: IBinaryData; bytes: Buffer }>;
}

export interface SourceHarness {
	redshift: LocalRedshiftForTests;
	credentials: Record<TransportName, ICredentialDataDecryptedObject>;
	s3: S3Client;
	bucket: string;
	/** Runs the node as n8n would: the parameters over the node's defaults. */
	run(
		transport: TransportName,
		parameters: Record<string, ParameterValue>,
		options?: SourceRunOptions,
	): Promise<SourceRunResult>;
	rows(sql: string): Promise<SqlRow[]>;
	exec(sql: string): Promise<void>;
	keys(prefix: string): Promise<string[]>;
	stop(): Promise<void>;
}

/**
 * What the shared fake does not model yet (static data, the execution mode, binary data) is
 * added here for the Source's tests only.
 */
function sourceContext(
	execution: FakeExecution,
	staticData: IDataObject,
	mode: WorkflowExecuteMode,
	files: SourceRunResult['files'],
): IExecuteFunctions {
	const helpers = new Proxy(execution.context.helpers, {
		get(target, key, receiver) {
			if (key === 'prepareBinaryData')
				return async (data: Buffer, fileName?: string, mimeType?: string) => {
					const binary: IBinaryData = {
						data: data.toString('base64'),
						mimeType: mimeType ?? 'application/octet-stream',
						fileName,
						fileSize: String(data.length),
					};
					files.push({ binary, bytes: data });
					return binary;
				};
			return Reflect.get(target, key, receiver);
		},
	});
	return new Proxy(execution.context, {
		get(target, key, receiver) {
			if (key === 'getWorkflowStaticData') return () => staticData;
			if (key === 'getMode') return () => mode;
			if (key === 'helpers') return helpers;
			return Reflect.get(target, key, receiver);
		},
	});
}

export async function startSourceHarness(prefix: string): Promise<SourceHarness> {
	const redshift = await startLocalRedshift(prefix);
	const { postgres, s3: s3Server } = testServers();
	if (!redshift.dataApiEndpoint)
		throw new Error('The local Redshift started without its Data API front.');
	const credentials: Record<TransportName, ICredentialDataDecryptedObject> = {
		wire: {
			connectionType: 'direct',
			host: String(redshift.pgConfig.host),
			port: Number(redshift.pgConfig.port),
			database: redshift.database,
			user: postgres.user,
			password: postgres.password,
			ssl: 'disable',
		},
		dataApi: {
			connectionType: 'dataApi',
			deployment: 'provisioned',
			clusterIdentifier: 'local-cluster',
			database: redshift.database,
			databaseAuthentication: 'databaseUser',
			dbUser: 'awsuser',
			region: 'us-east-1',
			awsCredentials: 'accessKeys',
			accessKeyId: 'AKIAEXAMPLELOCAL0002',
			secretAccessKey: DATA_API_SECRET,
			endpoint: redshift.dataApiEndpoint,
		},
	};
	const s3Credential: ICredentialDataDecryptedObject = {
		region: s3Server.region,
		awsCredentials: 'accessKeys',
		accessKeyId: s3Server.accessKeyId,
		secretAccessKey: s3Server.secretAccessKey,
		endpoint: s3Server.endpoint,
		forcePathStyle: true,
	};
	const reader = new WireConnection({
		host: String(redshift.pgConfig.host),
		port: Number(redshift.pgConfig.port),
		database: redshift.database,
		user: postgres.user,
		password: postgres.password,
		ssl: 'disable',
	});
	(reader as unknown as { pool: Pool }).pool.on('connect', (client) =>
		client.on('error', () => undefined),
	);
	const s3 = s3Client();
	const node = new RedshiftSource();
	return {
		redshift,
		credentials,
		s3,
		bucket: s3Server.bucket,
		run: async (transport, parameters, options = {}) => {
			const execution = new FakeExecution({
				parameters: {
					bucket: s3Server.bucket,
					unloadAuthorization: 'stagingCredentials',
					...parameters,
				},
				items: options.items ?? [{ json: {} }],
				continueOnFail: options.continueOnFail,
				nodeType: 'n8n-nodes-redshift-cdc.redshiftSource',
				description: node.description,
				credentials: {
					redshiftApi: options.redshiftCredential ?? credentials[transport],
					redshiftS3StagingApi: s3Credential,
				},
			});
			const files: SourceRunResult['files'] = [];
			const context = sourceContext(
				execution,
				options.staticData ?? {},
				options.mode ?? 'trigger',
				files,
			);
			const output = await node.execute.call(context);
			return { output: output[0], execution, hints: execution.hints, files };
		},
		rows: async (sql) => (await reader.query({ text: sql })).rows,
		exec: async (sql) => {
			await reader.query({ text: sql });
		},
		keys: async (keyPrefix) => {
			const listed = await s3.send(
				new ListObjectsV2Command({ Bucket: s3Server.bucket, Prefix: keyPrefix }),
			);
			return (listed.Contents ?? []).map((object) => object.Key ?? '');
		},
		stop: async () => {
			await reader.close().catch(() => undefined);
			s3.destroy();
			await redshift.stop();
		},
	};
}

/** A key prefix of its own for an Unload test. */
export const unloadPrefix = (name: string) => uniquePrefix(`source-${name}`).replace(/\/$/, '');

/** The rows of a run's output, without n8n's item wrapping. */
export const jsonOf = (output: INodeExecutionData[]) => output.map((item) => item.json);
