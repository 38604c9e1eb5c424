import type { INodeProperties } from 'n8n-workflow';

export const upsertProperties: INodeProperties[] = [
	{
		displayName: 'Upsert Strategy',
		name: 'upsertStrategy',
		type: 'options',
		options: [
			{
				name: 'Delete Then Insert',
				value: 'deleteInsert',
				description: 'Delete the rows whose key is in the batch, then insert the batch',
			},
			{
				name: 'MERGE',
				value: 'merge',
				description: 'Update matching rows and insert the others with one MERGE',
			},
		],
		default: 'deleteInsert',
		displayOptions: { show: { operation: ['upsert'] } },
	},
];
