import type { INodeProperties } from 'n8n-workflow';

export const writeModeProperties: INodeProperties[] = [
	{
		displayName: 'Write Mode',
		name: 'writeMode',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Copy (Stage in S3)',
				value: 'copy',
				description:
					'Stage compressed files in S3 and load them with one COPY; best from a few thousand rows on',
			},
			{
				name: 'Insert',
				value: 'insert',
				description:
					'Multi-row INSERT statements in the load transaction; no S3 needed; for small loads (Data API: one transaction of at most 40 statements)',
			},
		],
		default: 'copy',
		description:
			'How the rows reach Redshift. Upsert and Apply Changelog first fill a staging table inside the load transaction: by COPY from S3 in Copy mode, by INSERT statements in Insert mode (no S3 needed).',
	},
	{
		displayName: 'S3 Bucket',
		name: 'bucket',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. my-staging-bucket',
		description: 'Bucket for the staged files; Redshift must be able to read it',
		displayOptions: { show: { writeMode: ['copy'] } },
	},
	{
		displayName: 'COPY Authorization',
		name: 'copyAuthorization',
		type: 'options',
		options: [
			{
				name: 'IAM Role',
				value: 'iamRole',
				description: 'A role attached to the cluster that may read the bucket',
			},
			{
				name: 'S3 Staging Credential Keys',
				value: 'stagingCredentials',
				description:
					'The access keys of the S3 staging credential (they are redacted from logs and errors)',
			},
		],
		default: 'iamRole',
		description: 'How Redshift reads the staged files',
		displayOptions: { show: { writeMode: ['copy'] } },
	},
	{
		displayName: 'IAM Role',
		name: 'iamRole',
		type: 'string',
		default: '',
		placeholder: 'e.g. arn:aws:iam::123456789012:role/RedshiftCopy',
		description:
			'Role ARN, several ARNs separated by commas to chain roles, or "default" for the cluster\'s default role',
		displayOptions: { show: { writeMode: ['copy'], copyAuthorization: ['iamRole'] } },
	},
	{
		displayName: 'Copy Options',
		name: 'copyOptions',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		displayOptions: { show: { writeMode: ['copy'] } },
		options: [
			{
				displayName: 'Accept Invalid UTF-8 (ACCEPTINVCHARS)',
				name: 'acceptInvChars',
				type: 'boolean',
				default: false,
				description:
					'Whether to replace invalid UTF-8 characters with "?" instead of failing (CSV and JSON only)',
			},
			{
				displayName: 'Bucket Region',
				name: 'region',
				type: 'string',
				default: '',
				placeholder: 'e.g. eu-west-1',
				description: "Region of the bucket when it differs from the cluster's (CSV and JSON only)",
			},
			{
				displayName: 'Compression',
				name: 'compression',
				type: 'options',
				options: [
					{ name: 'Gzip', value: 'gzip' },
					{ name: 'None', value: 'none' },
					{ name: 'Zstandard', value: 'zstd' },
				],
				default: 'gzip',
				description:
					'How the staged CSV or JSON Lines files are compressed (Parquet compresses itself)',
				displayOptions: { hide: { fileFormat: ['parquet'] } },
			},
			{
				displayName: 'Empty As Null (EMPTYASNULL)',
				name: 'emptyAsNull',
				type: 'boolean',
				default: false,
				description: 'Whether empty strings load as NULL (then they cannot be told apart)',
			},
			{
				displayName: 'File Format',
				name: 'fileFormat',
				type: 'options',
				options: [
					{ name: 'CSV', value: 'csv' },
					{ name: 'JSON Lines', value: 'jsonl' },
					{ name: 'Parquet', value: 'parquet' },
				],
				default: 'csv',
				description:
					'Format of the staged files; CSV takes every Copy Option, Parquet only Accept Invalid UTF-8',
			},
			{
				displayName: 'Keep Staged Files',
				name: 'keepStagedFiles',
				type: 'boolean',
				default: false,
				description:
					'Whether to leave the staged files and manifest in S3 after the load (removed by default, after a failure too)',
			},
			{
				displayName: 'Max Errors (MAXERROR)',
				name: 'maxError',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: 100000 },
				default: 0,
				description: 'Bad rows COPY may skip before it fails the load',
			},
			{
				displayName: 'S3 Prefix',
				name: 'prefix',
				type: 'string',
				default: 'n8n-redshift-sink',
				description: 'Key prefix in the bucket; every run writes under its own folder below it',
			},
			{
				displayName: 'Target File Size',
				name: 'targetFileSizeMb',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 32,
				description: 'Megabytes of compressed data after which a new staged file is started',
			},
			{
				displayName: 'Time Format (TIMEFORMAT)',
				name: 'timeFormat',
				type: 'string',
				default: '',
				placeholder: 'e.g. YYYY-MM-DD HH:MI:SS',
				description:
					'How timestamps in the items are written; empty means auto (ISO 8601 and most common forms)',
			},
			{
				displayName: 'Truncate Columns (TRUNCATECOLUMNS)',
				name: 'truncateColumns',
				type: 'boolean',
				default: false,
				description:
					'Whether text longer than its column is cut to fit; when Options > Values Longer Than the Column is not set, it then defaults to Truncate instead of Widen the Column',
			},
		],
	},
];
