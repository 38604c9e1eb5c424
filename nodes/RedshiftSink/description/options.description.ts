import type { INodeProperties } from 'n8n-workflow';

export const optionsProperty: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add option',
	default: {},
	options: [
		{
			displayName: 'Batch Size',
			name: 'batchSize',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 500,
			description: 'Rows per INSERT statement (fewer when the statement would get too large)',
			displayOptions: { show: { '/writeMode': ['insert'] } },
		},
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
			displayOptions: { show: { '/operation': ['upsert'] } },
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
			displayName: 'Unchanged TOAST Without a Row',
			name: 'changelogMissingToast',
			type: 'options',
			options: [
				{
					name: 'Fail the Run',
					value: 'fail',
					description: 'Nothing is written; the error names the table, key and column',
				},
				{
					name: 'Write NULL and Warn',
					value: 'null',
					description:
						"The column stays NULL until the source changes it again; the output's warnings list each such change",
				},
			],
			default: 'fail',
			description:
				'When an update left a large (TOASTed) value unchanged, PostgreSQL does not send it; it is taken from the target row. What to do when there is none, e.g. after starting with Changes From Now.',
			displayOptions: { show: { '/operation': ['changelog'] } },
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
