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
					description:
						'HTTPS calls signed with AWS credentials; no network path to the cluster needed',
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
			displayName: 'Authentication',
			name: 'authentication',
			type: 'options',
			options: [
				{ name: 'Password', value: 'password', description: 'A database user and its password' },
				{
					name: 'IAM (Temporary Credentials)',
					value: 'iam',
					description:
						'Redshift issues a temporary user and password (GetClusterCredentials or Serverless GetCredentials), renewed before they expire',
				},
			],
			default: 'password',
			displayOptions: { show: { connectionType: ['direct'] } },
		},
		{
			displayName: 'User',
			name: 'user',
			type: 'string',
			default: '',
			displayOptions: { show: { connectionType: ['direct'], authentication: ['password'] } },
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			displayOptions: { show: { connectionType: ['direct'], authentication: ['password'] } },
		},
		{
			displayName:
				'IAM logins send a temporary password to the cluster: choose SSL Require or Verify Full so it never crosses the network in clear text',
			name: 'iamSslNotice',
			type: 'notice',
			default: '',
			displayOptions: { show: { connectionType: ['direct'], authentication: ['iam'] } },
		},
		{
			displayName: 'IAM Login',
			name: 'iamLoginType',
			type: 'options',
			options: [
				{
					name: 'Provisioned Cluster, Database User',
					value: 'cluster',
					description: 'GetClusterCredentials: log in as IAM:<database user>',
				},
				{
					name: 'Provisioned Cluster, IAM Identity',
					value: 'clusterIam',
					description:
						'GetClusterCredentialsWithIAM: the database user is derived from the AWS identity',
				},
				{
					name: 'Serverless Workgroup',
					value: 'serverless',
					description:
						'Redshift Serverless GetCredentials: the database user is derived from the AWS identity',
				},
			],
			default: 'cluster',
			displayOptions: { show: { connectionType: ['direct'], authentication: ['iam'] } },
		},
		{
			displayName: 'Cluster Identifier',
			name: 'iamClusterIdentifier',
			type: 'string',
			default: '',
			placeholder: 'examplecluster',
			displayOptions: {
				show: {
					connectionType: ['direct'],
					authentication: ['iam'],
					iamLoginType: ['cluster', 'clusterIam'],
				},
			},
		},
		{
			displayName: 'Database User',
			name: 'iamDbUser',
			type: 'string',
			default: '',
			description: 'The user to issue credentials for; the login name becomes IAM:<user>',
			displayOptions: {
				show: { connectionType: ['direct'], authentication: ['iam'], iamLoginType: ['cluster'] },
			},
		},
		{
			displayName: 'Auto Create User',
			name: 'iamAutoCreate',
			type: 'boolean',
			default: false,
			description: 'Whether Redshift creates the user at its first login when it does not exist',
			displayOptions: {
				show: { connectionType: ['direct'], authentication: ['iam'], iamLoginType: ['cluster'] },
			},
		},
		{
			displayName: 'Database Groups',
			name: 'iamDbGroups',
			type: 'string',
			default: '',
			placeholder: 'loaders, readers',
			description: 'Comma-separated groups the user joins for these sessions',
			displayOptions: {
				show: { connectionType: ['direct'], authentication: ['iam'], iamLoginType: ['cluster'] },
			},
		},
		{
			displayName: 'Workgroup Name',
			name: 'iamWorkgroupName',
			type: 'string',
			default: '',
			displayOptions: {
				show: { connectionType: ['direct'], authentication: ['iam'], iamLoginType: ['serverless'] },
			},
		},
		{
			displayName: 'Credentials Duration (Seconds)',
			name: 'iamDurationSeconds',
			type: 'number',
			typeOptions: { minValue: 900, maxValue: 3600 },
			default: 900,
			description:
				'How long each temporary password is valid (900–3600); new ones are requested before it expires',
			displayOptions: { show: { connectionType: ['direct'], authentication: ['iam'] } },
		},
		{
			displayName: 'AWS Region',
			name: 'iamRegion',
			type: 'string',
			default: 'us-east-1',
			placeholder: 'us-east-1',
			displayOptions: { show: { connectionType: ['direct'], authentication: ['iam'] } },
		},
		{
			displayName: 'AWS Credentials',
			name: 'iamAwsCredentials',
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
			displayOptions: { show: { connectionType: ['direct'], authentication: ['iam'] } },
		},
		{
			displayName: 'Access Key ID',
			name: 'iamAccessKeyId',
			type: 'string',
			default: '',
			displayOptions: {
				show: {
					connectionType: ['direct'],
					authentication: ['iam'],
					iamAwsCredentials: ['accessKeys'],
				},
			},
		},
		{
			displayName: 'Secret Access Key',
			name: 'iamSecretAccessKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			displayOptions: {
				show: {
					connectionType: ['direct'],
					authentication: ['iam'],
					iamAwsCredentials: ['accessKeys'],
				},
			},
		},
		{
			displayName: 'Session Token',
			name: 'iamSessionToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'Only for temporary credentials (keys starting with ASIA)',
			displayOptions: {
				show: {
					connectionType: ['direct'],
					authentication: ['iam'],
					iamAwsCredentials: ['accessKeys'],
				},
			},
		},
		{
			displayName: 'Custom AWS Endpoint',
			name: 'iamEndpoint',
			type: 'string',
			default: '',
			placeholder: 'https://redshift.us-east-1.amazonaws.com',
			description:
				'A VPC endpoint or a local test endpoint for the Redshift (or Redshift Serverless) API; empty uses the public endpoint of the region',
			displayOptions: { show: { connectionType: ['direct'], authentication: ['iam'] } },
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
					description:
						'Provisioned clusters only: Redshift issues temporary credentials for this user',
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
			displayOptions: {
				show: { connectionType: ['dataApi'], databaseAuthentication: ['secretArn'] },
			},
		},
		{
			displayName: 'Database User',
			name: 'dbUser',
			type: 'string',
			default: '',
			displayOptions: {
				show: { connectionType: ['dataApi'], databaseAuthentication: ['databaseUser'] },
			},
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
			description:
				'A VPC endpoint or a local test endpoint; empty uses the public Data API endpoint of the region',
			displayOptions: { show: { connectionType: ['dataApi'] } },
		},
	];
}
