import type { INodeProperties } from 'n8n-workflow';

/** Shown for every table action except a changelog that writes to each event's own table. */
const FIXED_TABLE = { hide: { changelogTarget: ['sourceTable'] } };

export const tableLocatorProperties: INodeProperties[] = [
	{
		displayName: 'Schema',
		name: 'schema',
		type: 'resourceLocator',
		default: { mode: 'list', value: 'public' },
		required: true,
		displayOptions: FIXED_TABLE,
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
		displayOptions: FIXED_TABLE,
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
		displayName: 'Schema Override',
		name: 'changelogSchema',
		type: 'string',
		default: '',
		placeholder: 'e.g. replica',
		description:
			"Write to tables of this Redshift schema instead of the source's schema; empty keeps the source's schema",
		displayOptions: { show: { tableAction: ['changelog'], changelogTarget: ['sourceTable'] } },
	},
];
