import type { RedshiftLocalProcess } from './sourceRedshiftLocal';

export const REDSHIFT_CREDENTIAL_TYPE = 'redshiftApi';
export const STAGING_CREDENTIAL_TYPE = 'redshiftS3StagingApi';

/** The Redshift API credential for the local Redshift's wire port (no TLS needed on loopback). */
export function redshiftCredentialData(
	redshift: RedshiftLocalProcess,
	password = redshift.wire.password,
): Record<string, unknown> {
	return {
		connectionType: 'direct',
		host: redshift.wire.host,
		port: redshift.wire.port,
		database: redshift.wire.database,
		authentication: 'password',
		user: redshift.wire.user,
		password,
		ssl: 'disable',
	};
}

/** The S3 staging credential for the local Redshift's own S3 (COPY reads the files with these keys). */
export function stagingCredentialData(redshift: RedshiftLocalProcess): Record<string, unknown> {
	return {
		region: 'us-east-1',
		awsCredentials: 'accessKeys',
		accessKeyId: redshift.s3.accessKeyId,
		secretAccessKey: redshift.s3.secretAccessKey,
		endpoint: redshift.s3.endpoint,
		forcePathStyle: true,
		testBucket: redshift.s3.bucket,
	};
}

/** Write mode Copy through the local S3, authorized by the staging credential's keys. */
export function copyThroughLocalS3(
	redshift: RedshiftLocalProcess,
	prefix: string,
): Record<string, unknown> {
	return {
		writeMode: 'copy',
		bucket: redshift.s3.bucket,
		copyAuthorization: 'stagingCredentials',
		copyOptions: { prefix },
	};
}
