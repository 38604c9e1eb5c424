/** The server a connection was for: the words of its errors name it and its credential. */
export type ConnectionProduct = 'redshift' | 'postgres';

interface ProductWords {
	server: string;
	credential: string;
	/** What else to check when nothing accepts connections. */
	unreachable: string;
	/** What stands between n8n and the server when connecting times out. */
	timeout: string;
}

const WORDS: Record<ConnectionProduct, ProductWords> = {
	redshift: {
		server: 'Redshift',
		credential: 'the Redshift credential',
		unreachable: 'and that the cluster is publicly accessible or reachable from n8n',
		timeout: "and the cluster's security group (inbound port 5439)",
	},
	postgres: {
		server: 'PostgreSQL',
		credential: 'the Postgres Replication credential',
		unreachable: 'and that PostgreSQL listens there (listen_addresses)',
		timeout: 'and any firewall in between',
	},
};

interface Failure {
	code?: string;
	name?: string;
	message?: string;
}

/**
 * Why a server (or AWS) refused a connection, in words that say what to fix. Only the error's code
 * and the server's message are used; credential values never are.
 */
export function describeConnectionError(
	error: unknown,
	target: string,
	product: ConnectionProduct = 'redshift',
): string {
	const failure = (error ?? {}) as Failure;
	if (failure.name === 'NoSuchBucket')
		return `The bucket of ${target} does not exist: check the bucket name and region.`;
	return (
		describeKnownConnectionError(error, target, product) ??
		`Could not connect to ${target}: ${failure.message ?? String(error)}`
	);
}

/**
 * The description of a failure to reach or log in to the server or AWS (network, login, database,
 * AWS keys and permissions), or undefined when the error is something else: a node describes the
 * rest in its own words.
 */
export function describeKnownConnectionError(
	error: unknown,
	target: string,
	product: ConnectionProduct = 'redshift',
): string | undefined {
	const failure = (error ?? {}) as Failure;
	const message = failure.message ?? String(error);
	return (
		describeNetworkOrLogin(failure, message, target, WORDS[product]) ??
		describeAwsFailure(failure, message, target)
	);
}

function describeNetworkOrLogin(
	failure: Failure,
	message: string,
	target: string,
	words: ProductWords,
): string | undefined {
	const refusedLogin = `${words.server} refused the login at ${target}: check the user and password of ${words.credential}.`;
	switch (failure.code) {
		case 'ECONNREFUSED':
			return `Nothing accepts connections at ${target}: check host and port of ${words.credential}, ${words.unreachable}.`;
		case 'ENOTFOUND':
		case 'EAI_AGAIN':
			return `The host of ${target} could not be resolved: check the host name in ${words.credential}.`;
		case 'ECONNRESET':
			return `The connection to ${target} was closed from the other side: check that ${words.server} is up, ${words.timeout}.`;
		case 'ETIMEDOUT':
			return `Connecting to ${target} timed out: check the host and port, ${words.timeout}.`;
		case '28P01':
			return refusedLogin;
		case '28000':
			// PostgreSQL says 28000 when pg_hba.conf has no line for this user and host.
			return /pg_hba/i.test(message)
				? `${words.server} refused the connection (${message}): allow this user and host in pg_hba.conf${/replication/i.test(message) ? ' with a "replication" line or database "all"' : ''}.`
				: refusedLogin;
		case '3D000':
			return `The database does not exist at ${target}: check the database name in ${words.credential}.`;
	}
	return /password authentication failed/i.test(message) ? refusedLogin : undefined;
}

function describeAwsFailure(failure: Failure, message: string, target: string): string | undefined {
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
	}
	return undefined;
}
