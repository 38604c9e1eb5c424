import { randomBytes } from 'node:crypto';
import type { Client } from 'pg';

import { ChangeBatcher } from '../../shared/cdc/batching/batcher';
import type { Batch } from '../../shared/cdc/batching/types';
import { TransactionAssembler } from '../../shared/cdc/envelope/assembler';
import { RelationKeys } from '../../shared/cdc/envelope/relationKeys';
import type { CdcEvent } from '../../shared/cdc/envelope/types';
import { KeyCatalog } from '../../shared/cdc/keys/keyCatalog';
import { decodePgoutput } from '../../shared/cdc/pgoutput/decode';
import { connectSql } from '../../shared/cdc/replication/replicationConnection';
import { ReplicationStream } from '../../shared/cdc/replication/replicationStream';
import type { ReplicationConnectionOptions } from '../../shared/cdc/replication/types';
import {
	dropPublication,
	ensurePublication,
	verifyPublication,
} from '../../shared/cdc/slots/publication';
import type { CdcTriggerOptions } from '../options/triggerOptions';
import { createEventFilter } from './eventFilter';
import { batchToItems } from './items';
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
 * publication is not changed by unpublished edits. Nothing is acknowledged anywhere.
 *
 * n8n traps respected (verified on n8n 2.8.4): run() never waits for the run's outcome (that deadlocks
 * manual executions), emit is looked up at call time, and close() does not drain.
 */
export function createManualTrigger(
	env: TriggerEnvironment,
	connection: ReplicationConnectionOptions,
	options: CdcTriggerOptions,
): ManualTrigger {
	const suffix = randomBytes(6).toString('hex');
	const temporaryPublication =
		options.publication.mode === 'manage' ? `n8n_cdc_test_${suffix}` : undefined;
	const publicationName = temporaryPublication ?? options.publication.name;
	let sql: Client | undefined;
	let stream: ReplicationStream | undefined;
	let closed = false;
	let emitted = false;
	const keyCatalog = new KeyCatalog(connection);

	const listen = async (current: ReplicationStream) => {
		const accepts = createEventFilter(options);
		// The same keys and source identity as production items, so the editor shows what runs will get.
		const keys = new RelationKeys(async (relation) => await keyCatalog.describe(relation));
		const assembler = new TransactionAssembler({
			valueMode: options.valueTypes,
			keyColumns: keys.keyColumns,
			columnFacts: keys.columnFacts,
			sourceIdentity: () => current.systemIdentity,
		});
		const emitFirst = (batch: Batch<CdcEvent>) => {
			if (emitted || closed || batch.events.length === 0) return;
			emitted = true;
			env.emit(batchToItems(batch, undefined), env.createDeferred());
		};
		const batcher = new ChangeBatcher<CdcEvent>(options.batching, emitFirst);
		try {
			while (!emitted && !closed) {
				const next = await current.next();
				if (next.done) break;
				// A reconnect recreates the temporary slot at "now": start assembling afresh (a new
				// session: each table is described again before its first change).
				if (next.value.kind === 'restarted') {
					assembler.startSession();
					continue;
				}
				const wal = next.value.wal;
				const message = decodePgoutput(wal.data);
				if (message.tag === 'relation') await keys.learn(message);
				const transaction = assembler.push(wal.walStart, message);
				if (!transaction) continue;
				batcher.push({ kind: 'begin' });
				for (const event of transaction.events)
					if (accepts(event)) batcher.push({ kind: 'event', event });
				batcher.push({ kind: 'commit', endLsn: transaction.ackLsn });
			}
		} catch (error) {
			if (!closed) env.fatal(error instanceof Error ? error : new Error(String(error)));
		} finally {
			batcher.close();
		}
	};

	return {
		run: async () => {
			sql = await connectSql(connection);
			if (temporaryPublication) {
				await ensurePublication(sql, {
					name: temporaryPublication,
					target:
						options.capture.kind === 'tables'
							? { kind: 'tables', tables: options.capture.tables }
							: { kind: 'schema', schema: options.capture.schema },
					operations: options.operations,
				});
			} else {
				await verifyPublication(sql, publicationName, {
					tables: options.capture.kind === 'tables' ? options.capture.tables : undefined,
					schema: options.capture.kind === 'schema' ? options.capture.schema : undefined,
					operations: options.operations,
				});
			}
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
			void listen(stream);
		},
		close: async () => {
			closed = true;
			await stream?.close();
			await keyCatalog.close();
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
