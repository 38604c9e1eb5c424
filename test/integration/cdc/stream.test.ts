import { ReplicationStream } from '../../../nodes/shared/cdc/replication';
import { useCdcDatabase } from './support/cdcDatabase';
import {
	commits,
	insertedTexts,
	pullUntil,
	replicationOptions,
	slotState,
	uniqueSlotName,
	waitForSlot,
} from './streamSupport';

/** The replication stream against a real server: what it delivers, and what acknowledgement changes. */
describe('ReplicationStream', () => {
	const db = useCdcDatabase('cdc_stream', {
		setup: [
			'CREATE TABLE orders (id int PRIMARY KEY, note text)',
			'CREATE PUBLICATION stream_pub FOR TABLE orders',
		],
	});

	function openStream(
		slotName: string,
		extra: Partial<ConstructorParameters<typeof ReplicationStream>[0]> = {},
	) {
		const stream = new ReplicationStream({
			connection: replicationOptions(db.connection),
			slotName,
			publicationNames: ['stream_pub'],
			reconnect: { initialDelayMs: 50, maxDelayMs: 500 },
			...extra,
		});
		db.closeAfterAll(async () => await stream.close());
		return stream;
	}

	it('delivers inserts, updates and deletes as pgoutput frames in commit order', async () => {
		const slotName = await db.newSlot('stream_ops');
		const stream = openStream(slotName);
		await stream.start();
		await db.client.query("INSERT INTO orders VALUES (1, 'one'), (2, 'two')");
		await db.client.query("UPDATE orders SET note = 'uno' WHERE id = 1");
		await db.client.query('DELETE FROM orders WHERE id = 2');

		const { frames } = await pullUntil(stream, (seen) => commits(seen).length === 3);
		const tags = frames.map((frame) => frame.message.tag);
		expect(tags).toEqual([
			'begin',
			'relation',
			'insert',
			'insert',
			'commit',
			'begin',
			'update',
			'commit',
			'begin',
			'delete',
			'commit',
		]);
		expect(insertedTexts(frames)).toEqual(['one', 'two']);
		const ends = commits(frames).map((commit) => commit.endLsn);
		expect([...ends].sort((a, b) => (a < b ? -1 : 1))).toEqual(ends);
		await stream.close();
		await db.client.query('DELETE FROM orders');
	});

	it('delivers the same transactions again after a restart when they were not acknowledged', async () => {
		const slotName = await db.newSlot('stream_unacked');
		const first = openStream(slotName);
		await first.start();
		await db.client.query("INSERT INTO orders VALUES (10, 'received, never acknowledged')");
		const before = await pullUntil(first, (seen) => commits(seen).length === 1);
		expect(insertedTexts(before.frames)).toEqual(['received, never acknowledged']);
		// The consumer dies between receipt and acknowledgement.
		await first.close();
		expect((await slotState(db.client, slotName))?.confirmedFlush).not.toBe(
			commits(before.frames)[0].endLsn,
		);

		const second = openStream(slotName);
		const after = await pullUntil(second, (seen) => commits(seen).length === 1);
		expect(insertedTexts(after.frames)).toEqual(['received, never acknowledged']);
		await second.close();
	});

	it('does not deliver acknowledged transactions again and records the position in the slot', async () => {
		const slotName = await db.newSlot('stream_acked');
		const first = openStream(slotName);
		await db.client.query("INSERT INTO orders VALUES (20, 'acknowledged')");
		const before = await pullUntil(first, (seen) => commits(seen).length === 1);
		const endLsn = commits(before.frames)[0].endLsn;
		first.acknowledge(endLsn);
		await waitForSlot(
			db.client,
			slotName,
			(state) => state.confirmedFlush === endLsn,
			`confirmed_flush_lsn = ${endLsn}`,
		);
		await first.close();

		await db.client.query("INSERT INTO orders VALUES (21, 'after the acknowledgement')");
		const second = openStream(slotName, { startLsn: endLsn });
		const after = await pullUntil(second, (seen) => commits(seen).length === 1);
		expect(insertedTexts(after.frames)).toEqual(['after the acknowledgement']);
		await second.close();
		expect((await slotState(db.client, slotName))?.confirmedFlush).toBe(endLsn);
	});

	it('previews the next changes on a temporary slot that disappears with the stream', async () => {
		const slotName = uniqueSlotName('preview');
		const stream = openStream(slotName, { temporarySlot: true });
		await stream.start();
		expect(await slotState(db.client, slotName)).toMatchObject({ active: true });
		await db.client.query("INSERT INTO orders VALUES (30, 'seen in the editor')");
		const { frames } = await pullUntil(stream, (seen) => commits(seen).length === 1);
		expect(insertedTexts(frames)).toEqual(['seen in the editor']);
		await stream.close();
		const deadline = Date.now() + 10_000;
		while ((await slotState(db.client, slotName)) && Date.now() < deadline)
			await new Promise((resolve) => setTimeout(resolve, 50));
		expect(await slotState(db.client, slotName)).toBeUndefined();
	});
});
