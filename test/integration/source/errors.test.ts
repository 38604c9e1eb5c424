import { randomBytes } from 'node:crypto';
import { NodeOperationError } from 'n8n-workflow';

import { locator } from '../../support/n8n/fakeExecuteFunctions';
import { testServers } from '../../support/testServers';
import {
	DATA_API_SECRET,
	jsonOf,
	startSourceHarness,
	TRANSPORTS,
	unloadPrefix,
	type SourceHarness,
} from './sourceHarness';

async function failure(promise: Promise<unknown>): Promise<NodeOperationError> {
	try {
		await promise;
	} catch (error) {
		expect(error).toBeInstanceOf(NodeOperationError);
		return error as NodeOperationError;
	}
	throw new Error('The node did not fail.');
}

const WRONG_PASSWORD = randomBytes(10).toString('hex');

describe.each(TRANSPORTS)(
	'Redshift Source: settings and connection errors over %s',
	(transport) => {
		let h: SourceHarness;
		const secrets = () => [
			DATA_API_SECRET,
			testServers().postgres.password,
			testServers().s3.secretAccessKey,
		];
		beforeAll(async () => {
			h = await startSourceHarness(`source_errors_${transport.toLowerCase()}`);
			await h.exec('CREATE TABLE t (id INTEGER)');
			await h.exec('INSERT INTO t VALUES (1), (2)');
		});
		afterAll(async () => await h?.stop());

		const readT = (parameters: Record<string, unknown> = {}) => ({
			operation: 'readTable',
			schema: locator('public'),
			table: locator('t'),
			...parameters,
		});

		it('Unload by an IAM role unloads with IAM_ROLE', async () => {
			const { output } = await h.run(
				transport,
				readT({
					readMode: 'unload',
					unloadAuthorization: 'iamRole',
					iamRole: 'arn:aws:iam::123456789012:role/RedshiftUnload',
					unloadOptions: { prefix: unloadPrefix('role'), format: 'csvGzip' },
				}),
			);
			expect(
				jsonOf(output)
					.map((row) => row.id)
					.sort(),
			).toEqual([1, 2]);
		});

		it('an IAM role that is not an ARN names the IAM Role parameter', async () => {
			const error = await failure(
				h.run(
					transport,
					readT({ readMode: 'unload', unloadAuthorization: 'iamRole', iamRole: 'my-role' }),
				),
			);
			expect(error.message).toMatch(/"my-role" is not an IAM role ARN/);
			expect(error.description).toMatch(/in \*IAM Role\*/);
		});

		it('Unload without a bucket names S3 Bucket', async () => {
			const error = await failure(h.run(transport, readT({ readMode: 'unload', bucket: '' })));
			expect(error.description).toBe('Enter the bucket Redshift unloads into in *S3 Bucket*.');
		});

		it('a key in a message never leaks: Unload with the staging keys fails on a missing bucket without them', async () => {
			const error = await failure(
				h.run(
					transport,
					readT({ readMode: 'unload', bucket: `no-such-bucket-${randomBytes(3).toString('hex')}` }),
				),
			);
			for (const secret of secrets()) {
				expect(error.message).not.toContain(secret);
				expect(String(error.description)).not.toContain(secret);
			}
		});

		// The Data API logs in with AWS keys: only the wire credential has a password.
		if (transport === 'wire')
			it('a wrong password says to check the credential, without echoing it', async () => {
				const error = await failure(
					h.run(transport, readT(), {
						redshiftCredential: { ...h.credentials.wire, password: WRONG_PASSWORD },
					}),
				);
				expect(error.message).toMatch(/refused the login/);
				expect(`${error.message} ${error.description}`).not.toContain(WRONG_PASSWORD);
			});
	},
);
