import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { credentialText } from './credentialFields';

export interface AwsAccessKeys {
	accessKeyId: string;
	secretAccessKey: string;
	sessionToken?: string;
}

export interface AwsCredentialBlock {
	region: string;
	/** Undefined with the default credential chain of the n8n host. */
	keys?: AwsAccessKeys;
	endpoint?: string;
}

/**
 * Reads the AWS block every credential shares (credentials/common/awsProperties.ts): region, access
 * keys or the default credential chain, custom endpoint. `owner` names the credential and what the
 * block is for in errors, e.g. "The Redshift credential … for the IAM login".
 */
export function readAwsCredentialBlock(
	data: ICredentialDataDecryptedObject,
	owner: { credential: string; purpose?: string; regionOf: string },
): AwsCredentialBlock {
	const purpose = owner.purpose ? ` for ${owner.purpose}` : '';
	const region = credentialText(data, 'region');
	if (!region)
		throw new Error(
			`${owner.credential} has no region${purpose}: enter the AWS region of ${owner.regionOf} (e.g. us-east-1).`,
		);
	const useKeys = (credentialText(data, 'awsCredentials') || 'accessKeys') === 'accessKeys';
	const accessKeyId = credentialText(data, 'accessKeyId');
	const secretAccessKey = credentialText(data, 'secretAccessKey');
	if (useKeys && (!accessKeyId || !secretAccessKey)) {
		throw new Error(
			`${owner.credential} needs both the access key ID and the secret access key${purpose}, or choose the default credential chain.`,
		);
	}
	const sessionToken = credentialText(data, 'sessionToken');
	const endpoint = credentialText(data, 'endpoint');
	return {
		region,
		...(useKeys
			? { keys: { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) } }
			: {}),
		...(endpoint ? { endpoint } : {}),
	};
}
