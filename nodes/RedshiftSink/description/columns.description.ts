import type { INodeProperties } from 'n8n-workflow';

const mapperOptions = {
	resourceMapperMethod: 'getMappingColumns',
	fieldWords: { singular: 'column', plural: 'columns' },
	addAllFields: true,
	multiKeyMatch: true,
	supportAutoMap: true,
};

export const columnsProperties: INodeProperties[] = [
	{
		displayName: 'Columns',
		name: 'columns',
		type: 'resourceMapper',
		noDataExpression: true,
		default: { mappingMode: 'autoMapInputData', value: null },
		required: true,
		typeOptions: {
			loadOptionsDependsOn: ['table.value', 'schema.value', 'operation'],
			resourceMapper: { ...mapperOptions, mode: 'add' },
		},
		displayOptions: { show: { operation: ['append', 'overwrite'] } },
	},
	{
		displayName: 'Columns',
		name: 'columns',
		type: 'resourceMapper',
		noDataExpression: true,
		default: { mappingMode: 'autoMapInputData', value: null },
		required: true,
		typeOptions: {
			loadOptionsDependsOn: ['table.value', 'schema.value', 'operation'],
			resourceMapper: { ...mapperOptions, mode: 'upsert' },
		},
		displayOptions: { show: { operation: ['upsert'] } },
	},
];
