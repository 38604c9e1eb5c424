import type { INodeProperties } from 'n8n-workflow';

import { changelogProperties } from './changelog.description';
import { columnsProperties } from './columns.description';
import { createTableProperties } from './createTable.description';
import { tableActionProperty } from './operation.description';
import { optionsProperty } from './options.description';
import { overwriteProperties } from './overwrite.description';
import { tableLocatorProperties } from './table.description';
import { upsertProperties } from './upsert.description';
import { writeModeProperties } from './writeMode.description';

/** The node's parameters, in the order the editor shows them. */
export const sinkProperties: INodeProperties[] = [
	tableActionProperty,
	...changelogProperties,
	...tableLocatorProperties,
	...columnsProperties,
	...overwriteProperties,
	...upsertProperties,
	...writeModeProperties,
	...createTableProperties,
	optionsProperty,
];
