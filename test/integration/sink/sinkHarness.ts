import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import type { ICredentialDataDecryptedObject, INodeExecutionData } from 'n8n-workflow';
import type { Pool } from 'pg';

import { RedshiftSink } from '../../../nodes/RedshiftSink/RedshiftSink.node';
import type { SqlRow } from '../../../nodes/shared/redshift/connection/types';
import { WireConnection } from '../../../nodes/shared/redshift/connection/wire/wireConnection';
import {
	startLocalRedshift,
	type LocalRedshiftForTests,
	type LocalRedshiftTestOptions,
} from '../../support/localRedshift';
import {
	FakeExecution,
	locator,
	type ParameterValue,
} from '../../support/n8n/fakeExecuteFunctions';
import { s3Client, testServers, uniquePrefix } from '../../support/testServers';

export type TransportName = 'wire' | 'dataApi';
export const TRANSPORTS: TransportName[] = ['wire', 'dataApi'];

/** Distinctive so that a test can prove it never shows up in a message. */
export const DATA_API_SECRET = 'dataApiSecretKey/Example+Value0123456789';

export interface SinkHarness {
	redshift: LocalRedshiftForTests;
	credentials: Record<TransportName, ICredentialDataDecryptedObject>;
	s3Credential: ICredentialDataDecryptedObject;
	s3: S3Client;
	bucket: string;
	/** Runs the node as n8n would: the parameters over the defaults, the items as input. */
	run(
		transport: TransportName,
		parameters: Record<string, ParameterValue>,
		items: INodeExecutionData[],
		options?: {
			continueOnFail?: boolean;
			redshiftCredential?: ICredentialDataDecryptedObject;
			s3Credential?: ICredentialDataDecryptedObject;
		},
	): Promise<{ output: INodeExecutionData[]; execution: FakeExecution }>;
	rows(sql: string): Promise<SqlRow[]>;
	exec(sql: string): Promise<void>;
	stagedKeys(prefix: string): Promise<string[]>;
	stop(): Promise<void>;
}

export const asItems = (rows: Record<string, unknown>[]): INodeExecutionData[] =>
	rows.map((json) => ({ json: json as INodeExecutionData['json'] }));

export async function startSinkHarness(
	prefix: string,
	options: LocalRedshiftTestOptions = {},
): Promise<SinkHarness> {
	const redshift = await startLocalRedshift(prefix, options);
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
			accessKeyId: 'AKIAEXAMPLELOCAL0001',
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
	return {
		redshift,
		credentials,
		s3Credential,
		s3,
		bucket: s3Server.bucket,
		run: async (transport, parameters, items, options = {}) => {
			const execution = new FakeExecution({
				parameters: {
					operation: 'append',
					schema: locator('public'),
					columns: { mappingMode: 'autoMapInputData', value: null },
					writeMode: 'copy',
					bucket: s3Server.bucket,
					copyAuthorization: 'stagingCredentials',
					createTable: false,
					options: {},
					...parameters,
					// A prefix of its own per run, unless the test names one.
					copyOptions: {
						prefix: uniquePrefix('sink').replace(/\/$/, ''),
						...((parameters.copyOptions as object | undefined) ?? {}),
					},
				},
				items,
				continueOnFail: options.continueOnFail,
				credentials: {
					redshiftApi: options.redshiftCredential ?? credentials[transport],
					redshiftS3StagingApi: options.s3Credential ?? s3Credential,
				},
			});
			const output = await new RedshiftSink().execute.call(execution.context);
			return { output: output[0], execution };
		},
		rows: async (sql) => (await reader.query({ text: sql })).rows,
		exec: async (sql) => {
			await reader.query({ text: sql });
		},
		stagedKeys: async (keyPrefix) => {
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
