import type { IExecuteFunctions } from 'n8n-workflow';

import type { StagingSettings } from '../../shared/loads';
import type { AwsAuthorization } from '../../shared/redshift/sql/authorization';
import { createS3Client } from '../../shared/s3/client';
import type { StagingCompression } from '../../shared/staging/compression';
import type { StagingFormat } from '../../shared/staging/stageRows';
import { readS3StagingCredential } from '../../common/transport/s3Credential';
import { credentialSecrets } from '../../common/transport/redshiftCredential';
import type { SinkSettings } from './interfaces';
import { SettingsError } from './settings';

export interface OpenedStaging {
	staging: StagingSettings;
	secrets: string[];
	close(): void;
}

/** Where and how to stage (Copy write mode): the S3 client from the staging credential, and COPY's authorization. */
export async function openStaging(
	context: IExecuteFunctions,
	settings: SinkSettings,
): Promise<OpenedStaging> {
	const bucket = String(context.getNodeParameter('bucket', 0, '')).trim();
	if (!bucket)
		throw new SettingsError(
			'No S3 bucket is set for staging: enter the bucket Redshift reads the files from.',
			'bucket',
		);
	const prefix = String(context.getNodeParameter('prefix', 0, 'n8n-redshift-sink'))
		.trim()
		.replace(/^\/+|\/+$/g, '');
	const data = await context.getCredentials('redshiftS3StagingApi');
	const credential = readS3StagingCredential(data);
	let authorization: AwsAuthorization;
	if (context.getNodeParameter('copyAuthorization', 0, 'iamRole') === 'iamRole') {
		const roles = String(context.getNodeParameter('iamRole', 0, ''))
			.split(',')
			.map((role) => role.trim())
			.filter(Boolean);
		if (roles.length === 0)
			throw new SettingsError(
				'COPY needs an IAM role: enter the role ARN (or "default"), or let COPY use the S3 staging credential\'s keys.',
				'iamRole',
			);
		authorization = { iamRole: roles.length === 1 ? roles[0] : roles };
	} else {
		if (!credential.keys) {
			throw new SettingsError(
				"COPY is set to use the S3 staging credential's keys, but that credential uses the default credential chain: enter keys there, or give COPY an IAM role.",
				'copyAuthorization',
			);
		}
		authorization = credential.keys;
	}
	const format = context.getNodeParameter('fileFormat', 0, 'csv') as StagingFormat;
	if (format === 'parquet') {
		const refused = Object.keys(settings.copy).filter((key) => key !== 'acceptInvChars');
		if (refused.length > 0 || settings.bucketRegion) {
			throw new SettingsError(
				`COPY from Parquet does not take ${[...refused, ...(settings.bucketRegion ? ['region'] : [])].join(', ')}: remove those Copy Options, or stage CSV or JSON Lines.`,
				'copyOptions',
			);
		}
	}
	const s3 = createS3Client(credential.connection);
	return {
		staging: {
			s3,
			bucket,
			prefix,
			authorization,
			format,
			...(format === 'parquet'
				? {}
				: {
						compression: context.getNodeParameter('compression', 0, 'gzip') as StagingCompression,
					}),
			...(settings.bucketRegion ? { region: settings.bucketRegion } : {}),
			...(settings.targetFileBytes ? { targetFileBytes: settings.targetFileBytes } : {}),
			keepFiles: settings.keepStagedFiles,
			nulBytes: settings.nulBytes,
		},
		secrets: credentialSecrets(data),
		close: () => s3.destroy(),
	};
}
