import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	INodeCredentialTestResult,
} from 'n8n-workflow';

/**
 * The frame of every credential test: read the credential (a reader's error names the field to fix
 * and becomes the test's answer), then check it against the service.
 */
export async function checkCredential<Settings>(
	credential: ICredentialsDecrypted,
	read: (data: ICredentialDataDecryptedObject) => Settings,
	check: (
		settings: Settings,
		data: ICredentialDataDecryptedObject,
	) => Promise<INodeCredentialTestResult>,
): Promise<INodeCredentialTestResult> {
	const data = credential.data ?? {};
	let settings: Settings;
	try {
		settings = read(data);
	} catch (error) {
		return { status: 'Error', message: (error as Error).message };
	}
	return await check(settings, data);
}
