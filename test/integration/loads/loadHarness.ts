import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import type { Pool } from 'pg';

import type { ChangeEvent, StagingSettings } from '../../../nodes/shared/loads';
import { DataApiConnection } from '../../../nodes/shared/redshift/connection/dataApi/dataApiConnection';
import type { RedshiftConnection, SqlRow } from '../../../nodes/shared/redshift/connection/types';
import { WireConnection } from '../../../nodes/shared/redshift/connection/wire/wireConnection';
import { startLocalRedshift, type LocalRedshiftForTests } from '../../support/localRedshift';
import { s3Client, testServers, uniquePrefix } from '../../support/testServers';

export type TransportName = 'wire' | 'dataApi';

/** A local Redshift of the test file's own, both transports to it, and the local S3. */
export interface LoadHarness {
	redshift: LocalRedshiftForTests;
	connections: Record<TransportName, RedshiftConnection>;
	/** Reads results back over the wire. */
	reader: WireConnection;
	s3: S3Client;
	bucket: string;
	/** Staging settings under a prefix of their own (checked empty afterwards with stagedKeys). */
	staging(name: string, overrides?: Partial<StagingSettings>): StagingSettings;
	stagedKeys(settings: StagingSettings): Promise<string[]>;
	rows(sql: string): Promise<SqlRow[]>;
	stop(): Promise<void>;
}

export const TRANSPORTS: TransportName[] = ['wire', 'dataApi'];

export async function startLoadHarness(prefix: string): Promise<LoadHarness> {
	const redshift = await startLocalRedshift(prefix);
	const { postgres, s3: s3Server } = testServers();
	const wireOptions = {
		host: redshift.pgConfig.host as string,
		port: redshift.pgConfig.port as number,
		database: redshift.database,
		user: postgres.user,
		password: postgres.password,
		ssl: 'disable' as const,
	};
	const wire = new WireConnection(wireOptions);
	// WireConnection gives a checked-out client no 'error' listener, so a connection lost in the
	// middle of a transaction emits an unhandled 'error' (a process crash outside jest). Reported
	// to the connection layer's owner; until it is fixed, the tests listen on every new client.
	(wire as unknown as { pool: Pool }).pool.on('connect', (client) =>
		client.on('error', () => undefined),
	);
	const reader = new WireConnection(wireOptions);
	if (!redshift.dataApiEndpoint)
		throw new Error('The local Redshift started without its Data API front.');
	const dataApi = new DataApiConnection({
		endpoint: redshift.dataApiEndpoint,
		region: 'us-east-1',
		accessKeyId: 'local',
		secretAccessKey: 'local',
		clusterIdentifier: 'local',
		database: redshift.database,
		dbUser: 'awsuser',
		pollIntervalMs: { first: 5, max: 50 },
	});
	const s3 = s3Client();
	return {
		redshift,
		connections: { wire, dataApi },
		reader,
		s3,
		bucket: s3Server.bucket,
		staging: (name, overrides = {}) => ({
			s3,
			bucket: s3Server.bucket,
			prefix: uniquePrefix(`loads-${name}`).replace(/\/$/, ''),
			authorization: {
				accessKeyId: s3Server.accessKeyId,
				secretAccessKey: s3Server.secretAccessKey,
			},
			...overrides,
		}),
		stagedKeys: async (settings) => {
			const listed = await s3.send(
				new ListObjectsV2Command({ Bucket: settings.bucket, Prefix: `${settings.prefix}/` }),
			);
			return (listed.Contents ?? []).map((object) => object.Key ?? '');
		},
		rows: async (sql) => (await reader.query({ text: sql })).rows,
		stop: async () => {
			await Promise.allSettled([wire.close(), reader.close(), dataApi.close()]);
			s3.destroy();
			await redshift.stop();
		},
	};
}

/** A trigger-shaped change event keyed by `id`, for changelog tests. */
export function change(
	op: ChangeEvent['op'],
	commitLsn: string,
	eventIndex: number,
	row: Record<string, unknown> | null,
	extra: Partial<ChangeEvent> = {},
): ChangeEvent {
	return {
		op,
		after: op === 'd' ? null : row,
		before: op === 'd' ? row : null,
		key: row ? { id: row.id } : null,
		source: { lsn: commitLsn, commitLsn, eventIndex },
		...extra,
	};
}
