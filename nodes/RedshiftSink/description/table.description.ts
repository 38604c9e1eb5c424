import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

import { firstItemNotice } from './operation.description';

/**
 * Schema and Table, for one set of display rules. They are defined twice (n8n resolves a repeated
 * name by its display rules) because n8n checks display rules against every parameter's default,
 * shown or not: a single `hide: { changelogTarget: ['sourceTable'] }` also hid them for Append,
 * whose hidden Target Table still defaults to "Same Name as the Source Table".
 */
function tableLocators(displayOptions: IDisplayOptions): INodeProperties[] {
	return [
		catalogLocator('Schema', 'schema', 'schemaSearch', 'public', 'e.g. public', displayOptions),
		catalogLocator('Table', 'table', 'tableSearch', '', 'e.g. orders', displayOptions),
		{ ...firstItemNotice, displayOptions },
	];
}

/** A resource locator picked from a list read from Redshift, or typed by name. */
function catalogLocator(
	displayName: string,
	name: string,
	searchListMethod: string,
	value: string,
	placeholder: string,
	displayOptions: IDisplayOptions,
): INodeProperties {
	return {
		displayName,
		name,
		type: 'resourceLocator',
		default: { mode: 'list', value },
		required: true,
		displayOptions,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod, searchable: true },
			},
			{ displayName: 'By Name', name: 'name', type: 'string', placeholder },
		],
	};
}

export const tableLocatorProperties: INodeProperties[] = [
	...tableLocators({ show: { operation: ['append', 'overwrite', 'upsert'] } }),
	...tableLocators({ show: { operation: ['changelog'], changelogTarget: ['fixedTable'] } }),
	{
		displayName: 'Schema Override',
		name: 'changelogSchema',
		type: 'string',
		default: '',
		placeholder: 'e.g. replica',
		description:
			"Write to tables of this Redshift schema instead of the source's schema; empty keeps the source's schema",
		displayOptions: { show: { operation: ['changelog'], changelogTarget: ['sourceTable'] } },
	},
];
