import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { redshiftConnectionTest, redshiftS3StagingTest } from '../common/methods/credentialTest';
import { schemaSearch, tableSearch } from '../common/methods/listSearch';
import { getColumns } from '../common/methods/loadOptions';
import { router } from './actions/router';
import { sourceProperties } from './description';

/** Reads a Redshift table or query directly or through UNLOAD; the work is done by the shared core. */
export class RedshiftSource implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Redshift Source',
		name: 'redshiftSource',
		icon: { light: 'file:../../icons/redshift.svg', dark: 'file:../../icons/redshift.dark.svg' },
		group: ['input'],
		version: 1,
		subtitle: '={{$parameter["operation"]}}',
		description:
			'Read from Amazon Redshift: a table or a query, directly or by UNLOAD to S3; incremental reads',
		defaults: { name: 'Redshift Source' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: 'redshiftApi', required: true, testedBy: 'redshiftConnectionTest' },
			{
				name: 'redshiftS3StagingApi',
				required: true,
				testedBy: 'redshiftS3StagingTest',
				// Unload mode and Read Unloaded File (where Read Mode is hidden and so not "direct").
				displayOptions: { hide: { readMode: ['direct'] } },
			},
		],
		properties: sourceProperties,
	};

	methods = {
		credentialTest: { redshiftConnectionTest, redshiftS3StagingTest },
		listSearch: { schemaSearch, tableSearch },
		loadOptions: { getColumns },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
