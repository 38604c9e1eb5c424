import type { INodeProperties } from 'n8n-workflow';

/** The column mapper; Upsert's mode also asks for the columns to match on (the keys). */
function columnsMapper(mode: 'add' | 'upsert', operations: string[]): INodeProperties {
	return {
		displayName: 'Columns',
		name: 'columns',
		type: 'resourceMapper',
		noDataExpression: true,
		default: { mappingMode: 'autoMapInputData', value: null },
		required: true,
		typeOptions: {
			loadOptionsDependsOn: ['table.value', 'schema.value', 'operation'],
			resourceMapper: {
				resourceMapperMethod: 'getMappingColumns',
				mode,
				fieldWords: { singular: 'column', plural: 'columns' },
				addAllFields: true,
				multiKeyMatch: true,
				supportAutoMap: true,
			},
		},
		displayOptions: { show: { operation: operations } },
	};
}

export const columnsProperties: INodeProperties[] = [
	columnsMapper('add', ['append', 'overwrite']),
	columnsMapper('upsert', ['upsert']),
];
