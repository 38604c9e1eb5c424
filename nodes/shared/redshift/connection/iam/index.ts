import type { WireIamLogin } from '../types';
import { awsCredentialIssuer } from './awsIssuer';
import { CredentialCache } from './credentialCache';
import { IamPoolSource, type PoolFactory } from './iamPools';

export { awsCredentialIssuer } from './awsIssuer';
export { CredentialCache } from './credentialCache';
export { IamPoolSource, type PoolFactory, type PoolSource } from './iamPools';
export * from './requests';
export * from './temporaryCredentials';

const DEFAULT_REFRESH_BEFORE_EXPIRY_SECONDS = 60;

/** Pools for a wire connection that logs in with temporary credentials from the Redshift control plane. */
export function iamPoolSource(
	iam: WireIamLogin,
	database: string,
	createPool: PoolFactory,
): IamPoolSource {
	const issuer = awsCredentialIssuer(iam, iam.aws, database);
	const cache = new CredentialCache(issuer.issue, {
		refreshBeforeExpiryMs:
			(iam.refreshBeforeExpirySeconds ?? DEFAULT_REFRESH_BEFORE_EXPIRY_SECONDS) * 1000,
		now: iam.now ?? Date.now,
	});
	return new IamPoolSource(cache, createPool, () => issuer.destroy());
}
