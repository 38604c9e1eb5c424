import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { redshiftNodeCredentials } from '../common/description/redshiftCredentials';
import { redshiftMethods } from '../common/methods/redshiftMethods';
import { router } from './actions/router';
import { sinkProperties } from './description';
import { getMappingColumns } from './methods';

/** Loads the incoming items into an Amazon Redshift table; the work is done by the shared core. */
export class RedshiftSink implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Redshift Sink',
		name: 'redshiftSink',
		icon: { light: 'file:../../icons/redshift.svg', dark: 'file:../../icons/redshift.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle:
			'={{ {"append": "Append", "overwrite": "Overwrite", "upsert": "Upsert", "changelog": "Apply Changelog"}[$parameter["operation"]] }}',
		description:
			'Load items into Amazon Redshift: Append, Overwrite, Upsert or Apply Changelog, by S3-staged COPY or batched INSERT',
		documentationUrl:
			'https://github.com/n8n-nodes-redshift-cdc/n8n-nodes-redshift-cdc#redshift-sink',
		defaults: { name: 'Redshift Sink' },
		usableAsTool: true,
		parameterPane: 'wide',
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: redshiftNodeCredentials({ show: { writeMode: ['copy'] } }),
		properties: sinkProperties,
	};

	methods = { ...redshiftMethods, resourceMapping: { getMappingColumns } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
