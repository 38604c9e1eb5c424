import type { INodeProperties } from 'n8n-workflow';

import { executeQueryProperties } from './executeQuery.description';
import { operationProperty, runsOnceNotice } from './operation.description';
import { optionsProperty } from './options.description';
import { outputProperties } from './output.description';
import { readModeProperties } from './readMode.description';
import { readTableProperties } from './readTable.description';
import { readUnloadedFileProperties } from './readUnloadedFile.description';

export const sourceProperties: INodeProperties[] = [
	operationProperty,
	runsOnceNotice,
	...readTableProperties,
	...executeQueryProperties,
	...readUnloadedFileProperties,
	...readModeProperties,
	...outputProperties,
	optionsProperty,
];
