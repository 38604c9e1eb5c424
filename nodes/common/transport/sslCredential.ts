import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { isSslMode, type SslMode } from '../../shared/net/sslMode';
import { credentialText } from './credentialFields';

/**
 * Reads the SSL block both database credentials share (credentials/common/sslProperties.ts). The CA
 * is kept for verify-full only.
 */
export function readSslCredential(
	data: ICredentialDataDecryptedObject,
	fallback: SslMode,
): { ssl: SslMode; ca?: string } {
	const ssl = credentialText(data, 'ssl') || fallback;
	if (!isSslMode(ssl))
		throw new Error(`SSL mode "${ssl}" is not supported: use disable, require or verify-full.`);
	const ca = String(data.caCertificate ?? '');
	return { ssl, ...(ssl === 'verify-full' && ca.trim() ? { ca } : {}) };
}
