import type { INodeProperties } from 'n8n-workflow';

export const overwriteProperties: INodeProperties[] = [
	{
		displayName: 'Overwrite Method',
		name: 'overwriteMethod',
		type: 'options',
		options: [
			{
				name: 'Atomic: Delete Then Load',
				value: 'delete',
				description:
					'DELETE and load in one transaction; keeps grants and views; readers never see an empty table',
			},
			{
				name: 'Atomic: Load New Table Then Swap',
				value: 'swap',
				description:
					'Load a copy of the table and rename it into place in one transaction; grants and views do not move',
			},
			{
				name: 'Fast: Truncate Then Load (Not Atomic)',
				value: 'truncate',
				description:
					'TRUNCATE commits at once: readers may see an empty table, and a failed load leaves it empty',
			},
		],
		default: 'delete',
		displayOptions: { show: { operation: ['overwrite'] } },
	},
];
