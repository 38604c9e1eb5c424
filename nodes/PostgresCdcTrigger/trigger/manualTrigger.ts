import { randomBytes } from 'node:crypto';
import type { Client } from 'pg';

import { connectSql } from '../../shared/cdc/replication/replicationConnection';
import { ReplicationStream } from '../../shared/cdc/replication/replicationStream';
import type { ReplicationConnectionOptions } from '../../shared/cdc/replication/types';
import { dropPublication } from '../../shared/cdc/slots/publication';
import type { CdcTriggerOptions } from '../options/triggerOptions';
import { ChangePipeline } from './changePipeline';
import { createKeptAsTextWarner } from './keptAsTextWarnings';
import { setUpPublication } from './publicationSetup';
import type { TriggerEnvironment } from './triggerEnvironment';

export interface ManualTrigger {
	/** n8n's manualTriggerFunction: sets up and returns; the first batch is emitted later, on its own. */
	run(): Promise<void>;
	close(): Promise<void>;
}

/**
 * The editor's "Test step" / "Listen for event": shows the next real changes without consuming the
 * production slot. A TEMPORARY slot starts at "now" and vanishes with its connection; when the node
 * manages the publication, a throw-away publication with the same tables is used, so the production
 * publication is not changed by unpublished edits. The changes go through the production pipeline
 * (decoding, keys, filter, batching, items); only its first run is shown, then it stops. What it
 * acknowledges is the temporary slot's, which is gone when the test ends.
 *
 * n8n traps respected (verified on n8n 2.8.4): run() never waits for the run's outcome (that deadlocks
 * manual executions), emit is looked up at call time, and close() does not drain.
 */
export function createManualTrigger(
	env: TriggerEnvironment,
	connection: ReplicationConnectionOptions,
	options: CdcTriggerOptions,
	runTimeoutMs: number,
): ManualTrigger {
	const suffix = randomBytes(6).toString('hex');
	const temporaryPublication =
		options.publication.mode === 'manage' ? `n8n_cdc_test_${suffix}` : undefined;
	const publicationName = temporaryPublication ?? options.publication.name;
	let sql: Client | undefined;
	let stream: ReplicationStream | undefined;
	let pipeline: ChangePipeline | undefined;
	let closed = false;
	let shown = false;

	const startPipeline = (current: ReplicationStream): ChangePipeline => {
		const started: ChangePipeline = new ChangePipeline(
			current,
			options,
			{
				emit: (items, done) => {
					if (shown || closed) return;
					shown = true;
					env.emit(items, done);
					// The editor shows one run: stop cutting more (the stream stays open until close()).
					void started.close(0);
				},
				createDeferred: env.createDeferred,
				fatal: (error) => {
					if (!closed) env.fatal(error);
				},
				keptAsText: createKeptAsTextWarner(env.warn),
				slotHealth: () => undefined,
				debug: env.debug,
				warn: env.warn,
				runTimeoutMs,
			},
			current.acknowledgedLsn,
		);
		started.start();
		return started;
	};

	return {
		run: async () => {
			sql = await connectSql(connection);
			await setUpPublication(sql, options, publicationName);
			const slotName = `n8n_cdc_test_${suffix}`;
			stream = new ReplicationStream({
				connection,
				slotName,
				publicationNames: [publicationName],
				temporarySlot: true,
				messages: true,
				// A test run should say what is wrong instead of retrying for long.
				reconnect: { maxAttempts: 3 },
			});
			await stream.start();
			env.info(
				`Listening for changes on temporary slot ${slotName} (the production slot is not used).`,
			);
			pipeline = startPipeline(stream);
		},
		close: async () => {
			closed = true;
			await pipeline?.close(0);
			await stream?.close();
			await pipeline?.finished();
			if (sql) {
				if (temporaryPublication) {
					await dropPublication(sql, temporaryPublication).catch((error: Error) =>
						env.warn(
							`Dropping the test publication ${temporaryPublication} failed: ${error.message}`,
						),
					);
				}
				await sql.end().catch(() => undefined);
			}
		},
	};
}
