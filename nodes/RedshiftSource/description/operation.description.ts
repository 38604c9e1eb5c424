import type { INodeProperties } from 'n8n-workflow';

export const operationProperty: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	options: [
		{
			name: 'Execute Query',
			value: 'executeQuery',
			description: 'Run one SELECT with query parameters ($1, $2, …)',
			action: 'Execute a query',
		},
		{
			name: 'Read Table',
			value: 'readTable',
			description: 'Read rows of a table, with a filter, order and limit',
			action: 'Read rows from a table',
		},
		{
			name: 'Read Unloaded File',
			value: 'readUnloadedFile',
			description: "Read the rows of one file of an Unload's manifest (for Loop Over Items)",
			action: 'Read an unloaded file',
		},
	],
	default: 'readTable',
};

/** The node runs once per execution, not once per input item. */
export const runsOnceNotice: INodeProperties = {
	displayName:
		'The node reads once per execution, with the parameters of the first input item. To run a query per item, put it in a Loop Over Items.',
	name: 'runsOnceNotice',
	type: 'notice',
	default: '',
	displayOptions: { show: { operation: ['readTable', 'executeQuery'] } },
};
