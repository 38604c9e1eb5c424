import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

export interface AwsPropertiesOptions {
	/** When the block is shown; absent: always. */
	show?: IDisplayOptions['show'];
	/** What the region is the region of. */
	regionDescription: string;
	/** What the default credential chain means here (e.g. what else it needs). */
	defaultChainDescription?: string;
	endpointPlaceholder: string;
	endpointDescription: string;
}

const DEFAULT_CHAIN =
	'Environment variables, shared profile, container or instance role of the n8n host (self-hosted only)';

/**
 * The AWS block of a credential: region, how the AWS credentials are given, the keys and an endpoint.
 * Every credential that talks to AWS shows this one block under the same field names, and
 * nodes/common/transport/awsCredentialBlock.ts reads it.
 */
export function awsProperties(options: AwsPropertiesOptions): INodeProperties[] {
	const shownWhen = (extra: IDisplayOptions['show'] = {}) => {
		const show = { ...options.show, ...extra };
		return Object.keys(show).length > 0 ? { displayOptions: { show } } : {};
	};
	const withKeys = shownWhen({ awsCredentials: ['accessKeys'] });
	return [
		{
			displayName: 'Region',
			name: 'region',
			type: 'string',
			default: 'us-east-1',
			placeholder: 'us-east-1',
			required: true,
			description: options.regionDescription,
			...shownWhen(),
		},
		{
			displayName: 'AWS Credentials',
			name: 'awsCredentials',
			type: 'options',
			options: [
				{ name: 'Access Keys', value: 'accessKeys' },
				{
					name: 'Default Credential Chain',
					value: 'defaultChain',
					description: options.defaultChainDescription ?? DEFAULT_CHAIN,
				},
			],
			default: 'accessKeys',
			...shownWhen(),
		},
		{
			displayName: 'Access Key ID',
			name: 'accessKeyId',
			type: 'string',
			default: '',
			...withKeys,
		},
		{
			displayName: 'Secret Access Key',
			name: 'secretAccessKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			...withKeys,
		},
		{
			displayName: 'Session Token',
			name: 'sessionToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'Only for temporary credentials (keys starting with ASIA)',
			...withKeys,
		},
		{
			displayName: 'Custom Endpoint',
			name: 'endpoint',
			type: 'string',
			default: '',
			placeholder: options.endpointPlaceholder,
			description: options.endpointDescription,
			...shownWhen(),
		},
	];
}
