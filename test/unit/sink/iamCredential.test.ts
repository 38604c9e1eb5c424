import { RedshiftApi } from '../../../credentials/RedshiftApi.credentials';
import {
	credentialSecrets,
	redshiftConnectionOptions,
} from '../../../nodes/common/transport/redshiftCredential';

const direct = {
	connectionType: 'direct',
	host: 'cluster.example',
	port: 5439,
	database: 'dev',
	ssl: 'require',
	authentication: 'iam',
	region: 'eu-west-1',
};

describe('Redshift credential with an IAM login', () => {
	it('maps a cluster login with groups, auto-create, duration and access keys; user and password are not used', () => {
		expect(
			redshiftConnectionOptions(
				{
					...direct,
					user: 'ignored',
					password: 'ignored',
					iamLoginType: 'cluster',
					clusterIdentifier: ' prod ',
					dbUser: 'etl',
					iamAutoCreate: true,
					iamDbGroups: 'loaders, ,readers',
					iamDurationSeconds: 1800,
					awsCredentials: 'accessKeys',
					accessKeyId: 'AKIAEXAMPLE',
					secretAccessKey: 'secret',
					sessionToken: 'token',
					endpoint: 'http://127.0.0.1:9999',
				},
				'app',
			),
		).toEqual({
			transport: 'wire',
			host: 'cluster.example',
			port: 5439,
			database: 'dev',
			user: '',
			password: '',
			ssl: 'require',
			applicationName: 'app',
			iam: {
				kind: 'cluster',
				clusterIdentifier: 'prod',
				dbUser: 'etl',
				autoCreate: true,
				dbGroups: ['loaders', 'readers'],
				durationSeconds: 1800,
				aws: {
					region: 'eu-west-1',
					accessKeyId: 'AKIAEXAMPLE',
					secretAccessKey: 'secret',
					sessionToken: 'token',
					endpoint: 'http://127.0.0.1:9999',
				},
			},
		});
	});

	it('maps Serverless and identity-based cluster logins with the default credential chain', () => {
		expect(
			redshiftConnectionOptions({
				...direct,
				iamLoginType: 'serverless',
				workgroupName: 'wg',
				awsCredentials: 'defaultChain',
			}),
		).toMatchObject({
			iam: { kind: 'serverless', workgroupName: 'wg', aws: { region: 'eu-west-1' } },
		});
		expect(
			redshiftConnectionOptions({
				...direct,
				iamLoginType: 'clusterIam',
				clusterIdentifier: 'prod',
				iamDurationSeconds: 900,
				awsCredentials: 'defaultChain',
			}),
		).toMatchObject({
			iam: {
				kind: 'clusterIam',
				clusterIdentifier: 'prod',
				durationSeconds: 900,
				aws: { region: 'eu-west-1' },
			},
		});
	});

	it('keeps the password login as it was when no authentication is chosen', () => {
		expect(
			redshiftConnectionOptions({
				connectionType: 'direct',
				host: 'h',
				database: 'dev',
				user: 'u',
				password: 'p',
			}),
		).not.toHaveProperty('iam');
	});

	it('says which field to fill in', () => {
		expect(() => redshiftConnectionOptions({ ...direct, region: '' })).toThrow(
			/no region for the IAM login/,
		);
		expect(() =>
			redshiftConnectionOptions({
				...direct,
				iamLoginType: 'cluster',
				dbUser: 'u',
				awsCredentials: 'defaultChain',
			}),
		).toThrow(/no cluster identifier/);
		expect(() =>
			redshiftConnectionOptions({
				...direct,
				iamLoginType: 'cluster',
				clusterIdentifier: 'c',
				awsCredentials: 'defaultChain',
			}),
		).toThrow(/no database user/);
		expect(() =>
			redshiftConnectionOptions({
				...direct,
				iamLoginType: 'serverless',
				awsCredentials: 'defaultChain',
			}),
		).toThrow(/no Serverless workgroup/);
		expect(() =>
			redshiftConnectionOptions({
				...direct,
				iamLoginType: 'serverless',
				workgroupName: 'wg',
				accessKeyId: 'AKIA',
			}),
		).toThrow(/secret access key/);
	});

	it('treats the IAM keys as secrets to scrub from messages', () => {
		expect(
			credentialSecrets({
				accessKeyId: 'AKIAEXAMPLE',
				secretAccessKey: 'secret-key',
				sessionToken: 'session-token',
			}),
		).toEqual(['secret-key', 'session-token', 'AKIAEXAMPLE']);
	});

	it('shows user and password for password logins only, and the IAM fields for IAM logins only', () => {
		const properties = new RedshiftApi().properties;
		const shownFor = (name: string) =>
			properties.find((property) => property.name === name)?.displayOptions?.show;
		expect(shownFor('user')).toEqual({ connectionType: ['direct'], authentication: ['password'] });
		expect(shownFor('dbUser')).toEqual({
			connectionType: ['direct'],
			authentication: ['iam'],
			iamLoginType: ['cluster'],
		});
		expect(properties.find((property) => property.name === 'authentication')?.default).toBe(
			'password',
		);
	});
});
