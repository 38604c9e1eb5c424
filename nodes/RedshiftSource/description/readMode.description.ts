import type { INodeProperties } from 'n8n-workflow';

const READS = ['readTable', 'executeQuery'];
const UNLOAD = { show: { operation: READS, readMode: ['unload'] } };

export const readModeProperties: INodeProperties[] = [
	{
		displayName: 'Read Mode',
		name: 'readMode',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Direct',
				value: 'direct',
				description:
					'Fetch the rows over the connection in pages (wire cursor or Data API pages); for small and medium results',
			},
			{
				name: 'Unload',
				value: 'unload',
				description:
					'UNLOAD the result to S3 with a manifest, then read the files in parallel; for large results',
			},
		],
		default: 'direct',
		displayOptions: { show: { operation: READS } },
	},
	{
		displayName: 'S3 Bucket',
		name: 'bucket',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. my-unload-bucket',
		description: 'Bucket Redshift unloads into; every run writes under a folder of its own',
		displayOptions: UNLOAD,
	},
	{
		displayName: 'Unload Authorization',
		name: 'unloadAuthorization',
		type: 'options',
		options: [
			{
				name: 'IAM Role',
				value: 'iamRole',
				description: 'A role attached to the cluster that may write to the bucket',
			},
			{
				name: 'S3 Staging Credential Keys',
				value: 'stagingCredentials',
				description:
					'The access keys of the S3 staging credential (they are redacted from logs and errors)',
			},
		],
		default: 'iamRole',
		description: 'How Redshift writes the unloaded files to S3',
		displayOptions: UNLOAD,
	},
	{
		displayName:
			'Redshift writes the files itself, so it needs an IAM role attached to the cluster that may write to the bucket (s3:PutObject) and read it back (s3:GetObject, s3:ListBucket). Without one, choose S3 Staging Credential Keys.',
		name: 'iamRoleNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { ...UNLOAD.show, unloadAuthorization: ['iamRole'] } },
	},
	{
		displayName: 'IAM Role',
		name: 'iamRole',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. arn:aws:iam::123456789012:role/RedshiftUnload',
		description:
			'Role ARN, several ARNs separated by commas to chain roles, or "default" for the cluster\'s default role',
		displayOptions: { show: { ...UNLOAD.show, unloadAuthorization: ['iamRole'] } },
	},
	{
		displayName: 'Unload Options',
		name: 'unloadOptions',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		displayOptions: UNLOAD,
		options: [
			{
				displayName: 'File Format',
				name: 'format',
				type: 'options',
				options: [
					{ name: 'Parquet', value: 'parquet', description: 'Typed columns; smaller and faster' },
					{ name: 'CSV (Gzip)', value: 'csvGzip' },
				],
				default: 'parquet',
			},
			{
				displayName: 'Files Read at Once',
				name: 'concurrency',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 16 },
				default: 4,
				description: 'How many unloaded files are downloaded and parsed in parallel',
			},
			{
				displayName: 'Keep Files',
				name: 'keepFiles',
				type: 'boolean',
				default: false,
				description:
					'Whether to leave the unloaded files and manifest in S3 after reading them (Output Unloaded Files always keeps them)',
			},
			{
				displayName: 'Max File Size (MB)',
				name: 'maxFileSizeMb',
				type: 'number',
				typeOptions: { minValue: 5, maxValue: 6200 },
				default: 6200,
				description: "UNLOAD's MAXFILESIZE: a file is split after this many megabytes",
			},
			{
				displayName: 'Parallel',
				name: 'parallel',
				type: 'boolean',
				default: true,
				description:
					'Whether every slice writes its own files (PARALLEL ON, faster) or one file is written at a time in order (PARALLEL OFF)',
			},
			{
				displayName: 'S3 Prefix',
				name: 'prefix',
				type: 'string',
				default: 'n8n-redshift-source',
				description: 'Key prefix; every run writes under its own folder below it',
			},
		],
	},
];
