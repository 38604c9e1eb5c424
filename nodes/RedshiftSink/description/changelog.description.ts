import type { INodeProperties } from 'n8n-workflow';

const CHANGELOG = { show: { operation: ['changelog'] } };

/** Apply Changelog: where events go (up front); keys per table. */
export const changelogTargetProperties: INodeProperties[] = [
	{
		displayName: 'Target Table',
		name: 'changelogTarget',
		type: 'options',
		noDataExpression: true,
		displayOptions: CHANGELOG,
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
		displayOptions: CHANGELOG,
	},
];

export const changelogKeyProperties: INodeProperties[] = [
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
			'Columns of the table that identify a row; none selected uses the key the events carry (the source\'s primary key, else its replica identity index). Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		// The list is read from the chosen Table, which only One Table has.
		displayOptions: { show: { operation: ['changelog'], changelogTarget: ['fixedTable'] } },
	},
	{
		displayName: 'Key Columns per Table',
		name: 'changelogTableKeys',
		type: 'fixedCollection',
		placeholder: 'Add Table',
		typeOptions: { multipleValues: true },
		default: {},
		description:
			"Key columns of one source table: for a table without a primary key or replica identity index, or to match rows by other columns; tables not listed use the events' key",
		displayOptions: { show: { operation: ['changelog'], changelogTarget: ['sourceTable'] } },
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
