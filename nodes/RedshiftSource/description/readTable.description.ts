import type { INodeProperties } from 'n8n-workflow';

const READ_TABLE = { show: { operation: ['readTable'] } };

export const FILTER_OPERATORS = [
	{ name: 'Equal', value: 'equal' },
	{ name: 'Not Equal', value: 'notEqual' },
	{ name: 'Greater Than', value: 'greater' },
	{ name: 'Greater Than or Equal', value: 'greaterOrEqual' },
	{ name: 'Less Than', value: 'less' },
	{ name: 'Less Than or Equal', value: 'lessOrEqual' },
	{ name: 'Like', value: 'like' },
	{ name: 'Not Like', value: 'notLike' },
	{ name: 'ILike (Case-Insensitive Like)', value: 'iLike' },
	{ name: 'Is Null', value: 'isNull' },
	{ name: 'Is Not Null', value: 'isNotNull' },
] as const;

export const readTableProperties: INodeProperties[] = [
	{
		displayName: 'Schema',
		name: 'schema',
		type: 'resourceLocator',
		default: { mode: 'list', value: 'public' },
		required: true,
		displayOptions: READ_TABLE,
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
		displayOptions: READ_TABLE,
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
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: true,
		description: 'Whether to return all results or only up to a given limit',
		displayOptions: READ_TABLE,
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { operation: ['readTable'], returnAll: [false] } },
	},
	{
		displayName: 'Select Rows',
		name: 'where',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Condition',
		default: {},
		description:
			'Only rows that match these conditions; values are sent as query parameters, never written into the SQL',
		displayOptions: READ_TABLE,
		options: [
			{
				displayName: 'Conditions',
				name: 'conditions',
				values: [
					{
						displayName: 'Column Name or ID',
						name: 'column',
						type: 'options',
						typeOptions: { loadOptionsMethod: 'getColumns', loadOptionsDependsOn: ['table.value'] },
						default: '',
						description:
							'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
					},
					{
						displayName: 'Operator',
						name: 'operator',
						type: 'options',
						options: [...FILTER_OPERATORS],
						default: 'equal',
					},
					{
						displayName: 'Value',
						name: 'value',
						type: 'string',
						default: '',
						displayOptions: { hide: { operator: ['isNull', 'isNotNull'] } },
					},
				],
			},
		],
	},
	{
		displayName: 'Combine Conditions',
		name: 'combineConditions',
		type: 'options',
		options: [
			{ name: 'AND', value: 'AND', description: 'Rows that match every condition' },
			{ name: 'OR', value: 'OR', description: 'Rows that match at least one condition' },
		],
		default: 'AND',
		displayOptions: READ_TABLE,
	},
	{
		displayName: 'Sort',
		name: 'sort',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Sort Rule',
		default: {},
		displayOptions: READ_TABLE,
		options: [
			{
				displayName: 'Values',
				name: 'values',
				values: [
					{
						displayName: 'Column Name or ID',
						name: 'column',
						type: 'options',
						typeOptions: { loadOptionsMethod: 'getColumns', loadOptionsDependsOn: ['table.value'] },
						default: '',
						description:
							'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
					},
					{
						displayName: 'Direction',
						name: 'direction',
						type: 'options',
						options: [
							{ name: 'Ascending', value: 'ASC' },
							{ name: 'Descending', value: 'DESC' },
						],
						default: 'ASC',
					},
				],
			},
		],
	},
];
