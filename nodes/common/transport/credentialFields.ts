import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

/** A text field of a credential, trimmed; '' when absent. */
export function credentialText(data: ICredentialDataDecryptedObject, name: string): string {
	const value = data[name];
	return value === undefined || value === null ? '' : String(value).trim();
}
