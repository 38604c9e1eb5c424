import type { INodeProperties } from 'n8n-workflow';

export const changelogProperties: INodeProperties[] = [
	{
		displayName: 'Target Table',
		name: 'changelogTarget',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { tableAction: ['changelog'] } },
		options: [
			{
				name: 'One Table',
				value: 'fixedTable',
				description: 'Every event goes to the table chosen below',
			},
			{
				name: 'Same Name as the Source Table',
				value: 'sourceTable',
				description: 'Each event goes to the table named in its source.schema and source.table',
			},
		],
		default: 'sourceTable',
	},
	{
		displayName:
			'Apply Changelog fails the run when any table fails, even with On Error set to continue, so that the trigger does not acknowledge changes that were not applied. The other tables of the run are applied; a retry applies the rest exactly once.',
		name: 'changelogFailureNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { tableAction: ['changelog'] } },
	},
	{
		displayName: 'Key Column Names or IDs',
		name: 'changelogKeys',
		type: 'multiOptions',
		typeOptions: {
			loadOptionsMethod: 'getColumns',
			loadOptionsDependsOn: ['table.value', 'schema.value'],
		},
		default: [],
		description:
			'Columns that identify a row, for every table without its own entry in Key Columns per Table; none selected uses the key the events carry (the source\'s primary key, else its replica identity index). Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		displayOptions: { show: { tableAction: ['changelog'] } },
	},
	{
		displayName: 'Unchanged TOAST Without a Row',
		name: 'changelogMissingToast',
		type: 'options',
		noDataExpression: true,
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
		displayOptions: { show: { tableAction: ['changelog'] } },
	},
	{
		displayName: 'Key Columns per Table',
		name: 'changelogTableKeys',
		type: 'fixedCollection',
		placeholder: 'Add Table',
		typeOptions: { multipleValues: true },
		default: {},
		description:
			'Key columns of one source table: for a table without a primary key or replica identity index, or to match rows by other columns',
		displayOptions: { show: { tableAction: ['changelog'], changelogTarget: ['sourceTable'] } },
		options: [
			{
				displayName: 'Table',
				name: 'table',
				values: [
					{
						displayName: 'Source Table',
						name: 'table',
						type: 'string',
						default: '',
						placeholder: 'e.g. public.orders',
						description:
							'The source table as schema.table, or only its name for that name in any schema',
					},
					{
						displayName: 'Key Columns',
						name: 'keyColumns',
						type: 'string',
						default: '',
						placeholder: 'e.g. order_id, line_no',
						description: 'Comma-separated columns that identify a row of this table',
					},
				],
			},
		],
	},
];
