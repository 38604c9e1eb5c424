import {
	DescribeStatementCommand,
	RedshiftDataClient,
	type DescribeStatementCommandOutput,
} from '@aws-sdk/client-redshift-data';

import { startDataApi, type DataApi, type DataApiOptions } from '../../../redshift-local/dataapi';
import { RedshiftEngine } from '../../../redshift-local/engine/engine';
import { FaultInjector } from '../../../redshift-local/engine/faults';
import { redshiftHandlers } from '../../../redshift-local/engine/handlers';
import { PgClientSession } from '../../../redshift-local/engine/pgClientSession';
import { freshDatabase, pgConfig, s3Client, testServers } from '../../support/testServers';

/** A Data API endpoint on its own fresh database, and the unmodified SDK client pointed at it. */
export interface DataApiHarness {
	api: DataApi;
	client: RedshiftDataClient;
	database: string;
	faults: FaultInjector;
	/** A direct connection to the same database, to check what the Data API did. */
	direct: PgClientSession;
	/** Where statements run: the request members every ExecuteStatement needs. */
	target: { ClusterIdentifier: string; Database: string; DbUser: string };
	stop(): Promise<void>;
}

/** Limits and paging of the endpoint under test; the rest of DataApiOptions comes from the test servers. */
export type HarnessOptions = Omit<DataApiOptions, 'postgres' | 'engine'>;

export async function startHarness(
	prefix: string,
	options: HarnessOptions = {},
): Promise<DataApiHarness> {
	const connection = await freshDatabase(prefix);
	const autonomous = await PgClientSession.connect(pgConfig(connection));
	const direct = await PgClientSession.connect(pgConfig(connection));
	const faults = new FaultInjector();
	const engine = new RedshiftEngine(redshiftHandlers, {
		s3: s3Client(),
		autonomous: async (sql, params) => await autonomous.query(sql, params),
		faults,
	});
	const { host, port, user, password } = testServers().postgres;
	const api = await startDataApi({ postgres: { host, port, user, password }, engine, ...options });
	const client = new RedshiftDataClient({
		endpoint: api.endpoint,
		region: 'us-east-1',
		credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
		maxAttempts: 1,
	});
	return {
		api,
		client,
		database: connection.database,
		faults,
		direct,
		target: { ClusterIdentifier: 'local', Database: connection.database, DbUser: 'awsuser' },
		async stop() {
			client.destroy();
			await api.stop();
			await direct.close();
			await autonomous.close();
		},
	};
}

const TERMINAL = new Set(['FINISHED', 'FAILED', 'ABORTED']);

/** Polls DescribeStatement until the statement ended; returns the last answer and every status seen. */
export async function waitForStatement(
	client: RedshiftDataClient,
	id: string,
): Promise<{ description: DescribeStatementCommandOutput; seen: string[] }> {
	const seen: string[] = [];
	for (;;) {
		const description = await client.send(new DescribeStatementCommand({ Id: id }));
		const status = description.Status ?? 'UNKNOWN';
		if (seen[seen.length - 1] !== status) seen.push(status);
		if (TERMINAL.has(status)) return { description, seen };
		await new Promise((resolve) => setTimeout(resolve, 10));
	}
}
