import type { INodeProperties } from 'n8n-workflow';

const READS = ['readTable', 'executeQuery'];

/** Two properties of one name: Unloaded Files is offered in Unload mode only. */
export const outputProperties: INodeProperties[] = [
	{
		displayName: 'Output',
		name: 'output',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Rows as Items',
				value: 'rows',
				description: 'One item per row (up to Options > Max Rows)',
			},
			{
				name: 'Binary File',
				value: 'binaryFile',
				description:
					'The whole result as one CSV or Parquet file in binary data, for sending or storing',
			},
		],
		default: 'rows',
		displayOptions: { show: { operation: READS, readMode: ['direct'] } },
	},
	{
		displayName: 'Output',
		name: 'output',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Rows as Items',
				value: 'rows',
				description: 'One item per row (up to Options > Max Rows)',
			},
			{
				name: 'Unloaded Files',
				value: 'unloadedFiles',
				description:
					'One item per file of the manifest (URL, size, row count, column types), to read file by file with Read Unloaded File in a Loop Over Items',
			},
			{
				name: 'Binary File',
				value: 'binaryFile',
				description:
					'The whole result as one CSV or Parquet file in binary data, for sending or storing',
			},
		],
		default: 'rows',
		displayOptions: { show: { operation: READS, readMode: ['unload'] } },
	},
	{
		displayName: 'File Format',
		name: 'binaryFormat',
		type: 'options',
		options: [
			{ name: 'CSV', value: 'csv' },
			{ name: 'Parquet', value: 'parquet' },
		],
		default: 'csv',
		displayOptions: { show: { operation: READS, output: ['binaryFile'] } },
	},
	{
		displayName: 'Put Output File in Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		hint: 'The name of the output binary field to put the file in',
		displayOptions: { show: { operation: READS, output: ['binaryFile'] } },
	},
];
