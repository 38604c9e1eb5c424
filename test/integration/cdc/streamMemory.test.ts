import { decodePgoutput } from '../../../nodes/shared/cdc/pgoutput';
import { ReplicationStream } from '../../../nodes/shared/cdc/replication';
import { useCdcDatabase } from './support/cdcDatabase';
import { replicationOptions, slotState } from './streamSupport';

const ROWS = 100_000;
const MAX_BUFFERED = 1024 * 1024;

/** A 100k-row transaction through a slow consumer: reading pauses, memory stays bounded. */
describe('ReplicationStream back-pressure', () => {
	const db = useCdcDatabase('cdc_memory', {
		setup: [
			'CREATE TABLE bulk (id int PRIMARY KEY, payload text)',
			'CREATE PUBLICATION memory_pub FOR TABLE bulk',
		],
	});
	let slotName: string;

	beforeAll(async () => {
		slotName = await db.newSlot('memory');
	});

	it('streams a 100k-row transaction with bounded buffering while the consumer is slow', async () => {
		await db.client.query(
			`INSERT INTO bulk SELECT g, repeat('x', 40) || g FROM generate_series(1, ${ROWS}) g`,
		);
		const stream = new ReplicationStream({
			connection: replicationOptions(db.connection),
			slotName,
			publicationNames: ['memory_pub'],
			maxBufferedBytes: MAX_BUFFERED,
		});
		global.gc?.();
		const baseline = process.memoryUsage().heapUsed;
		let peakHeap = baseline;
		let inserts = 0;
		let commitEnd = 0n;
		let frames = 0;
		let bytes = 0;
		const started = Date.now();
		try {
			// The consumer is busy at first: the stream must fill its buffer, then stop reading.
			await stream.start();
			while (stream.stats().pauses === 0) await new Promise((resolve) => setTimeout(resolve, 20));
			peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
			await new Promise((resolve) => setTimeout(resolve, 500));
			expect(stream.stats().maxBufferedBytes).toBeLessThan(MAX_BUFFERED + 512 * 1024);
			for await (const event of stream) {
				if (event.kind !== 'data') continue;
				frames += 1;
				bytes += event.wal.data.length;
				const message = decodePgoutput(event.wal.data);
				if (message.tag === 'insert') inserts += 1;
				if (frames % 2_000 === 0) {
					peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
					// A slow workflow: the stream must stop reading rather than buffer the rest.
					await new Promise((resolve) => setTimeout(resolve, 5));
				}
				if (message.tag === 'commit') {
					commitEnd = message.endLsn;
					break;
				}
			}
		} finally {
			await stream.close();
		}
		const seconds = (Date.now() - started) / 1000;
		const stats = stream.stats();
		console.log(
			`100k-row transaction: ${frames} frames, ${(bytes / 1048576).toFixed(1)} MiB of pgoutput in ${seconds.toFixed(2)} s ` +
				`(${Math.round(inserts / seconds)} rows/s incl. decode, a 500 ms busy start and a deliberately slow consumer); ` +
				`heap baseline ${(baseline / 1048576).toFixed(1)} MiB, peak ${(peakHeap / 1048576).toFixed(1)} MiB; ` +
				`buffered at most ${(stats.maxBufferedBytes / 1024).toFixed(0)} KiB; socket paused ${stats.pauses} times`,
		);
		expect(inserts).toBe(ROWS);
		expect(commitEnd).toBeGreaterThan(0n);
		expect(stats.pauses).toBeGreaterThan(1);
		// Bounded by the limit plus what one socket read can add before the pause takes effect.
		expect(stats.maxBufferedBytes).toBeLessThan(MAX_BUFFERED + 512 * 1024);
		expect(bytes).toBeGreaterThan(4 * MAX_BUFFERED);
	});

	it('keeps the connection alive while the consumer is stalled longer than wal_sender_timeout', async () => {
		await db.client.query('TRUNCATE bulk');
		const stalledSlot = await db.newSlot('stalled');
		const stream = new ReplicationStream({
			connection: replicationOptions(db.connection, {
				sessionSettings: { wal_sender_timeout: '2s' },
			}),
			slotName: stalledSlot,
			publicationNames: ['memory_pub'],
			maxBufferedBytes: 64 * 1024,
			statusIntervalMs: 500,
		});
		try {
			await db.client.query(
				"INSERT INTO bulk SELECT g, 'stalled ' || g FROM generate_series(1, 20000) g",
			);
			let inserts = 0;
			let stalled = false;
			let walsenderPid: number | undefined;
			let servingAfterStall: Awaited<ReturnType<typeof slotState>>;
			for await (const event of stream) {
				expect(event.kind).toBe('data');
				if (event.kind !== 'data') break;
				const message = decodePgoutput(event.wal.data);
				if (message.tag === 'insert') inserts += 1;
				if (inserts === 1_000 && !stalled) {
					stalled = true;
					// A workflow run that takes longer than wal_sender_timeout.
					walsenderPid = (await slotState(db.client, stalledSlot))?.activePid ?? undefined;
					await new Promise((resolve) => setTimeout(resolve, 5_000));
				}
				if (message.tag === 'commit') {
					// Checked before leaving the loop: leaving it closes the stream.
					servingAfterStall = await slotState(db.client, stalledSlot);
					break;
				}
			}
			expect(inserts).toBe(20_000);
			expect(stream.stats().reconnects).toBe(0);
			// The same walsender still serves the stream: the server did not time it out during the stall.
			expect(walsenderPid).toEqual(expect.any(Number));
			expect(servingAfterStall).toMatchObject({ active: true, activePid: walsenderPid });
			expect(stream.stats().pauses).toBeGreaterThan(0);
		} finally {
			await stream.close();
		}
	});
});
