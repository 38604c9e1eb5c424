import { chownSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generate } from 'selfsigned';

import { type PgMajor, type RunningPostgres, startEmbeddedPostgres } from './embeddedPostgres';

export interface SslPostgres extends RunningPostgres {
	/** PEM of the server's self-signed certificate: the CA a verify-full client trusts. */
	certificate: string;
}

/**
 * A PostgreSQL that speaks TLS with a certificate made for this run (for 127.0.0.1 and
 * localhost), so SSL modes are tested against a real handshake.
 */
export async function startSslPostgres(major?: PgMajor): Promise<SslPostgres> {
	const made = await generate([{ name: 'commonName', value: 'localhost' }], {
		notAfterDate: new Date(Date.now() + 24 * 3600 * 1000),
		keySize: 2048,
		extensions: [
			{
				name: 'subjectAltName',
				altNames: [
					{ type: 7, ip: '127.0.0.1' },
					{ type: 2, value: 'localhost' },
				],
			},
		],
	});
	const running = await startEmbeddedPostgres(major, {
		postgresFlags: [
			'-c',
			'ssl=on',
			'-c',
			'ssl_cert_file=server.crt',
			'-c',
			'ssl_key_file=server.key',
		],
		beforeStart: (dataDir) => {
			// PostgreSQL reads the key only if its owner (the server's user) alone may read it.
			const { uid, gid } = statSync(dataDir);
			for (const [name, content] of [
				['server.crt', made.cert],
				['server.key', made.private],
			] as const) {
				const file = join(dataDir, name);
				writeFileSync(file, content, { mode: 0o600 });
				chownSync(file, uid, gid);
			}
		},
	});
	return { ...running, certificate: made.cert };
}
