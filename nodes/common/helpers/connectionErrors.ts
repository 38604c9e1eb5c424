/**
 * Why Redshift or AWS refused a connection, in words that say what to fix. Only the error's code
 * and the server's message are used; credential values never are.
 */
export function describeConnectionError(error: unknown, target: string): string {
	const failure = (error ?? {}) as {
		code?: string;
		name?: string;
		message?: string;
		$metadata?: { httpStatusCode?: number };
	};
	const message = failure.message ?? String(error);
	switch (failure.code) {
		case 'ECONNREFUSED':
			return `Nothing accepts connections at ${target}: check the host and port of the Redshift credential, and that the cluster is publicly accessible or reachable from n8n.`;
		case 'ENOTFOUND':
		case 'EAI_AGAIN':
			return `The host of ${target} could not be resolved: check the host name in the Redshift credential.`;
		case 'ETIMEDOUT':
			return `Connecting to ${target} timed out: check the host and port, and the cluster's security group (inbound port 5439).`;
		case '28P01':
		case '28000':
			return `Redshift refused the login at ${target}: check the user and password of the Redshift credential.`;
		case '3D000':
			return `The database does not exist at ${target}: check the database name in the Redshift credential.`;
	}
	switch (failure.name) {
		case 'UnrecognizedClientException':
		case 'InvalidSignatureException':
		case 'InvalidClientTokenId':
		case 'SignatureDoesNotMatch':
		case 'InvalidAccessKeyId':
		case 'ExpiredTokenException':
		case 'ExpiredToken':
			return `AWS rejected the access keys for ${target} (${failure.name}): check the access key ID, secret access key and session token of the credential.`;
		case 'AccessDeniedException':
		case 'AccessDenied':
			return `AWS denied access to ${target}: give the credential's IAM identity the needed permissions. (${message})`;
		case 'CredentialsProviderError':
			return `No AWS credentials were found in the default credential chain of the n8n host for ${target}: enter access keys in the credential, or configure the host's environment or role.`;
		case 'NoSuchBucket':
			return `The bucket of ${target} does not exist: check the bucket name and region.`;
	}
	if (/password authentication failed/i.test(message)) {
		return `Redshift refused the login at ${target}: check the user and password of the Redshift credential.`;
	}
	return `Could not connect to ${target}: ${message}`;
}
