import type { ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * How the Redshift nodes reach a cluster or Serverless workgroup: directly over the PostgreSQL wire
 * protocol, or through the Redshift Data API (HTTPS, IAM). Tested by the nodes (`testedBy`).
 */
export class RedshiftApi implements ICredentialType {
	name = 'redshiftApi';

	displayName = 'Redshift API';

	icon = { light: 'file:../icons/redshift.svg', dark: 'file:../icons/redshift.dark.svg' } as const;

	documentationUrl = 'https://docs.aws.amazon.com/redshift/latest/mgmt/connecting-to-cluster.html';

	properties: INodeProperties[] = [
		{
			displayName: 'Connection Type',
			name: 'connectionType',
			type: 'options',
			options: [
				{
					name: 'Data API',
					value: 'dataApi',
					description: 'HTTPS calls signed with AWS credentials; no network path to the cluster needed',
				},
				{
					name: 'Direct',
					value: 'direct',
					description: 'Connect to the cluster endpoint over the PostgreSQL wire protocol',
				},
			],
			default: 'direct',
		},
		{
			displayName: 'Host',
			name: 'host',
			type: 'string',
			default: '',
			placeholder: 'examplecluster.abc123xyz789.us-west-2.redshift.amazonaws.com',
			displayOptions: { show: { connectionType: ['direct'] } },
		},
		{
			displayName: 'Port',
			name: 'port',
			type: 'number',
			default: 5439,
			displayOptions: { show: { connectionType: ['direct'] } },
		},
		{
			displayName: 'Database',
			name: 'database',
			type: 'string',
			default: 'dev',
			required: true,
		},
		{
			displayName: 'User',
			name: 'user',
			type: 'string',
			default: '',
			displayOptions: { show: { connectionType: ['direct'] } },
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			displayOptions: { show: { connectionType: ['direct'] } },
		},
		{
			displayName: 'SSL',
			name: 'ssl',
			type: 'options',
			options: [
				{ name: 'Disable', value: 'disable' },
				{ name: 'Require (Encrypt, Do Not Verify)', value: 'require' },
				{ name: 'Verify Full (Encrypt, Verify Certificate and Host)', value: 'verify-full' },
			],
			default: 'require',
			displayOptions: { show: { connectionType: ['direct'] } },
		},
		{
			displayName: 'CA Certificate',
			name: 'caCertificate',
			type: 'string',
			typeOptions: { password: true, rows: 4 },
			default: '',
			description:
				'PEM bundle of the authority that signed the server certificate (Amazon Redshift CA bundle); empty uses the system trust store',
			displayOptions: { show: { connectionType: ['direct'], ssl: ['verify-full'] } },
		},
		{
			displayName: 'Deployment',
			name: 'deployment',
			type: 'options',
			options: [
				{ name: 'Provisioned Cluster', value: 'provisioned' },
				{ name: 'Serverless Workgroup', value: 'serverless' },
			],
			default: 'provisioned',
			displayOptions: { show: { connectionType: ['dataApi'] } },
		},
		{
			displayName: 'Cluster Identifier',
			name: 'clusterIdentifier',
			type: 'string',
			default: '',
			placeholder: 'examplecluster',
			displayOptions: { show: { connectionType: ['dataApi'], deployment: ['provisioned'] } },
		},
		{
			displayName: 'Workgroup Name',
			name: 'workgroupName',
			type: 'string',
			default: '',
			displayOptions: { show: { connectionType: ['dataApi'], deployment: ['serverless'] } },
		},
		{
			displayName: 'Database Authentication',
			name: 'databaseAuthentication',
			type: 'options',
			options: [
				{
					name: 'Database User (Temporary Credentials)',
					value: 'databaseUser',
					description: 'Provisioned clusters only: Redshift issues temporary credentials for this user',
				},
				{
					name: 'IAM Identity',
					value: 'iamIdentity',
					description: 'Serverless only: the database user is derived from the AWS identity',
				},
				{
					name: 'Secrets Manager Secret',
					value: 'secretArn',
					description: 'A secret holding the database user name and password',
				},
			],
			default: 'secretArn',
			displayOptions: { show: { connectionType: ['dataApi'] } },
		},
		{
			displayName: 'Secret ARN',
			name: 'secretArn',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			placeholder: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:redshift-abc123',
			displayOptions: { show: { connectionType: ['dataApi'], databaseAuthentication: ['secretArn'] } },
		},
		{
			displayName: 'Database User',
			name: 'dbUser',
			type: 'string',
			default: '',
			displayOptions: { show: { connectionType: ['dataApi'], databaseAuthentication: ['databaseUser'] } },
		},
		{
			displayName: 'Region',
			name: 'region',
			type: 'string',
			default: 'us-east-1',
			placeholder: 'us-east-1',
			displayOptions: { show: { connectionType: ['dataApi'] } },
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
					description:
						'Environment variables, shared profile, container or instance role of the n8n host (self-hosted only)',
				},
			],
			default: 'accessKeys',
			displayOptions: { show: { connectionType: ['dataApi'] } },
		},
		{
			displayName: 'Access Key ID',
			name: 'accessKeyId',
			type: 'string',
			default: '',
			displayOptions: { show: { connectionType: ['dataApi'], awsCredentials: ['accessKeys'] } },
		},
		{
			displayName: 'Secret Access Key',
			name: 'secretAccessKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			displayOptions: { show: { connectionType: ['dataApi'], awsCredentials: ['accessKeys'] } },
		},
		{
			displayName: 'Session Token',
			name: 'sessionToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'Only for temporary credentials (keys starting with ASIA)',
			displayOptions: { show: { connectionType: ['dataApi'], awsCredentials: ['accessKeys'] } },
		},
		{
			displayName: 'Custom Endpoint',
			name: 'endpoint',
			type: 'string',
			default: '',
			placeholder: 'https://redshift-data.us-east-1.amazonaws.com',
			description: 'A VPC endpoint or a local test endpoint; empty uses the public Data API endpoint of the region',
			displayOptions: { show: { connectionType: ['dataApi'] } },
		},
	];
}
