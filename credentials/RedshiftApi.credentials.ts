import type { ICredentialType, IDisplayOptions, INodeProperties } from 'n8n-workflow';

import { awsProperties } from './common/awsProperties';
import { sslProperties } from './common/sslProperties';

/*
 * The Data API and a direct IAM login both need AWS, and the cluster or workgroup: they share one
 * set of fields (region, keys, endpoint, cluster identifier, workgroup, database user), listed once
 * per case because n8n's display rules cannot say "Data API, or Direct with IAM" in one rule.
 * The two cases never show at once, so every field shows at most once.
 */
const DATA_API = { connectionType: ['dataApi'] };
const IAM_LOGIN = { connectionType: ['direct'], authentication: ['iam'] };
const AWS_BLOCK = { regionDescription: 'The AWS region of the cluster or workgroup' };

type Show = NonNullable<IDisplayOptions['show']>;

function clusterIdentifier(show: Show): INodeProperties {
	return {
		displayName: 'Cluster Identifier',
		name: 'clusterIdentifier',
		type: 'string',
		default: '',
		placeholder: 'examplecluster',
		displayOptions: { show },
	};
}

function workgroupName(show: Show): INodeProperties {
	return {
		displayName: 'Workgroup Name',
		name: 'workgroupName',
		type: 'string',
		default: '',
		displayOptions: { show },
	};
}

function databaseUser(show: Show, description?: string): INodeProperties {
	return {
		displayName: 'Database User',
		name: 'dbUser',
		type: 'string',
		default: '',
		...(description ? { description } : {}),
		displayOptions: { show },
	};
}

/**
 * How the Redshift nodes reach a cluster or Serverless workgroup: directly over the PostgreSQL wire
 * protocol, or through the Redshift Data API (HTTPS, IAM). Tested by the nodes (`testedBy`).
 */
export class RedshiftApi implements ICredentialType {
	name = 'redshiftApi';

	displayName = 'Redshift API';

	icon = { light: 'file:../icons/redshift.svg', dark: 'file:../icons/redshift.dark.svg' } as const;

	documentationUrl =
		'https://github.com/n8n-nodes-redshift-cdc/n8n-nodes-redshift-cdc#redshift-api';

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
			displayOptions: { show: IAM_LOGIN },
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
			displayOptions: { show: IAM_LOGIN },
		},
		clusterIdentifier({ ...IAM_LOGIN, iamLoginType: ['cluster', 'clusterIam'] }),
		databaseUser(
			{ ...IAM_LOGIN, iamLoginType: ['cluster'] },
			'The user to issue credentials for; the login name becomes IAM:<user>',
		),
		{
			displayName: 'Auto Create User',
			name: 'iamAutoCreate',
			type: 'boolean',
			default: false,
			description: 'Whether Redshift creates the user at its first login when it does not exist',
			displayOptions: {
				show: { ...IAM_LOGIN, iamLoginType: ['cluster'] },
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
				show: { ...IAM_LOGIN, iamLoginType: ['cluster'] },
			},
		},
		workgroupName({ ...IAM_LOGIN, iamLoginType: ['serverless'] }),
		{
			displayName: 'Credentials Duration (Seconds)',
			name: 'iamDurationSeconds',
			type: 'number',
			typeOptions: { minValue: 900, maxValue: 3600 },
			default: 900,
			description:
				'How long each temporary password is valid (900–3600); new ones are requested before it expires',
			displayOptions: { show: IAM_LOGIN },
		},
		...awsProperties({
			...AWS_BLOCK,
			show: IAM_LOGIN,
			endpointPlaceholder: 'https://redshift.us-east-1.amazonaws.com',
			endpointDescription:
				'A VPC endpoint or a local test endpoint for the Redshift (or Redshift Serverless) API that issues the temporary credentials; empty uses the public endpoint of the region',
		}),
		...sslProperties({
			show: { connectionType: ['direct'] },
			default: 'require',
			caDescription:
				'PEM bundle of the authority that signed the server certificate (Amazon Redshift CA bundle); empty uses the system trust store',
		}),
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
		clusterIdentifier({ ...DATA_API, deployment: ['provisioned'] }),
		workgroupName({ ...DATA_API, deployment: ['serverless'] }),
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
		databaseUser({ ...DATA_API, databaseAuthentication: ['databaseUser'] }),
		...awsProperties({
			...AWS_BLOCK,
			show: DATA_API,
			endpointPlaceholder: 'https://redshift-data.us-east-1.amazonaws.com',
			endpointDescription:
				'A VPC endpoint or a local test endpoint; empty uses the public Data API endpoint of the region',
		}),
	];
}
