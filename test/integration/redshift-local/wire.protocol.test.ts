import { Client, type ClientConfig, type QueryConfig } from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { connect as connectSocket } from 'node:net';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

import { startLocalRedshift, type LocalRedshiftForTests } from '../../support/localRedshift';
import { connectPg, testServers } from '../../support/testServers';
import { waitFor } from './support/waitFor';

/** Plain PostgreSQL traffic through the wire front: it must behave exactly as PostgreSQL itself. */
describe('wire front: PostgreSQL protocol pass-through', () => {
	let local: LocalRedshiftForTests;
	let client: Client;

	const connect = async (config: ClientConfig = local.pgConfig): Promise<Client> => {
		const connected = new Client(config);
		await connected.connect();
		return connected;
	};

	beforeAll(async () => {
		local = await startLocalRedshift('wire_protocol', { dataApi: false });
		client = await connect();
	});
	afterAll(async () => {
		await client.end();
		await local.stop();
	});

	it('authenticates with PostgreSQL: a wrong password or database is refused with its error', async () => {
		const wrong = new Client({ ...local.pgConfig, password: 'not-the-password' });
		await expect(wrong.connect()).rejects.toMatchObject({ code: '28P01' });
		const missing = new Client({ ...local.pgConfig, database: 'no_such_database' });
		await expect(missing.connect()).rejects.toMatchObject({ code: '3D000' });
	});

	it('runs simple and parameterised (extended protocol) queries', async () => {
		await client.query('CREATE TABLE items (id int PRIMARY KEY, name text, price numeric(10,2))');
		await client.query('INSERT INTO items VALUES ($1, $2, $3), ($4, $5, $6)', [
			1,
			'apple',
			'1.50',
			2,
			'pear',
			null,
		]);
		const byParam = await client.query('SELECT id, name, price FROM items WHERE id = $1', [1]);
		expect(byParam.rows).toEqual([{ id: 1, name: 'apple', price: '1.50' }]);
		expect(byParam.fields.map((field) => field.name)).toEqual(['id', 'name', 'price']);
		const named = { name: 'by-id', text: 'SELECT name FROM items WHERE id = $1' };
		expect((await client.query({ ...named, values: [2] })).rows).toEqual([{ name: 'pear' }]);
		expect((await client.query({ ...named, values: [1] })).rows).toEqual([{ name: 'apple' }]);
		const simple = await client.query('SELECT count(*)::int AS n FROM items');
		expect(simple.rows).toEqual([{ n: 2 }]);
	});

	it('ignores the row limit of Execute as Redshift does; DECLARE/FETCH pages instead', async () => {
		// With a row limit node-postgres sends Execute(3) + Flush; Redshift answers with every row at once.
		let suspended = 0;
		const connection = (client as unknown as { connection: NodeJS.EventEmitter }).connection;
		const countSuspension = () => suspended++;
		connection.on('portalSuspended', countSuspension);
		const paged = await client.query({
			text: 'SELECT g FROM generate_series(1, 10) g',
			rows: 3,
		} as QueryConfig);
		connection.off('portalSuspended', countSuspension);
		expect(paged.rows.map((row: { g: number }) => row.g)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
		expect(suspended).toBe(0);
		await client.query('BEGIN');
		await client.query('DECLARE c NO SCROLL CURSOR FOR SELECT g FROM generate_series(1, 5) g');
		expect((await client.query('FETCH FORWARD 3 FROM c')).rowCount).toBe(3);
		expect((await client.query('FETCH FORWARD 3 FROM c')).rowCount).toBe(2);
		await client.query('CLOSE c; COMMIT');
	});

	it('runs several statements in one query as PostgreSQL does (one implicit transaction)', async () => {
		const results = (await client.query(
			"CREATE TABLE multi (v text); INSERT INTO multi VALUES ('a;b'), ($$c;d$$); SELECT v FROM multi ORDER BY v",
		)) as unknown as Array<{ command: string; rows: unknown[] }>;
		expect(results.map((result) => result.command)).toEqual(['CREATE', 'INSERT', 'SELECT']);
		expect(results[2].rows).toEqual([{ v: 'a;b' }, { v: 'c;d' }]);
		await expect(client.query("INSERT INTO multi VALUES ('e'); SELECT 1/0")).rejects.toThrow(
			'division by zero',
		);
		expect((await client.query('SELECT count(*)::int AS n FROM multi')).rows).toEqual([{ n: 2 }]);
	});

	it('rolls back a transaction and reports errors with SQLSTATE, message and detail', async () => {
		await client.query('BEGIN');
		await client.query('INSERT INTO items VALUES (10, $1, 1)', ['plum']);
		// The primary key is informational (a duplicate would be stored, as on Redshift); NOT NULL is checked.
		const missingKey = await client
			.query('INSERT INTO items VALUES (NULL, $1, 1)', ['again'])
			.catch((error) => error);
		expect(missingKey).toMatchObject({
			code: '23502',
			message: 'null value in column "id" of relation "items" violates not-null constraint',
			detail: 'Failing row contains (null, again, 1.00).',
		});
		await expect(client.query('SELECT 1')).rejects.toMatchObject({ code: '25P02' });
		await client.query('ROLLBACK');
		expect((await client.query('SELECT count(*)::int AS n FROM items WHERE id = 10')).rows).toEqual(
			[{ n: 0 }],
		);
	});

	it('streams COPY FROM STDIN and COPY TO STDOUT through unchanged', async () => {
		await client.query('CREATE TABLE copied (id int, note text)');
		const lines = Array.from({ length: 5000 }, (_, index) => `${index},"note ${index}"\n`);
		await pipeline(
			Readable.from(lines),
			client.query(copyFrom('COPY copied FROM STDIN WITH (FORMAT csv)')),
		);
		const out: Buffer[] = [];
		const stream = client.query(
			copyTo('COPY (SELECT id FROM copied WHERE id < 3 ORDER BY id) TO STDOUT'),
		);
		for await (const chunk of stream) out.push(chunk as Buffer);
		expect(Buffer.concat(out).toString()).toBe('0\n1\n2\n');
		expect((await client.query('SELECT count(*)::int AS n FROM copied')).rows).toEqual([
			{ n: 5000 },
		]);
	});

	it('carries large values both ways (messages longer than many socket reads)', async () => {
		const big = 'x'.repeat(8 * 1024 * 1024);
		const { rows } = await client.query(
			'SELECT length($1::text) AS sent, repeat($2, 16 * 1024 * 1024) AS received',
			[big, 'y'],
		);
		expect(rows[0].sent).toBe(big.length);
		expect(rows[0].received).toHaveLength(16 * 1024 * 1024);
	});

	it('passes cancel requests to PostgreSQL', async () => {
		const other = await connect();
		try {
			const sleeping = other.query('SELECT pg_sleep(30)');
			await waitFor(async () => {
				const { rows } = await client.query(
					"SELECT count(*)::int AS n FROM pg_stat_activity WHERE query = 'SELECT pg_sleep(30)' AND state = 'active'",
				);
				return rows[0].n === 1;
			});
			// A CancelRequest on a fresh connection carries PostgreSQL's own key for the session, as psql sends it.
			await sendCancel(local.pgConfig, other);
			await expect(sleeping).rejects.toMatchObject({ code: '57014' });
		} finally {
			await other.end();
		}
	});

	it('delivers LISTEN/NOTIFY notifications while the client is idle', async () => {
		const listener = await connect();
		try {
			await listener.query('LISTEN wire_events');
			const received = new Promise<string | undefined>((resolve) =>
				listener.once('notification', (message) => resolve(message.payload)),
			);
			const direct = await connectPg({ ...testServers().postgres, database: local.database });
			await direct.query("NOTIFY wire_events, 'hello'");
			await direct.end();
			expect(await received).toBe('hello');
		} finally {
			await listener.end();
		}
	});
});

async function sendCancel(config: ClientConfig, target: Client): Promise<void> {
	const { processID, secretKey } = target as unknown as { processID: number; secretKey: number };
	await new Promise<void>((resolve, reject) => {
		const socket = connectSocket(Number(config.port), String(config.host), () => {
			const packet = Buffer.alloc(16);
			packet.writeInt32BE(16, 0);
			packet.writeInt32BE(80877102, 4);
			packet.writeInt32BE(processID, 8);
			packet.writeInt32BE(secretKey, 12);
			socket.end(packet);
		});
		socket.on('close', () => resolve());
		socket.on('error', reject);
	});
}

describe('wire front: PostgreSQL unreachable', () => {
	it('tells the client in the protocol that it cannot reach PostgreSQL', async () => {
		const { startRedshiftLocal } = await import('../../../redshift-local/server');
		const { freePort } = await import('../../support/freePort');
		const { s3 } = testServers();
		const closedPort = await freePort();
		const local = await startRedshiftLocal({
			postgres: { host: '127.0.0.1', port: closedPort, user: 'nobody', password: 'none' },
			s3,
			dataApi: false,
		});
		try {
			const client = new Client({
				host: local.wire.host,
				port: local.wire.port,
				user: 'nobody',
				password: 'none',
			});
			await expect(client.connect()).rejects.toMatchObject({
				code: '08006',
				message: expect.stringContaining(`cannot reach its PostgreSQL at 127.0.0.1:${closedPort}`),
			});
		} finally {
			await local.stop();
		}
	});
});
