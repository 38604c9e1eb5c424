import type { INodeProperties } from 'n8n-workflow';

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
