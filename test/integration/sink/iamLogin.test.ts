import { randomBytes } from 'node:crypto';

import type { ICredentialDataDecryptedObject, ICredentialsDecrypted } from 'n8n-workflow';

import { redshiftConnectionTest } from '../../../nodes/RedshiftSink/methods';
import { SYSTEM_SCHEMA } from '../../../redshift-local/engine/systemSchema';
import { fakeCredentialTestFunctions, locator } from '../../support/n8n/fakeExecuteFunctions';
import { asItems, startSinkHarness, type SinkHarness } from './sinkHarness';

/** The Sink over a direct connection that logs in with temporary credentials from the local control plane. */
describe('Redshift Sink with an IAM-login credential', () => {
	let h: SinkHarness;
	const loader = `loader_${randomBytes(4).toString('hex')}`;
	const secretKey = 'iamSecretKey/Example+Value0123456789';
	let credential: ICredentialDataDecryptedObject;

	beforeAll(async () => {
		h = await startSinkHarness('sink_iam');
		await h.exec(
			'CREATE TABLE iam_load (id BIGINT, name VARCHAR(20), loaded_by VARCHAR(64) DEFAULT current_user)',
		);
		// The named database user holds the privileges; the IAM login inherits them.
		await h.exec(`CREATE ROLE "${loader}"`);
		await h.exec(`GRANT SELECT, INSERT ON iam_load TO "${loader}"`);
		// The local engine keeps COPY's bookkeeping in its own system schema, granted to no one: in Redshift
		// every user may use the system tables, so the emulation's gap is closed here for this user.
		await h.exec(`GRANT USAGE ON SCHEMA ${SYSTEM_SCHEMA} TO "${loader}"`);
		await h.exec(`GRANT ALL ON ALL TABLES IN SCHEMA ${SYSTEM_SCHEMA} TO "${loader}"`);
		await h.exec(`GRANT ALL ON ALL SEQUENCES IN SCHEMA ${SYSTEM_SCHEMA} TO "${loader}"`);
		credential = {
			connectionType: 'direct',
			host: h.credentials.wire.host,
			port: h.credentials.wire.port,
			database: h.credentials.wire.database,
			ssl: 'disable',
			authentication: 'iam',
			iamLoginType: 'cluster',
			clusterIdentifier: 'local-cluster',
			dbUser: loader,
			iamDurationSeconds: 900,
			region: 'us-east-1',
			awsCredentials: 'accessKeys',
			accessKeyId: 'AKIAEXAMPLELOCAL0002',
			secretAccessKey: secretKey,
			endpoint: h.redshift.dataApiEndpoint ?? '',
		};
	});
	afterAll(async () => await h.stop());

	it('loads by COPY as IAM:<database user>', async () => {
		const { output } = await h.run(
			'wire',
			{
				table: locator('iam_load'),
				writeMode: 'copy',
				columns: {
					mappingMode: 'defineBelow',
					// Only id and name: loaded_by takes its default, the session's user.
					value: (_index: number, item?: { json: Record<string, unknown> }) => ({
						id: item?.json.id,
						name: item?.json.name,
					}),
					matchingColumns: [],
				},
			},
			asItems([
				{ id: 1, name: 'Ada' },
				{ id: 2, name: 'Grace' },
			]),
			{ redshiftCredential: credential },
		);
		expect(output[0].json).toMatchObject({ transport: 'wire', writeMode: 'copy', rowsLoaded: 2 });
		expect(await h.rows('SELECT id, name, loaded_by FROM iam_load ORDER BY id')).toEqual([
			{ id: '1', name: 'Ada', loaded_by: `IAM:${loader}` },
			{ id: '2', name: 'Grace', loaded_by: `IAM:${loader}` },
		]);
	});

	it("logs in as the user derived from the credential's access key (IAM Identity)", async () => {
		// The local control plane checks no signature, but derives this user from the key id the request
		// is signed with: the row's user proves that the credential's Access Key ID reached the login.
		const keyId = `AKIA${randomBytes(8).toString('hex').toUpperCase()}`;
		// The login creates that user; it may insert as anyone may.
		await h.exec('GRANT SELECT, INSERT ON iam_load TO PUBLIC');
		const { output } = await h.run(
			'wire',
			{
				table: locator('iam_load'),
				writeMode: 'insert',
				columns: {
					mappingMode: 'defineBelow',
					value: (_index: number, item?: { json: Record<string, unknown> }) => ({
						id: item?.json.id,
						name: item?.json.name,
					}),
					matchingColumns: [],
				},
			},
			asItems([{ id: 3, name: 'Edsger' }]),
			{
				redshiftCredential: {
					...credential,
					iamLoginType: 'clusterIam',
					dbUser: '',
					accessKeyId: keyId,
				},
			},
		);
		expect(output[0].json).toMatchObject({ transport: 'wire', rowsLoaded: 1 });
		expect(await h.rows('SELECT loaded_by FROM iam_load WHERE id = 3')).toEqual([
			{ loaded_by: `IAM:${keyId}` },
		]);
	});

	it('passes the credential test, and names what to fix when the login cannot work', async () => {
		const context = fakeCredentialTestFunctions();
		const decrypted = (data: ICredentialDataDecryptedObject): ICredentialsDecrypted => ({
			id: 'c1',
			name: 'test',
			type: 'redshiftApi',
			data,
		});
		expect(await redshiftConnectionTest.call(context, decrypted(credential))).toEqual({
			status: 'OK',
			message: 'Connection successful.',
		});

		const unknownUser = await redshiftConnectionTest.call(
			context,
			decrypted({ ...credential, dbUser: `ghost_${loader}` }),
		);
		expect(unknownUser.status).toBe('Error');
		expect(unknownUser.message).toContain(`"IAM:ghost_${loader}"`);
		expect(unknownUser.message).toMatch(/Auto Create User/);
		expect(unknownUser.message).not.toContain(secretKey);

		const badDuration = await redshiftConnectionTest.call(
			context,
			decrypted({ ...credential, iamDurationSeconds: 60 }),
		);
		expect(badDuration).toEqual({
			status: 'Error',
			message: expect.stringMatching(/duration 60 s .* 900 to 3600/),
		});

		const noKeys = await redshiftConnectionTest.call(
			context,
			decrypted({ ...credential, secretAccessKey: '' }),
		);
		expect(noKeys).toEqual({
			status: 'Error',
			message: expect.stringMatching(/secret access key for the IAM login/),
		});
	});
});
