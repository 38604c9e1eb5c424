import { randomBytes } from 'node:crypto';
import { createServer, type Server, type Socket, connect as connectTcp } from 'node:net';
import type { Client } from 'pg';

import { decodePgoutput } from '../../../nodes/shared/cdc/pgoutput';
import { ReplicationStream } from '../../../nodes/shared/cdc/replication';
import { createDatabase, type PostgresConnection } from '../../support/embeddedPostgres';
import { connectPg, testServers } from '../../support/testServers';
import { commits, dropSlots, pullUntil } from './streamSupport';

/** Forwards TCP connections to one server, then (switchTo) to another, cutting the open ones. */
class SwitchingProxy {
	private readonly sockets = new Set<Socket>();
	private readonly server: Server;

	constructor(private targetPort: number) {
		this.server = createServer((client) => {
			const upstream = connectTcp(this.targetPort, '127.0.0.1');
			for (const socket of [client, upstream]) {
				this.sockets.add(socket);
				socket.on('close', () => this.sockets.delete(socket));
				socket.on('error', () => undefined);
			}
			client.pipe(upstream).pipe(client);
			client.on('close', () => upstream.destroy());
			upstream.on('close', () => client.destroy());
		});
	}

	async listen(): Promise<number> {
		await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
		return (this.server.address() as { port: number }).port;
	}

	switchTo(port: number): void {
		this.targetPort = port;
		for (const socket of this.sockets) socket.destroy();
	}

	async close(): Promise<void> {
		for (const socket of this.sockets) socket.destroy();
		await new Promise<void>((resolve) => this.server.close(() => resolve()));
	}
}

/** The error the stream ends with; undefined if it delivers a commit or nothing within `timeoutMs`. */
async function streamFailure(
	stream: ReplicationStream,
	timeoutMs: number,
): Promise<Error | undefined> {
	let timer: NodeJS.Timeout | undefined;
	const timeout = new Promise<'timeout'>((resolve) => {
		timer = setTimeout(() => resolve('timeout'), timeoutMs);
	});
	try {
		for (;;) {
			const next = await Promise.race([stream.next(), timeout]);
			if (next === 'timeout' || next.done) return undefined;
			if (next.value.kind === 'data' && decodePgoutput(next.value.wal.data).tag === 'commit')
				return undefined;
		}
	} catch (error) {
		return error as Error;
	} finally {
		clearTimeout(timer);
	}
}

/**
 * The same slot name on two servers behind one address: a reconnect that lands on the other server
 * must stop the stream, not resume there from the first server's acknowledged position.
 */
describe('ReplicationStream: a reconnect to another server', () => {
	const database = `switch_${randomBytes(5).toString('hex')}`;
	const role = `switcher_${randomBytes(4).toString('hex')}`;
	const password = randomBytes(12).toString('hex');
	const slotName = `switch_slot_${randomBytes(4).toString('hex')}`;
	const servers: Array<{ connection: PostgresConnection; client: Client }> = [];
	const proxy = { current: undefined as SwitchingProxy | undefined };

	beforeAll(async () => {
		const { postgres, sslPostgres } = testServers();
		for (const server of [postgres, sslPostgres]) {
			const connection = await createDatabase(server, database);
			const client = await connectPg(connection);
			await client.query(`CREATE ROLE ${role} LOGIN SUPERUSER PASSWORD '${password}'`);
			await client.query('CREATE TABLE events (id int PRIMARY KEY)');
			await client.query('CREATE PUBLICATION switch_pub FOR TABLE events');
			await client.query("SELECT pg_create_logical_replication_slot($1, 'pgoutput')", [slotName]);
			servers.push({ connection, client });
		}
	});

	afterAll(async () => {
		await proxy.current?.close();
		for (const { client } of servers) {
			await dropSlots(client, [slotName]).catch(() => undefined);
			await client.query(`DROP OWNED BY ${role}`).catch(() => undefined);
			await client.query(`DROP ROLE IF EXISTS ${role}`).catch(() => undefined);
			await client.end();
		}
	});

	it('stops with an error naming both system identifiers instead of resuming on the other server', async () => {
		const [first, second] = servers;
		const switching = new SwitchingProxy(first.connection.port);
		proxy.current = switching;
		const port = await switching.listen();
		const stream = new ReplicationStream({
			connection: { host: '127.0.0.1', port, database, user: role, password },
			slotName,
			publicationNames: ['switch_pub'],
			reconnect: { initialDelayMs: 50, maxDelayMs: 200 },
		});
		try {
			await stream.start();
			const firstId = stream.systemIdentity?.systemId;
			await first.client.query('INSERT INTO events VALUES (1)');
			const { frames } = await pullUntil(stream, (seen) => commits(seen).length === 1);
			stream.acknowledge(commits(frames)[0].endLsn);

			const confirmedOnSecond = async () =>
				(
					await second.client.query<{ lsn: string | null }>(
						'SELECT confirmed_flush_lsn::text AS lsn FROM pg_replication_slots WHERE slot_name = $1',
						[slotName],
					)
				).rows[0].lsn;
			const secondBefore = await confirmedOnSecond();

			switching.switchTo(second.connection.port);
			await second.client.query('INSERT INTO events VALUES (2)');
			// Today's code goes on streaming here, from the first server's position (skipping the insert).
			const failure = await streamFailure(stream, 20_000);
			const { rows } = await second.client.query<{ id: string }>(
				'SELECT system_identifier::text AS id FROM pg_control_system()',
			);
			expect(failure?.message).toContain('now reaches a different PostgreSQL server');
			expect(failure?.message).toContain(rows[0].id);
			expect(failure?.message).toContain(String(firstId));
			// The first server's position was never reported to the other server's slot.
			expect(await confirmedOnSecond()).toBe(secondBefore);
		} finally {
			await stream.close();
		}
	});
});
