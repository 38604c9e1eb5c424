import { generate } from 'selfsigned';

import { WireConnection } from '../../../nodes/shared/redshift/connection/wire/wireConnection';
import { testServers } from '../../support/testServers';

/**
 * SSL modes against a PostgreSQL speaking TLS with a self-signed certificate made for this run
 * (Redshift's wire protocol is PostgreSQL's; the local Redshift's own TLS is tested in redshift-local/wire.tls.test.ts).
 */
describe('WireConnection SSL modes', () => {
	const { sslPostgres } = testServers();
	const connect = (ssl: 'disable' | 'require' | 'verify-full', ca?: string) =>
		new WireConnection({ ...sslPostgres, ssl, ca });
	const encrypted = { text: 'SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()' };

	it.each(['require', 'disable'] as const)(
		'connects with ssl %s, encrypted only when asked',
		async (mode) => {
			const connection = connect(mode);
			try {
				expect((await connection.query(encrypted)).rows).toEqual([{ ssl: mode === 'require' }]);
			} finally {
				await connection.close();
			}
		},
	);

	it('verifies the server against the given CA', async () => {
		const connection = connect('verify-full', sslPostgres.certificate);
		try {
			expect((await connection.query(encrypted)).rows).toEqual([{ ssl: true }]);
		} finally {
			await connection.close();
		}
	});

	it('refuses a server whose certificate the given CA did not sign', async () => {
		const other = await generate([{ name: 'commonName', value: 'someone-else' }], {
			notAfterDate: new Date(Date.now() + 24 * 3600 * 1000),
			keySize: 2048,
		});
		const connection = connect('verify-full', other.cert);
		try {
			await expect(connection.query({ text: 'SELECT 1' })).rejects.toThrow(
				/self[- ]signed|unable to verify|certificate/i,
			);
		} finally {
			await connection.close();
		}
	});
});
