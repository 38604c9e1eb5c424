import { NodeHelpers, type ICredentialType, type INodeParameters } from 'n8n-workflow';

import { PostgresReplicationApi } from '../../../credentials/PostgresReplicationApi.credentials';
import { RedshiftApi } from '../../../credentials/RedshiftApi.credentials';
import { RedshiftS3StagingApi } from '../../../credentials/RedshiftS3StagingApi.credentials';

/** The fields the editor shows for these values, resolved by n8n's own display rules. */
function shownFields(credential: ICredentialType, values: INodeParameters) {
	const resolved = NodeHelpers.getNodeParameters(
		credential.properties,
		values,
		true,
		false,
		null,
		null,
	) as INodeParameters;
	return credential.properties.filter((property) =>
		NodeHelpers.displayParameter(resolved, property, null, null),
	);
}

const names = (fields: { name: string }[]) => fields.map((field) => field.name);
const count = (fields: { name: string; displayName: string }[], pattern: RegExp) =>
	fields.filter((field) => pattern.test(field.displayName)).length;

const KEYS = ['accessKeyId', 'secretAccessKey', 'sessionToken'];

/** Every mode of the Redshift credential: connection type, authentication, login and deployment kinds. */
const REDSHIFT_MODES: INodeParameters[] = [
	{ connectionType: 'direct', authentication: 'password' },
	...['cluster', 'clusterIam', 'serverless'].map((iamLoginType) => ({
		connectionType: 'direct',
		authentication: 'iam',
		iamLoginType,
	})),
	...['provisioned', 'serverless'].flatMap((deployment) =>
		['databaseUser', 'iamIdentity', 'secretArn'].map((databaseAuthentication) => ({
			connectionType: 'dataApi',
			deployment,
			databaseAuthentication,
		})),
	),
].flatMap((mode) =>
	['accessKeys', 'defaultChain'].flatMap((awsCredentials) =>
		['disable', 'verify-full'].map((ssl) => ({ ...mode, awsCredentials, ssl })),
	),
);

describe('one credential block per concept', () => {
	it.each(REDSHIFT_MODES.map((mode) => [JSON.stringify(mode), mode]))(
		'Redshift %s: no field shows twice, one Region, one key block, one SSL block',
		(_label, mode) => {
			const shown = shownFields(new RedshiftApi(), mode as INodeParameters);
			const shownNames = names(shown);
			expect(shownNames.length).toBe(new Set(shownNames).size);
			expect(count(shown, /Region/)).toBeLessThanOrEqual(1);
			expect(count(shown, /Access Key ID/)).toBeLessThanOrEqual(1);
			expect(count(shown, /^SSL$/)).toBeLessThanOrEqual(1);
			const needsAws = mode.connectionType === 'dataApi' || mode.authentication === 'iam';
			expect(shownNames.includes('region')).toBe(needsAws);
			for (const key of KEYS) {
				expect(shownNames.includes(key)).toBe(needsAws && mode.awsCredentials === 'accessKeys');
			}
			expect(shownNames.includes('ssl')).toBe(mode.connectionType === 'direct');
			expect(shownNames.includes('caCertificate')).toBe(
				mode.connectionType === 'direct' && mode.ssl === 'verify-full',
			);
		},
	);

	it('the Redshift credential has no second set of AWS or target fields (no iam-prefixed copies)', () => {
		const fieldNames = new Set(names(new RedshiftApi().properties));
		for (const old of [
			'iamRegion',
			'iamAwsCredentials',
			'iamAccessKeyId',
			'iamSecretAccessKey',
			'iamSessionToken',
			'iamEndpoint',
			'iamClusterIdentifier',
			'iamWorkgroupName',
			'iamDbUser',
		]) {
			expect(fieldNames).not.toContain(old);
		}
	});

	it('the S3 staging credential shows the same AWS block, keys only with access keys', () => {
		for (const awsCredentials of ['accessKeys', 'defaultChain']) {
			const shown = names(shownFields(new RedshiftS3StagingApi(), { awsCredentials }));
			expect(shown.filter((name) => name === 'region')).toHaveLength(1);
			expect(shown).toEqual(expect.arrayContaining(['awsCredentials', 'endpoint']));
			for (const key of KEYS) expect(shown.includes(key)).toBe(awsCredentials === 'accessKeys');
		}
	});

	it('the Redshift and Postgres Replication credentials share one SSL block (same fields, own defaults)', () => {
		const sslOf = (credential: ICredentialType) =>
			credential.properties
				.filter((property) => property.name === 'ssl' || property.name === 'caCertificate')
				.map(({ name, type, options }) => ({ name, type, options }));
		expect(sslOf(new RedshiftApi())).toEqual(sslOf(new PostgresReplicationApi()));
		const defaultSsl = (credential: ICredentialType) =>
			credential.properties.find((property) => property.name === 'ssl')?.default;
		expect(defaultSsl(new RedshiftApi())).toBe('require');
		expect(defaultSsl(new PostgresReplicationApi())).toBe('disable');
		for (const ssl of ['disable', 'require', 'verify-full']) {
			const shown = names(shownFields(new PostgresReplicationApi(), { ssl }));
			expect(shown.includes('caCertificate')).toBe(ssl === 'verify-full');
		}
	});
});
