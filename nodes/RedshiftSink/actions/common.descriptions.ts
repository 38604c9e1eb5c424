import type { INodeProperties } from 'n8n-workflow';

/** Shown for every table action except a changelog that writes to each event's own table. */
const FIXED_TABLE = { hide: { changelogTarget: ['sourceTable'] } };

export const tableActionProperty: INodeProperties = {
	displayName: 'Table Action',
	name: 'tableAction',
	type: 'options',
	noDataExpression: true,
	options: [
		{
			name: 'Append',
			value: 'append',
			description: 'Add the items as new rows',
			action: 'Append rows to a table',
		},
		{
			name: 'Apply Changelog',
			value: 'changelog',
			description:
				"Apply the Postgres CDC Trigger's insert, update and delete events, exactly once",
			action: 'Apply a changelog to a table',
		},
		{
			name: 'Overwrite',
			value: 'overwrite',
			description: 'Replace every row of the table with the items',
			action: 'Overwrite a table',
		},
		{
			name: 'Create or Update',
			value: 'upsert',
			description: 'Create a new record, or update the current one if it already exists (upsert)',
			action: 'Upsert rows into a table',
		},
	],
	default: 'append',
};

export const tableLocatorProperties: INodeProperties[] = [
	{
		displayName: 'Schema',
		name: 'schema',
		type: 'resourceLocator',
		default: { mode: 'list', value: 'public' },
		required: true,
		displayOptions: FIXED_TABLE,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: 'schemaSearch', searchable: true },
			},
			{ displayName: 'By Name', name: 'name', type: 'string', placeholder: 'e.g. public' },
		],
	},
	{
		displayName: 'Table',
		name: 'table',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		displayOptions: FIXED_TABLE,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: 'tableSearch', searchable: true },
			},
			{ displayName: 'By Name', name: 'name', type: 'string', placeholder: 'e.g. orders' },
		],
	},
	{
		displayName: 'Schema Override',
		name: 'changelogSchema',
		type: 'string',
		default: '',
		placeholder: 'e.g. replica',
		description:
			"Write to tables of this Redshift schema instead of the source's schema; empty keeps the source's schema",
		displayOptions: { show: { tableAction: ['changelog'], changelogTarget: ['sourceTable'] } },
	},
];

const mapperOptions = {
	resourceMapperMethod: 'getMappingColumns',
	fieldWords: { singular: 'column', plural: 'columns' },
	addAllFields: true,
	multiKeyMatch: true,
	supportAutoMap: true,
};

export const columnsProperties: INodeProperties[] = [
	{
		displayName: 'Columns',
		name: 'columns',
		type: 'resourceMapper',
		noDataExpression: true,
		default: { mappingMode: 'autoMapInputData', value: null },
		required: true,
		typeOptions: {
			loadOptionsDependsOn: ['table.value', 'schema.value', 'tableAction'],
			resourceMapper: { ...mapperOptions, mode: 'add' },
		},
		displayOptions: { show: { tableAction: ['append', 'overwrite'] } },
	},
	{
		displayName: 'Columns',
		name: 'columns',
		type: 'resourceMapper',
		noDataExpression: true,
		default: { mappingMode: 'autoMapInputData', value: null },
		required: true,
		typeOptions: {
			loadOptionsDependsOn: ['table.value', 'schema.value', 'tableAction'],
			resourceMapper: { ...mapperOptions, mode: 'upsert' },
		},
		displayOptions: { show: { tableAction: ['upsert'] } },
	},
];

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
		description: 'Upsert and changelog always stage in S3 (Copy)',
	},
	{
		displayName: 'Batch Size',
		name: 'batchSize',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 500,
		description: 'Rows per INSERT statement (fewer when the statement would get too large)',
		displayOptions: { show: { writeMode: ['insert'] } },
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
		displayName: 'S3 Prefix',
		name: 'prefix',
		type: 'string',
		default: 'n8n-redshift-sink',
		description: 'Key prefix; every run writes under its own folder below it',
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
		displayName: 'File Format',
		name: 'fileFormat',
		type: 'options',
		options: [
			{ name: 'CSV', value: 'csv' },
			{ name: 'JSON Lines', value: 'jsonl' },
			{ name: 'Parquet', value: 'parquet' },
		],
		default: 'csv',
		displayOptions: { show: { writeMode: ['copy'] } },
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
		displayOptions: { show: { writeMode: ['copy'], fileFormat: ['csv', 'jsonl'] } },
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
				displayName: 'Empty As Null (EMPTYASNULL)',
				name: 'emptyAsNull',
				type: 'boolean',
				default: false,
				description: 'Whether empty strings load as NULL (then they cannot be told apart)',
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
				displayName: 'Target File Size (MB)',
				name: 'targetFileSizeMb',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 32,
				description: 'A new staged file is started after this many compressed megabytes',
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

export const createTableProperties: INodeProperties[] = [
	{
		displayName: 'Create Table If Missing',
		name: 'createTable',
		type: 'boolean',
		default: false,
		description: 'Whether to create the table in the load transaction when it does not exist',
	},
	{
		displayName: 'Column Definitions',
		name: 'createColumnsFrom',
		type: 'options',
		options: [
			{
				name: 'Inferred From the Items',
				value: 'infer',
				description:
					'Types come from the values; columns listed below override type, encoding and comment',
			},
			{
				name: 'Exactly the Columns Below',
				value: 'listed',
				description: 'The table gets the listed columns only',
			},
		],
		default: 'infer',
		displayOptions: { show: { createTable: [true] } },
	},
	{
		displayName: 'Column Settings',
		name: 'tableColumns',
		type: 'fixedCollection',
		placeholder: 'Add column',
		typeOptions: { multipleValues: true },
		default: {},
		displayOptions: { show: { createTable: [true] } },
		options: [
			{
				displayName: 'Column',
				name: 'column',
				values: [
					{
						displayName: 'Comment',
						name: 'comment',
						type: 'string',
						default: '',
					},
					{
						displayName: 'Encoding',
						name: 'encoding',
						type: 'options',
						options: [
							{ name: 'Automatic', value: '' },
							{ name: 'AZ64', value: 'AZ64' },
							{ name: 'BYTEDICT', value: 'BYTEDICT' },
							{ name: 'DELTA', value: 'DELTA' },
							{ name: 'DELTA32K', value: 'DELTA32K' },
							{ name: 'LZO', value: 'LZO' },
							{ name: 'MOSTLY16', value: 'MOSTLY16' },
							{ name: 'MOSTLY32', value: 'MOSTLY32' },
							{ name: 'MOSTLY8', value: 'MOSTLY8' },
							{ name: 'RAW', value: 'RAW' },
							{ name: 'RUNLENGTH', value: 'RUNLENGTH' },
							{ name: 'TEXT255', value: 'TEXT255' },
							{ name: 'TEXT32K', value: 'TEXT32K' },
							{ name: 'ZSTD', value: 'ZSTD' },
						],
						default: '',
					},
					{
						displayName: 'Name',
						name: 'name',
						type: 'string',
						default: '',
						required: true,
					},
					{
						displayName: 'Nullable',
						name: 'nullable',
						type: 'boolean',
						default: true,
						description: 'Whether the column accepts NULL (listed columns only)',
					},
					{
						displayName: 'Type',
						name: 'type',
						type: 'string',
						default: '',
						placeholder: 'e.g. VARCHAR(256)',
						description:
							'Redshift type such as BIGINT, NUMERIC(18,2), VARCHAR(256), TIMESTAMPTZ, SUPER;	empty keeps the inferred type',
					},
				],
			},
		],
	},
	{
		displayName: 'Table Design',
		name: 'tableDesign',
		type: 'collection',
		placeholder: 'Add setting',
		default: {},
		displayOptions: { show: { createTable: [true] } },
		options: [
			{
				displayName: 'Comment',
				name: 'comment',
				type: 'string',
				default: '',
			},
			{
				displayName: 'Dist Key',
				name: 'distKey',
				type: 'string',
				default: '',
				description: 'Column that distributes the rows across slices (implies dist style KEY)',
			},
			{
				displayName: 'Dist Style',
				name: 'distStyle',
				type: 'options',
				options: [
					{ name: 'All', value: 'ALL' },
					{ name: 'Auto', value: 'AUTO' },
					{ name: 'Even', value: 'EVEN' },
					{ name: 'Key', value: 'KEY' },
				],
				default: 'AUTO',
			},
			{
				displayName: 'Primary Key',
				name: 'primaryKey',
				type: 'string',
				default: '',
				description: 'Comma-separated columns; informational, Redshift does not enforce it',
			},
			{
				displayName: 'Sort Key Columns',
				name: 'sortKeyColumns',
				type: 'string',
				default: '',
				description: 'Comma-separated columns, in order',
			},
			{
				displayName: 'Sort Key Style',
				name: 'sortKeyStyle',
				type: 'options',
				options: [
					{ name: 'Auto', value: 'AUTO' },
					{ name: 'Compound', value: 'COMPOUND' },
					{ name: 'Interleaved', value: 'INTERLEAVED' },
					{ name: 'None', value: 'NONE' },
				],
				default: 'COMPOUND',
			},
		],
	},
];

export const optionsProperty: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add option',
	default: {},
	options: [
		{
			displayName: 'Case-Sensitive Identifiers',
			name: 'caseSensitive',
			type: 'boolean',
			default: false,
			description:
				'Whether to keep upper case in table and column names (only when the cluster has enable_case_sensitive_identifier on)',
		},
		{
			displayName: 'Ignore Extra Fields',
			name: 'ignoreExtraFields',
			type: 'boolean',
			default: false,
			description:
				'Whether input fields without a table column are left out instead of failing the run',
		},
		{
			displayName: 'Key Columns Override',
			name: 'keyColumns',
			type: 'string',
			default: '',
			placeholder: 'e.g. order_id',
			description:
				'Comma-separated key columns, for a table that is created by this run (the column mapper cannot list them yet)',
			displayOptions: { show: { '/tableAction': ['upsert'] } },
		},
		{
			displayName: 'Parse JSON Text Into SUPER',
			name: 'superStringsAreJson',
			type: 'boolean',
			default: false,
			description:
				'Whether text values bound for SUPER columns are JSON to parse (as JSON and JSONB columns arrive from the Postgres CDC Trigger in text mode); always on for Apply Changelog; CSV and Insert only',
		},
		{
			displayName: 'SQL After Load',
			name: 'sqlAfter',
			type: 'string',
			typeOptions: { editor: 'sqlEditor', sqlDialect: 'PostgreSQL' },
			default: '',
			description:
				'Statements run after the load in the same transaction; a failure rolls the load back',
		},
		{
			displayName: 'SQL Before Load',
			name: 'sqlBefore',
			type: 'string',
			typeOptions: { editor: 'sqlEditor', sqlDialect: 'PostgreSQL' },
			default: '',
			description: 'Statements run first in the load transaction (separate them with semicolons)',
		},
		{
			displayName: 'Strip NUL Characters',
			name: 'stripNul',
			type: 'boolean',
			default: false,
			description:
				'Whether NUL characters in text are removed instead of failing the item (Redshift cannot store them)',
		},
		{
			displayName: 'Values Longer Than the Column',
			name: 'longValues',
			type: 'options',
			options: [
				{
					name: 'Widen the Column',
					value: 'widen',
					description:
						'Before loading, make the VARCHAR column longer (ALTER TABLE … ALTER COLUMN … TYPE VARCHAR(n), n the next power of two up to 65,535 bytes). The column stays widened even if the load then fails. Redshift refuses it for BYTEDICT, RUNLENGTH, TEXT255 and TEXT32K encodings and for PRIMARY KEY or UNIQUE columns: then the run fails before loading, naming the column and the fix',
				},
				{
					name: 'Fail',
					value: 'fail',
					description:
						'Fail the run before loading, naming the item, the column and the value size in bytes',
				},
				{
					name: 'Truncate',
					value: 'truncate',
					description:
						'Cut the value to the column length (in UTF-8 bytes, on a character boundary), with a warning naming the column and how many values were cut',
				},
			],
			default: 'widen',
			description:
				'What to do with a text value longer than its VARCHAR or CHAR column (lengths are bytes of UTF-8, not characters). Widening works for VARCHAR only.',
		},
		{
			displayName: 'Values Over 65,535 Bytes',
			name: 'oversizeValues',
			type: 'options',
			options: [
				{
					name: 'Fail',
					value: 'fail',
					description:
						'Fail the run before loading, naming the item, the column and the value size',
				},
				{
					name: 'Truncate',
					value: 'truncate',
					description:
						'Cut the value to 65,535 bytes of UTF-8 on a character boundary, with a warning naming the column and how many values were cut',
				},
			],
			default: 'fail',
			description:
				'What to do with a text value larger than any Redshift VARCHAR can hold (65,535 bytes of UTF-8)',
		},
	],
};
