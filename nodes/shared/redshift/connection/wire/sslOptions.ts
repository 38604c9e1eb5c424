import type { ConnectionOptions } from 'node:tls';

import type { SslMode } from '../types';

/**
 * `require` encrypts without checking who answers (like libpq's sslmode=require);
 * `verify-full` checks the certificate chain against the CA and the host name.
 */
export function sslOptions(mode: SslMode, ca?: string): false | ConnectionOptions {
	switch (mode) {
		case 'disable':
			return false;
		case 'require':
			return { rejectUnauthorized: false };
		case 'verify-full':
			return ca ? { rejectUnauthorized: true, ca } : { rejectUnauthorized: true };
	}
}
