import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { redshiftMethods } from '../common/methods/redshiftMethods';
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
		subtitle:
			'={{ {"readTable": "Read Table", "executeQuery": "Execute Query", "readUnloadedFile": "Read Unloaded File"}[$parameter["operation"]] }}',
		description:
			'Read from Amazon Redshift: a table or a query, directly or by UNLOAD to S3; incremental reads',
		documentationUrl:
			'https://github.com/n8n-nodes-redshift-cdc/n8n-nodes-redshift-cdc#redshift-source',
		defaults: { name: 'Redshift Source' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		// Written out (not redshiftNodeCredentials) because n8n's linter (credential-test-required) reads
		// `testedBy` only from a literal array in a node file. S3 staging: Unload mode and Read Unloaded
		// File (where Read Mode is hidden, so not "direct").
		credentials: [
			{ name: 'redshiftApi', required: true, testedBy: 'redshiftConnectionTest' },
			{
				name: 'redshiftS3StagingApi',
				required: true,
				testedBy: 'redshiftS3StagingTest',
				displayOptions: { hide: { readMode: ['direct'] } },
			},
		],
		properties: sourceProperties,
	};

	methods = redshiftMethods;

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
