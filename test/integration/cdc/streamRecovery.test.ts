import { createServer, type AddressInfo, type Socket } from 'node:net';

import {
	ReplicationStream,
	type ReplicationStreamOptions,
	type StandbyStatus,
} from '../../../nodes/shared/cdc/replication';
import { useCdcDatabase } from './support/cdcDatabase';
import {
	commits,
	insertedTexts,
	pullUntil,
	replicationOptions,
	slotState,
	waitForSlot,
} from './streamSupport';

/** Keepalives, a slot held elsewhere, a killed walsender, and a deliberate restart after a failed run. */
describe('ReplicationStream recovery and keepalives', () => {
	const db = useCdcDatabase('cdc_recovery', {
		setup: [
			'CREATE TABLE events (id serial PRIMARY KEY, note text)',
			'CREATE PUBLICATION recovery_pub FOR TABLE events',
		],
	});

	function openStream(
		slotName: string,
		extra: Partial<ReplicationStreamOptions> = {},
	): ReplicationStream {
		const stream = new ReplicationStream({
			connection: replicationOptions(db.connection),
			slotName,
			publicationNames: ['recovery_pub'],
			reconnect: { initialDelayMs: 50, maxDelayMs: 400 },
			...extra,
		});
		db.closeAfterAll(async () => await stream.close());
		return stream;
	}

	it('answers keepalives with the acknowledged position only, never with what it merely received', async () => {
		const slotName = await db.newSlot('keepalive');
		const sent: StandbyStatus[] = [];
		let replyRequests = 0;
		const stream = openStream(slotName, {
			// A short sender timeout makes the server ask for replies every second.
			connection: replicationOptions(db.connection, {
				sessionSettings: { wal_sender_timeout: '2s' },
			}),
			observer: {
				statusSent: (status) => sent.push(status),
				keepalive: (keepalive) => {
					if (keepalive.replyRequested) replyRequests += 1;
				},
			},
		});
		await stream.start();
		const initial = (await slotState(db.client, slotName))?.confirmedFlush ?? 0n;
		await db.client.query("INSERT INTO events (note) VALUES ('first'), ('second')");
		const { frames } = await pullUntil(stream, (seen) => commits(seen).length === 1);
		const endLsn = commits(frames)[0].endLsn;
		expect(stream.stats().receivedLsn).toBeGreaterThan(0n);

		const requestsBefore = replyRequests;
		await waitUntil(() => replyRequests >= requestsBefore + 2, 'two keepalives asking for a reply');
		expect(sent.length).toBeGreaterThanOrEqual(2);
		expect(
			sent.every((status) => status.flush === 0n && status.write === 0n && status.apply === 0n),
		).toBe(true);
		expect((await slotState(db.client, slotName))?.confirmedFlush).toBe(initial);

		stream.acknowledge(endLsn);
		const sentBeforeAck = sent.length;
		const requestsAfterAck = replyRequests;
		await waitUntil(
			() => replyRequests >= requestsAfterAck + 2,
			'two more keepalives after the acknowledgement',
		);
		const afterAck = sent.slice(sentBeforeAck);
		expect(afterAck.length).toBeGreaterThanOrEqual(2);
		expect(afterAck.every((status) => status.flush === endLsn)).toBe(true);
		expect(sent.every((status) => status.flush <= endLsn)).toBe(true);
		await waitForSlot(
			db.client,
			slotName,
			(state) => state.confirmedFlush === endLsn,
			`confirmed_flush_lsn = ${endLsn}`,
		);

		// Acknowledging an older position changes nothing.
		stream.acknowledge(endLsn - 1n);
		expect(stream.acknowledgedLsn).toBe(endLsn);
		await stream.close();
	});

	it('retries while another consumer holds the slot and streams once it is released', async () => {
		const slotName = await db.newSlot('busy');
		const holder = openStream(slotName);
		await holder.start();
		const busyRetries: Error[] = [];
		const waiting = openStream(slotName, {
			observer: {
				retrying: ({ error, slotBusy }) => {
					if (slotBusy) busyRetries.push(error);
				},
			},
		});
		const started = waiting.start();
		await waitUntil(() => busyRetries.length >= 2, 'two retries on the busy slot');
		expect(busyRetries[0].message).toMatch(/is active for PID/);
		await holder.close();
		await started;

		await db.client.query("INSERT INTO events (note) VALUES ('after the hand-over')");
		const { frames } = await pullUntil(waiting, (seen) => commits(seen).length === 1);
		expect(insertedTexts(frames)).toEqual(['after the hand-over']);
		await waiting.close();
	});

	it('reconnects after its walsender is killed and delivers the unacknowledged transaction again', async () => {
		const slotName = await db.newSlot('killed');
		const retries: string[] = [];
		const stream = openStream(slotName, {
			observer: { retrying: ({ error }) => retries.push(error.message) },
		});
		await db.client.query("INSERT INTO events (note) VALUES ('acknowledged before the crash')");
		const acknowledged = await pullUntil(stream, (seen) => commits(seen).length === 1);
		const ackLsn = commits(acknowledged.frames)[0].endLsn;
		stream.acknowledge(ackLsn);
		await waitForSlot(
			db.client,
			slotName,
			(state) => state.confirmedFlush === ackLsn,
			'the first acknowledgement',
		);

		await db.client.query("INSERT INTO events (note) VALUES ('in flight during the crash')");
		await pullUntil(stream, (seen) => commits(seen).length === 1);
		const pid = (await slotState(db.client, slotName))?.activePid;
		expect(pid).toEqual(expect.any(Number));
		await db.client.query('SELECT pg_terminate_backend($1)', [pid]);

		const again = await pullUntil(
			stream,
			(seen, events) =>
				events.some((event) => event.kind === 'restarted') && commits(seen).length === 1,
		);
		const restarted = again.events.find((event) => event.kind === 'restarted');
		expect(restarted).toMatchObject({ kind: 'restarted', fromLsn: ackLsn });
		expect(insertedTexts(again.frames)).toEqual(['in flight during the crash']);
		expect(retries.length).toBeGreaterThanOrEqual(1);
		expect(stream.stats().reconnects).toBe(1);
		await stream.close();
	});

	it('restart() after a failed run streams again from the acknowledged position', async () => {
		const slotName = await db.newSlot('rewind');
		const stream = openStream(slotName);
		await db.client.query("INSERT INTO events (note) VALUES ('good run')");
		await db.client.query("INSERT INTO events (note) VALUES ('failed run')");
		await db.client.query("INSERT INTO events (note) VALUES ('later run')");
		const first = await pullUntil(stream, (seen) => commits(seen).length === 3);
		const [good] = commits(first.frames);
		stream.acknowledge(good.endLsn);

		stream.restart('run 2 failed');
		const again = await pullUntil(
			stream,
			(seen, events) =>
				events.some((event) => event.kind === 'restarted') && commits(seen).length === 2,
		);
		expect(again.events[0]).toEqual({
			kind: 'restarted',
			fromLsn: good.endLsn,
			reason: 'run 2 failed',
		});
		expect(insertedTexts(again.frames)).toEqual(['failed run', 'later run']);
		await stream.close();
	});

	it('close() ends the stream without acknowledging what was received', async () => {
		const slotName = await db.newSlot('close');
		const stream = openStream(slotName);
		await stream.start();
		const before = (await slotState(db.client, slotName))?.confirmedFlush;
		await db.client.query("INSERT INTO events (note) VALUES ('unfinished work')");
		await pullUntil(stream, (seen) => commits(seen).length === 1);
		await stream.close();
		expect(await stream.next()).toEqual({ done: true, value: undefined });
		await waitForSlot(db.client, slotName, (state) => !state.active, 'inactive after close');
		expect((await slotState(db.client, slotName))?.confirmedFlush).toBe(before);
	});

	it('fails with a message naming the slot when the slot does not exist', async () => {
		const stream = openStream('no_such_slot_here');
		await expect(stream.start()).rejects.toThrow(
			/Replication slot "no_such_slot_here" does not exist/,
		);
		await expect(stream.next()).rejects.toThrow(/does not exist/);
		await stream.close();
	});

	it('gives up after the configured number of attempts when the server cannot be reached', async () => {
		const port = await closedPort();
		const attempts: number[] = [];
		const stream = openStream('any_slot', {
			connection: { ...replicationOptions(db.connection), port },
			reconnect: { initialDelayMs: 10, maxDelayMs: 20, maxAttempts: 2 },
			observer: { retrying: ({ attempt }) => attempts.push(attempt) },
		});
		await expect(stream.start()).rejects.toThrow(
			/Replication on slot "any_slot" failed.*gave up after 2 retries/,
		);
		expect(attempts).toEqual([1, 2]);
		await stream.close();
	});

	it('close() does not wait for a connection that is still being opened', async () => {
		// A server that accepts the TCP connection and never answers the startup message.
		const sockets: Socket[] = [];
		const silent = createServer((socket) => sockets.push(socket));
		await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
		try {
			const stream = openStream('any_slot', {
				connection: {
					...replicationOptions(db.connection),
					port: (silent.address() as AddressInfo).port,
					connectTimeoutMs: 600_000,
				},
			});
			const started = stream.start();
			await waitUntil(() => sockets.length === 1, 'the connection attempt');
			// Were close() to wait for the connect timeout (10 min), jest's timeout would fail this test.
			await stream.close();
			await expect(started).rejects.toThrow(/closed before streaming started/);
			expect(await stream.next()).toEqual({ done: true, value: undefined });
		} finally {
			sockets.forEach((socket) => socket.destroy());
			await new Promise((resolve) => silent.close(resolve));
		}
	});
});

async function closedPort(): Promise<number> {
	const server = createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	await new Promise((resolve) => server.close(resolve));
	return port;
}

async function waitUntil(
	condition: () => boolean,
	what: string,
	timeoutMs = 20_000,
): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!condition()) {
		if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
}
