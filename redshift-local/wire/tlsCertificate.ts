import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { X509Certificate } from 'node:crypto';
import { generate } from 'selfsigned';

/** The wire front's TLS identity: a self-signed certificate (its own CA) and its private key, PEM. */
export interface WireCertificate {
	certificate: string;
	privateKey: string;
}

const CERTIFICATE_FILE = 'wire-certificate.pem';
const KEY_FILE = 'wire-key.pem';
const VALID_DAYS = 365;

/**
 * A certificate for 127.0.0.1 and localhost, so a client can verify it with `sslmode=verify-full`
 * by trusting this very certificate as its CA. EC P-256: quick to make at every start.
 */
export async function makeWireCertificate(): Promise<WireCertificate> {
	const made = await generate([{ name: 'commonName', value: 'redshift-local' }], {
		keyType: 'ec',
		curve: 'P-256',
		algorithm: 'sha256',
		notAfterDate: new Date(Date.now() + VALID_DAYS * 24 * 3600 * 1000),
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
	return { certificate: made.cert, privateKey: made.private };
}

let processCertificate: Promise<WireCertificate> | undefined;

/**
 * The certificate kept in `dataDir` (made and written there the first time, so a restarted local
 * Redshift keeps the identity its clients trust), or without a folder one per process.
 */
export async function wireCertificate(dataDir?: string): Promise<WireCertificate> {
	if (dataDir === undefined) {
		processCertificate ??= makeWireCertificate();
		return await processCertificate;
	}
	const certificateFile = join(dataDir, CERTIFICATE_FILE);
	const keyFile = join(dataDir, KEY_FILE);
	if (existsSync(certificateFile) && existsSync(keyFile)) {
		const kept = {
			certificate: readFileSync(certificateFile, 'utf8'),
			privateKey: readFileSync(keyFile, 'utf8'),
		};
		if (new Date(new X509Certificate(kept.certificate).validTo) > new Date()) return kept;
	}
	const made = await makeWireCertificate();
	writeFileSync(keyFile, made.privateKey, { mode: 0o600 });
	writeFileSync(certificateFile, made.certificate);
	return made;
}

/** Where `wireCertificate(dataDir)` keeps the certificate: the file a client passes as its CA. */
export function wireCertificateFile(dataDir: string): string {
	return join(dataDir, CERTIFICATE_FILE);
}
