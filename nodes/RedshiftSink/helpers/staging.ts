import type { IExecuteFunctions } from 'n8n-workflow';

import type { StagingSettings } from '../../shared/loads';
import { createS3Client } from '../../shared/s3/client';
import { bucketAuthorization, readS3StagingCredential } from '../../common/transport/s3Credential';
import { credentialSecrets } from '../../common/transport/redshiftCredential';
import type { SinkSettings } from './interfaces';
import { SettingsError } from './settings';

export interface OpenedStaging {
	staging: StagingSettings;
	secrets: string[];
	close(): void;
}

/**
 * Where and how to stage (write mode Copy): the settings' staging parameters, the S3 client from
 * the S3 staging credential, and COPY's authorization (the credential's keys when asked for).
 */
export async function openStaging(
	context: IExecuteFunctions,
	settings: SinkSettings,
): Promise<OpenedStaging> {
	const parameters = settings.staging;
	if (!parameters) throw new Error('Write mode Copy needs staging parameters.');
	const data = await context.getCredentials('redshiftS3StagingApi');
	const credential = readS3StagingCredential(data);
	const authorization = bucketAuthorization(credential, parameters.authorization);
	if (!authorization) {
		throw new SettingsError(
			"COPY is set to use the S3 staging credential's keys, but that credential uses the default credential chain: enter keys there, or set COPY Authorization to IAM Role.",
			'COPY Authorization',
		);
	}
	const s3 = createS3Client(credential.connection);
	return {
		staging: {
			s3,
			bucket: parameters.bucket,
			prefix: parameters.prefix,
			authorization,
			format: parameters.format,
			...(parameters.compression ? { compression: parameters.compression } : {}),
			...(settings.bucketRegion ? { region: settings.bucketRegion } : {}),
			...(settings.targetFileBytes ? { targetFileBytes: settings.targetFileBytes } : {}),
			keepFiles: settings.keepStagedFiles,
			nulBytes: settings.nulBytes,
		},
		secrets: credentialSecrets(data),
		close: () => s3.destroy(),
	};
}
