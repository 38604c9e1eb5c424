import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

export interface SslPropertiesOptions {
	/** When the block is shown; absent: always. */
	show?: IDisplayOptions['show'];
	default: 'disable' | 'require' | 'verify-full';
	/** Which authority signs the server's certificate. */
	caDescription: string;
}

/**
 * The SSL block of a database credential (Redshift and PostgreSQL alike): the mode, and the CA
 * to verify the server with. nodes/common/transport/sslOptions.ts reads it.
 */
export function sslProperties(options: SslPropertiesOptions): INodeProperties[] {
	return [
		{
			displayName: 'SSL',
			name: 'ssl',
			type: 'options',
			options: [
				{ name: 'Disable', value: 'disable' },
				{ name: 'Require (Encrypt, Do Not Verify)', value: 'require' },
				{ name: 'Verify Full (Encrypt, Verify Certificate and Host)', value: 'verify-full' },
			],
			default: options.default,
			...(options.show ? { displayOptions: { show: options.show } } : {}),
		},
		{
			displayName: 'CA Certificate',
			name: 'caCertificate',
			type: 'string',
			typeOptions: { password: true, rows: 4 },
			default: '',
			description: options.caDescription,
			displayOptions: { show: { ...options.show, ssl: ['verify-full'] } },
		},
	];
}
