import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';

import { RedshiftEngine } from '../../../../redshift-local/engine/engine';
import { FaultInjector } from '../../../../redshift-local/engine/faults';
import { PgClientSession } from '../../../../redshift-local/engine/pgClientSession';
import type {
	EngineContext,
	StatementHandler,
	StatementResult,
} from '../../../../redshift-local/engine/session';
import { prepareSession } from '../../../../redshift-local/engine/systemSchema';
import { freshDatabase, pgConfig, s3Client, testServers } from '../../../support/testServers';

/** A local Redshift engine over one client session on a fresh database, with the real S3. */
export interface EngineHarness {
	engine: RedshiftEngine;
	session: PgClientSession;
	autonomous: PgClientSession;
	s3: S3Client;
	bucket: string;
	/** Runs one statement the way a front would. */
	run(sql: string): Promise<StatementResult>;
	close(): Promise<void>;
}

/** `systemDdl`: the system-schema objects to create, as a front does when a session starts. */
export async function startEngine(
	prefix: string,
	handlers: StatementHandler[],
	systemDdl: string[] = [],
): Promise<EngineHarness> {
	const database = await freshDatabase(prefix);
	const session = await PgClientSession.connect(pgConfig(database));
	const autonomous = await PgClientSession.connect(pgConfig(database));
	const s3 = s3Client();
	const context: EngineContext = {
		s3,
		autonomous: (sql, params) => autonomous.query(sql, params),
		faults: new FaultInjector(),
	};
	const engine = new RedshiftEngine(handlers, context);
	await prepareSession(database.database, session, context, systemDdl);
	return {
		engine,
		session,
		autonomous,
		s3,
		bucket: testServers().s3.bucket,
		run: (sql) => engine.execute(sql, session),
		close: async () => {
			await session.close();
			await autonomous.close();
			s3.destroy();
		},
	};
}

export async function listKeys(s3: S3Client, bucket: string, prefix: string): Promise<string[]> {
	const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
	return (listed.Contents ?? []).map((object) => object.Key ?? '').sort();
}
