import type { INodeProperties } from 'n8n-workflow';

import { changelogKeyProperties, changelogTargetProperties } from './changelog.description';
import { columnsProperties } from './columns.description';
import { createTableProperties } from './createTable.description';
import { operationProperty } from './operation.description';
import { optionsProperty } from './options.description';
import { overwriteProperties } from './overwrite.description';
import { tableLocatorProperties } from './table.description';
import { upsertProperties } from './upsert.description';
import { writeModeProperties } from './writeMode.description';

/** The node's parameters, in the order the editor shows them; everything advanced is in a collection. */
export const sinkProperties: INodeProperties[] = [
	operationProperty,
	...changelogTargetProperties,
	...tableLocatorProperties,
	...columnsProperties,
	...changelogKeyProperties,
	...overwriteProperties,
	...upsertProperties,
	...writeModeProperties,
	...createTableProperties,
	optionsProperty,
];
