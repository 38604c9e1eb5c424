import { randomBytes } from 'node:crypto';
import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	ILoadOptionsFunctions,
} from 'n8n-workflow';

import {
	getColumns,
	getMappingColumns,
	redshiftConnectionTest,
	redshiftS3StagingTest,
	schemaSearch,
	tableSearch,
} from '../../../nodes/RedshiftSink/methods';
import {
	fakeCredentialTestFunctions,
	fakeLoadOptionsFunctions,
	locator,
} from '../../support/n8n/fakeExecuteFunctions';
import { startSinkHarness, TRANSPORTS, type SinkHarness } from './sinkHarness';

const decrypted = (type: string, data: ICredentialDataDecryptedObject): ICredentialsDecrypted => ({
	id: 'c1',
	name: 'test',
	type,
	data,
});

describe.each(TRANSPORTS)('Redshift Sink editor methods over %s', (transport) => {
	let h: SinkHarness;
	let editor: (parameters: Record<string, unknown>) => ILoadOptionsFunctions;
	beforeAll(async () => {
		h = await startSinkHarness(`sink_methods_${transport.toLowerCase()}`);
		await h.exec('CREATE SCHEMA sales');
		await h.exec('CREATE SCHEMA "odd_%_schema"');
		await h.exec(
			'CREATE TABLE sales.orders (id BIGINT NOT NULL, customer VARCHAR(40) NOT NULL, total NUMERIC(12,2), paid BOOLEAN, placed TIMESTAMPTZ, payload SUPER, created DATE DEFAULT CURRENT_DATE)',
		);
		await h.exec('CREATE TABLE sales.order_lines (id BIGINT)');
		await h.exec('CREATE TABLE public.unrelated (id BIGINT)');
		editor = (parameters) =>
			fakeLoadOptionsFunctions(parameters, { redshiftApi: h.credentials[transport] });
	});
	afterAll(async () => await h.stop());

	it('lists user schemas, filtered as typed (wildcards taken literally)', async () => {
		const all = await schemaSearch.call(editor({}));
		const names = all.results.map((result) => result.value);
		expect(names).toEqual(expect.arrayContaining(['public', 'sales', 'odd_%_schema']));
		expect(names).not.toContain('pg_catalog');
		expect(names).not.toContain('information_schema');
		expect((await schemaSearch.call(editor({}), 'SAL')).results).toEqual([
			{ name: 'sales', value: 'sales' },
		]);
		expect((await schemaSearch.call(editor({}), '%')).results).toEqual([
			{ name: 'odd_%_schema', value: 'odd_%_schema' },
		]);
	});

	it('lists the tables of the chosen schema', async () => {
		expect((await tableSearch.call(editor({ schema: locator('sales', 'list') }))).results).toEqual([
			{ name: 'order_lines', value: 'order_lines' },
			{ name: 'orders', value: 'orders' },
		]);
		expect((await tableSearch.call(editor({ schema: locator('sales') }), 'lines')).results).toEqual(
			[{ name: 'order_lines', value: 'order_lines' }],
		);
	});

	it("gives the resource mapper the table's columns with n8n types and required flags", async () => {
		const fields = await getMappingColumns.call(
			editor({ schema: locator('sales'), table: locator('orders', 'list') }),
		);
		expect(
			fields.fields.map(({ id, type, required, defaultMatch, canBeUsedToMatch }) => ({
				id,
				type,
				required,
				defaultMatch,
				canBeUsedToMatch,
			})),
		).toEqual([
			{ id: 'id', type: 'number', required: true, defaultMatch: true, canBeUsedToMatch: true },
			{
				id: 'customer',
				type: 'string',
				required: true,
				defaultMatch: false,
				canBeUsedToMatch: true,
			},
			{ id: 'total', type: 'number', required: false, defaultMatch: false, canBeUsedToMatch: true },
			{ id: 'paid', type: 'boolean', required: false, defaultMatch: false, canBeUsedToMatch: true },
			{
				id: 'placed',
				type: 'dateTime',
				required: false,
				defaultMatch: false,
				canBeUsedToMatch: true,
			},
			{
				id: 'payload',
				type: 'object',
				required: false,
				defaultMatch: false,
				canBeUsedToMatch: true,
			},
			{
				id: 'created',
				type: 'dateTime',
				required: false,
				defaultMatch: false,
				canBeUsedToMatch: true,
			},
		]);
		const missing = await getMappingColumns.call(
			editor({ schema: locator('sales'), table: locator('nope') }),
		);
		expect(missing.fields).toEqual([]);
		expect(missing.emptyFieldsNotice).toMatch(/Create Table If Missing/);
	});

	it('lists the columns for key choices', async () => {
		expect(
			(
				await getColumns.call(editor({ schema: locator('sales'), table: locator('order_lines') }))
			).map((option) => option.value),
		).toEqual(['id']);
	});

	it('tests the Redshift credential with SELECT 1 and says what to fix when it fails', async () => {
		const context = fakeCredentialTestFunctions();
		expect(
			await redshiftConnectionTest.call(
				context,
				decrypted('redshiftApi', h.credentials[transport]),
			),
		).toEqual({ status: 'OK', message: 'Connection successful.' });
		const broken: ICredentialDataDecryptedObject =
			transport === 'wire'
				? { ...h.credentials.wire, password: randomBytes(8).toString('hex') }
				: { ...h.credentials.dataApi, database: 'no_such_database' };
		const failed = await redshiftConnectionTest.call(context, decrypted('redshiftApi', broken));
		expect(failed.status).toBe('Error');
		expect(failed.message).toMatch(
			transport === 'wire'
				? /check the user and password of the Redshift credential/
				: /no_such_database/,
		);
		expect(failed.message).not.toContain(String(broken.password ?? broken.secretAccessKey));
		const incomplete = await redshiftConnectionTest.call(
			context,
			decrypted('redshiftApi', { ...h.credentials[transport], database: '' }),
		);
		expect(incomplete).toEqual({
			status: 'Error',
			message: 'The Redshift credential has no database: enter the database name (e.g. dev).',
		});
	});
});

describe('S3 staging credential test', () => {
	let h: SinkHarness;
	beforeAll(async () => {
		h = await startSinkHarness('sink_methods_s3');
	});
	afterAll(async () => await h.stop());
	const test = async (data: ICredentialDataDecryptedObject) =>
		await redshiftS3StagingTest.call(
			fakeCredentialTestFunctions(),
			decrypted('redshiftS3StagingApi', data),
		);

	it('lists the bucket to test, or all buckets', async () => {
		expect(await test({ ...h.s3Credential, testBucket: h.bucket })).toEqual({
			status: 'OK',
			message: `Connection successful: bucket ${h.bucket} can be listed.`,
		});
		expect(await test(h.s3Credential)).toEqual({
			status: 'OK',
			message: 'Connection successful: the buckets can be listed.',
		});
	});

	it('names a missing bucket and refused keys without showing them', async () => {
		const missing = await test({ ...h.s3Credential, testBucket: 'no-such-bucket-here' });
		expect(missing.status).toBe('Error');
		expect(missing.message).toMatch(/no-such-bucket-here does not exist/);
		const wrongSecret = randomBytes(15).toString('base64');
		const refused = await test({
			...h.s3Credential,
			accessKeyId: `AKIA${randomBytes(8).toString('hex').toUpperCase()}`,
			secretAccessKey: wrongSecret,
		});
		expect(refused.status).toBe('Error');
		expect(refused.message).toMatch(/access key/i);
		expect(refused.message).not.toContain(wrongSecret);
		expect(await test({ ...h.s3Credential, region: '' })).toEqual({
			status: 'Error',
			message: expect.stringMatching(/no region/),
		});
	});
});
