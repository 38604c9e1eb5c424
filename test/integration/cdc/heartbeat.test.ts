import type { Client } from 'pg';

import { AckTracker } from '../../../nodes/shared/cdc/ack';
import { decodePgoutput, type Lsn } from '../../../nodes/shared/cdc/pgoutput';
import { ReplicationStream } from '../../../nodes/shared/cdc/replication';
import { Heartbeat, isHeartbeatMessage, readSlotHealth } from '../../../nodes/shared/cdc/slots';
import { connectPg, freshDatabase } from '../../support/testServers';
import { useCdcDatabase } from './support/cdcDatabase';
import { replicationOptions } from './streamSupport';

const OTHER_WAL_BYTES = 8n * 1024n * 1024n;

/**
 * WAL is shared by every database on the server: writes elsewhere make an idle slot retain WAL
 * unless a heartbeat gives it something to acknowledge.
 */
describe('heartbeat on an idle database', () => {
	const db = useCdcDatabase('cdc_heartbeat', {
		setup: [
			'CREATE TABLE quiet (id int PRIMARY KEY)',
			'CREATE PUBLICATION heartbeat_pub FOR TABLE quiet',
		],
	});
	let busy: Client;
	let slotName: string;
	let idleSlotName: string;

	beforeAll(async () => {
		slotName = await db.newSlot('heartbeat');
		idleSlotName = await db.newSlot('no_heartbeat');
		busy = await connectPg(await freshDatabase('cdc_heartbeat_busy'));
		db.closeAfterAll(async () => await busy.end());
		await busy.query('CREATE TABLE churn (id int, payload text)');
	});

	it('advances confirmed_flush_lsn past other databases’ WAL and keeps retained WAL small', async () => {
		const stream = new ReplicationStream({
			connection: replicationOptions(db.connection),
			slotName,
			publicationNames: ['heartbeat_pub'],
		});
		const tracker = new AckTracker();
		const beats: Lsn[] = [];
		const heartbeat = new Heartbeat({
			connection: replicationOptions(db.connection),
			intervalMs: 200,
			content: slotName,
			onBeat: (lsn) => beats.push(lsn),
		});
		const received: Lsn[] = [];
		let stop = false;
		const consumer = (async () => {
			for await (const event of stream) {
				if (stop) break;
				if (event.kind !== 'data') continue;
				const message = decodePgoutput(event.wal.data);
				if (message.tag === 'message' && isHeartbeatMessage(message)) {
					expect(message.transactional).toBe(false);
					expect(message.content.toString()).toBe(slotName);
					received.push(message.lsn);
					const step = tracker.registerPassThrough(message.lsn);
					if (step.acknowledge !== undefined) stream.acknowledge(step.acknowledge);
				}
			}
		})();
		try {
			await stream.start();
			heartbeat.start();
			// Another database writes a lot of WAL; this one stays idle.
			await busy.query(
				`INSERT INTO churn SELECT g, repeat('z', 1000) FROM generate_series(1, ${Number(OTHER_WAL_BYTES / 1000n)}) g`,
			);
			const afterChurn = (
				await db.client.query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn')
			).rows[0].lsn;
			await db.client.query('CHECKPOINT');

			const deadline = Date.now() + 30_000;
			let health = await readSlotHealth(db.client, slotName);
			while (Date.now() < deadline) {
				health = await readSlotHealth(db.client, slotName);
				const retainedSmall =
					health.retainedBytes !== null && health.retainedBytes < OTHER_WAL_BYTES / 4n;
				const caughtUp = health.bytesBehind !== null && health.bytesBehind < OTHER_WAL_BYTES / 4n;
				if (retainedSmall && caughtUp) break;
				await new Promise((resolve) => setTimeout(resolve, 200));
			}
			const idle = await readSlotHealth(db.client, idleSlotName);
			console.log(
				`heartbeat: ${beats.length} beats, ${received.length} received; slot behind ${health.bytesBehind} B, retains ${health.retainedBytes} B; ` +
					`slot without heartbeat behind ${idle.bytesBehind} B (other database wrote past ${afterChurn})`,
			);
			expect(received.length).toBeGreaterThan(0);
			// The stream reports each heartbeat at the position the server returned for it.
			expect(beats).toEqual(expect.arrayContaining(received));
			expect(health.bytesBehind).toBeLessThan(OTHER_WAL_BYTES / 4n);
			expect(health.retainedBytes).toBeLessThan(OTHER_WAL_BYTES / 4n);
			expect(idle.bytesBehind).toBeGreaterThanOrEqual(OTHER_WAL_BYTES / 2n);
			expect(stream.acknowledgedLsn).toBe(received.at(-1));
		} finally {
			stop = true;
			await heartbeat.stop();
			await stream.close();
			await consumer;
		}
	});
});
