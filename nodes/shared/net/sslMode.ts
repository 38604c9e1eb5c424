/** libpq's sslmode values that the credentials offer, for Redshift and PostgreSQL alike. */
export const SSL_MODES = ['disable', 'require', 'verify-full'] as const;

export type SslMode = (typeof SSL_MODES)[number];

export function isSslMode(value: unknown): value is SslMode {
	return (SSL_MODES as readonly unknown[]).includes(value);
}

/** The node:tls options an SSL mode comes down to. */
export interface TlsSettings {
	rejectUnauthorized: boolean;
	ca?: string;
}

/**
 * `require` encrypts without checking who answers (like libpq's sslmode=require);
 * `verify-full` checks the certificate chain against the CA (or the system store) and the host name.
 */
export function sslOptions(mode: SslMode, ca?: string): false | TlsSettings {
	switch (mode) {
		case 'disable':
			return false;
		case 'require':
			return { rejectUnauthorized: false };
		case 'verify-full':
			return ca ? { rejectUnauthorized: true, ca } : { rejectUnauthorized: true };
	}
}
