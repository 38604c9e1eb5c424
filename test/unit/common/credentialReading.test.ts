import { redshiftConnectionOptions } from '../../../nodes/common/transport/redshiftCredential';
import {
	bucketAuthorization,
	readS3StagingCredential,
} from '../../../nodes/common/transport/s3Credential';

describe('credentials to connection options', () => {
	it('maps a direct credential with verify-full and its CA', () => {
		expect(
			redshiftConnectionOptions(
				{
					connectionType: 'direct',
					host: ' cluster.example ',
					port: 5439,
					database: 'dev',
					user: 'u',
					password: 'p',
					ssl: 'verify-full',
					caCertificate: 'PEM',
				},
				'app',
			),
		).toEqual({
			transport: 'wire',
			host: 'cluster.example',
			port: 5439,
			database: 'dev',
			user: 'u',
			password: 'p',
			ssl: 'verify-full',
			ca: 'PEM',
			applicationName: 'app',
		});
	});

	it('maps Data API credentials: serverless with IAM identity and the default chain, provisioned with a secret and keys', () => {
		expect(
			redshiftConnectionOptions({
				connectionType: 'dataApi',
				deployment: 'serverless',
				workgroupName: 'wg',
				database: 'dev',
				databaseAuthentication: 'iamIdentity',
				region: 'eu-west-1',
				awsCredentials: 'defaultChain',
			}),
		).toEqual({ transport: 'dataApi', database: 'dev', region: 'eu-west-1', workgroupName: 'wg' });
		expect(
			redshiftConnectionOptions({
				connectionType: 'dataApi',
				deployment: 'provisioned',
				clusterIdentifier: 'c1',
				database: 'dev',
				databaseAuthentication: 'secretArn',
				secretArn: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:x',
				region: 'us-east-1',
				awsCredentials: 'accessKeys',
				accessKeyId: 'AKIA1',
				secretAccessKey: 'S',
				sessionToken: 'T',
				endpoint: 'http://127.0.0.1:1',
			}),
		).toEqual({
			transport: 'dataApi',
			database: 'dev',
			region: 'us-east-1',
			clusterIdentifier: 'c1',
			secretArn: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:x',
			accessKeyId: 'AKIA1',
			secretAccessKey: 'S',
			sessionToken: 'T',
			endpoint: 'http://127.0.0.1:1',
		});
	});

	it('says which field is missing or wrong', () => {
		expect(() =>
			redshiftConnectionOptions({ connectionType: 'direct', host: '', database: 'dev' }),
		).toThrow(/no host/);
		expect(() =>
			redshiftConnectionOptions({
				connectionType: 'direct',
				host: 'h',
				port: 70000,
				database: 'dev',
			}),
		).toThrow(/not a TCP port/);
		expect(() =>
			redshiftConnectionOptions({
				connectionType: 'dataApi',
				deployment: 'serverless',
				workgroupName: 'wg',
				database: 'dev',
				region: 'us-east-1',
				databaseAuthentication: 'databaseUser',
				dbUser: 'u',
				awsCredentials: 'defaultChain',
			}),
		).toThrow(/provisioned clusters only/);
		expect(() =>
			redshiftConnectionOptions({
				connectionType: 'dataApi',
				clusterIdentifier: 'c',
				database: 'dev',
				region: 'us-east-1',
				databaseAuthentication: 'secretArn',
				awsCredentials: 'defaultChain',
			}),
		).toThrow(/no secret ARN/);
	});

	it('maps the S3 staging credential: path style for a custom endpoint, keys for COPY, none with the default chain', () => {
		expect(
			readS3StagingCredential({
				region: 'us-east-1',
				awsCredentials: 'accessKeys',
				accessKeyId: 'A',
				secretAccessKey: 'S',
				endpoint: 'http://127.0.0.1:9000',
				forcePathStyle: true,
				testBucket: ' b ',
			}),
		).toEqual({
			connection: {
				region: 'us-east-1',
				accessKeyId: 'A',
				secretAccessKey: 'S',
				endpoint: 'http://127.0.0.1:9000',
				forcePathStyle: true,
			},
			keys: { accessKeyId: 'A', secretAccessKey: 'S' },
			testBucket: 'b',
		});
		expect(
			readS3StagingCredential({ region: 'eu-west-1', awsCredentials: 'defaultChain' }),
		).toEqual({ connection: { region: 'eu-west-1' }, keys: undefined, testBucket: '' });
		expect(() =>
			readS3StagingCredential({
				region: 'eu-west-1',
				awsCredentials: 'accessKeys',
				accessKeyId: 'A',
			}),
		).toThrow(/both the access key ID and the secret access key/);
	});
});

describe('bucket authorization for COPY and UNLOAD', () => {
	const withKeys = readS3StagingCredential({ region: 'r', accessKeyId: 'A', secretAccessKey: 'S' });
	const chain = readS3StagingCredential({ region: 'r', awsCredentials: 'defaultChain' });

	it('takes the IAM roles as given, or the credential keys', () => {
		expect(bucketAuthorization(chain, { iamRoles: ['default'] })).toEqual({ iamRole: ['default'] });
		expect(bucketAuthorization(withKeys, 'credentialKeys')).toEqual({
			accessKeyId: 'A',
			secretAccessKey: 'S',
		});
	});

	it('has nothing to offer when keys are chosen but the credential uses the default chain', () => {
		expect(bucketAuthorization(chain, 'credentialKeys')).toBeUndefined();
	});
});
