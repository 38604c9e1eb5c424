import type { INodeProperties } from 'n8n-workflow';

import { changelogLoad, type ChangeEvent, type ChangelogResult } from '../../shared/loads';
import type { TableRef } from '../../shared/redshift/sql/identifiers';
import type { SinkRun } from '../helpers/interfaces';
import { fillOf, loadBase } from './base';

export const description: INodeProperties[] = [
	{
		displayName: 'Target Table',
		name: 'changelogTarget',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { tableAction: ['changelog'] } },
		options: [
			{ name: 'One Table', value: 'fixedTable', description: 'Every event goes to the table chosen below' },
			{
				name: 'Same Name as the Source Table',
				value: 'sourceTable',
				description: 'Each event goes to the table named in its source.schema and source.table',
			},
		],
		default: 'sourceTable',
	},
	{
		displayName: 'Key Column Names or IDs',
		name: 'changelogKeys',
		type: 'multiOptions',
		typeOptions: { loadOptionsMethod: 'getColumns', loadOptionsDependsOn: ['table.value', 'schema.value'] },
		default: [],
		description:
			'Columns that identify a row; none selected uses the replica identity (key) the events carry. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		displayOptions: { show: { tableAction: ['changelog'] } },
	},
];

/** Applies one table's change events exactly once (positions recorded with the data). */
export async function execute(run: SinkRun, table: TableRef, events: ChangeEvent[]): Promise<ChangelogResult> {
	return await changelogLoad({
		...loadBase(run, table),
		events,
		...fillOf(run),
		...(run.settings.keys.length > 0 ? { keys: run.settings.keys } : {}),
	});
}
