import type { INodeProperties } from 'n8n-workflow';

import { description as changelogDescription } from './changelog.operation';
import {
	columnsProperties,
	createTableProperties,
	optionsProperty,
	tableActionProperty,
	tableLocatorProperties,
	writeModeProperties,
} from './common.descriptions';
import { description as overwriteDescription } from './overwrite.operation';
import { description as upsertDescription } from './upsert.operation';

/** The node's parameters, in the order the editor shows them. */
export const sinkProperties: INodeProperties[] = [
	tableActionProperty,
	...changelogDescription,
	...tableLocatorProperties,
	...columnsProperties,
	...overwriteDescription,
	...upsertDescription,
	...writeModeProperties,
	...createTableProperties,
	optionsProperty,
];
