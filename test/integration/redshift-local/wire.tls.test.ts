import { Client, type ClientConfig } from 'pg';
import { TLSSocket } from 'node:tls';

import { WireConnection } from '../../../nodes/shared/redshift/connection/wire/wireConnection';
import { makeWireCertificate } from '../../../redshift-local/wire/tlsCertificate';
import { startLocalRedshift, type LocalRedshiftForTests } from '../../support/localRedshift';

/** What the session's own socket says about encryption, seen from the client side. */
function encrypted(client: Client): boolean {
	const stream = (client as unknown as { connection: { stream: unknown } }).connection.stream;
	return stream instanceof TLSSocket && stream.encrypted;
}

/** Redshift accepts TLS and plain connections alike; the front does too, with its own certificate. */
describe('wire front: TLS', () => {
	let local: LocalRedshiftForTests;
	const clients: Client[] = [];

	const connect = async (config: ClientConfig): Promise<Client> => {
		const client = new Client({ ...local.pgConfig, ...config });
		clients.push(client);
		await client.connect();
		return client;
	};

	beforeAll(async () => {
		local = await startLocalRedshift('wire_tls', { dataApi: false });
	});
	afterAll(async () => {
		await Promise.all(clients.map(async (client) => await client.end().catch(() => undefined)));
		await local.stop();
	});

	it('upgrades a client that asks (sslmode require: no verification) to TLS', async () => {
		const client = await connect({ ssl: { rejectUnauthorized: false } });
		expect(encrypted(client)).toBe(true);
		expect((await client.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
	});

	it('passes verify-full with the certificate it made as the CA, for 127.0.0.1', async () => {
		const certificate = local.instance.wire.certificate;
		expect(certificate).toContain('BEGIN CERTIFICATE');
		const client = await connect({ ssl: { ca: certificate, rejectUnauthorized: true } });
		expect(encrypted(client)).toBe(true);
		// The engine's statements work inside TLS too (CREATE TABLE goes through the DDL handler).
		await client.query('CREATE TABLE over_tls (id int)');
		await client.query('INSERT INTO over_tls VALUES (1), (2)');
		expect((await client.query('SELECT count(*)::int AS n FROM over_tls')).rows).toEqual([
			{ n: 2 },
		]);
	});

	it('refuses verify-full against another CA', async () => {
		const other = await makeWireCertificate();
		const client = new Client({
			...local.pgConfig,
			ssl: { ca: other.certificate, rejectUnauthorized: true },
		});
		await expect(client.connect()).rejects.toThrow(/certificate|self.signed|verify/i);
		await client.end().catch(() => undefined);
	});

	it('still serves a client that does not ask for TLS', async () => {
		const client = await connect({ ssl: false });
		expect(encrypted(client)).toBe(false);
		expect((await client.query('SELECT 2 AS two')).rows).toEqual([{ two: 2 }]);
	});

	it.each(['require', 'verify-full'] as const)(
		"serves the product's WireConnection with ssl %s",
		async (ssl) => {
			const connection = new WireConnection({
				host: local.instance.wire.host,
				port: local.instance.wire.port,
				database: local.database,
				user: String(local.pgConfig.user),
				password: String(local.pgConfig.password),
				ssl,
				ca: ssl === 'verify-full' ? local.instance.wire.certificate : undefined,
			});
			try {
				expect((await connection.query({ text: 'SELECT 3 AS three' })).rows).toEqual([
					{ three: 3 },
				]);
			} finally {
				await connection.close();
			}
		},
	);
});
