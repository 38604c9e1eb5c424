import type { INodeProperties } from 'n8n-workflow';

/** Placeholder until Read Unloaded File lands (SOURCE-READS): the file to read. */
export const readUnloadedFileProperties: INodeProperties[] = [
	{
		displayName: 'File URL',
		name: 'fileUrl',
		type: 'string',
		default: '={{ $json.url }}',
		required: true,
		placeholder: 's3://bucket/prefix/0000_part_00.parquet',
		description: 'The s3:// URL of one unloaded file, as the Unloaded Files output gives it',
		displayOptions: { show: { operation: ['readUnloadedFile'] } },
	},
];
