import type { INodeProperties } from 'n8n-workflow';

/** One name per action, the same in the editor, the README and the output's `operation`. */
export const operationProperty: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
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
			action: 'Apply a changelog to tables',
		},
		{
			name: 'Overwrite',
			value: 'overwrite',
			description: 'Replace every row of the table with the items',
			action: 'Overwrite a table',
		},
		{
			// One vocabulary in the editor, the README and the output (the lint rule wants "Create or Update").
			// eslint-disable-next-line n8n-nodes-base/node-param-option-name-wrong-for-upsert
			name: 'Upsert',
			value: 'upsert',
			// eslint-disable-next-line n8n-nodes-base/node-param-description-wrong-for-upsert
			description: 'Update the rows whose key matches an item and insert the others',
			action: 'Upsert rows in a table',
		},
	],
	default: 'append',
};

/** Shown under Table: n8n gives a node all items at once, and the Sink loads them in one transaction with one set of parameters. */
export const firstItemNotice: INodeProperties = {
	displayName:
		'All items load in one transaction with the parameters of the first item: an expression in Table (or any other parameter) does not send items to different tables. Split the items first (e.g. with a Switch node into several Sinks), or use Apply Changelog, which writes each change event to its own table.',
	name: 'firstItemNotice',
	type: 'notice',
	default: '',
};
