import { randomBytes } from 'node:crypto';
import { NodeOperationError } from 'n8n-workflow';

import { locator } from '../../support/n8n/fakeExecuteFunctions';
import { testServers } from '../../support/testServers';
import {
	asItems,
	DATA_API_SECRET,
	startSinkHarness,
	TRANSPORTS,
	type SinkHarness,
} from './sinkHarness';

/** Values that are not secrets of any server here: they must be refused and never echoed. */
const WRONG_KEY_ID = `AKIA${randomBytes(8).toString('hex').toUpperCase()}`;
const WRONG_SECRET = randomBytes(15).toString('base64');
const WRONG_PASSWORD = randomBytes(10).toString('hex');

/** The error the node threw, as n8n shows it (message and description). */
async function failure(promise: Promise<unknown>): Promise<NodeOperationError> {
	try {
		await promise;
	} catch (error) {
		expect(error).toBeInstanceOf(NodeOperationError);
		return error as NodeOperationError;
	}
	throw new Error('The node did not fail.');
}

describe.each(TRANSPORTS)('Redshift Sink errors over %s', (transport) => {
	let h: SinkHarness;
	const secrets = () => [DATA_API_SECRET, testServers().postgres.password];
	beforeAll(async () => {
		h = await startSinkHarness(`sink_err_${transport.toLowerCase()}`);
		await h.exec('CREATE TABLE target (id INTEGER, name VARCHAR(5), amount NUMERIC(6,2))');
		await h.exec("INSERT INTO target VALUES (100, 'keep', 1.00)");
	});
	afterAll(async () => await h.stop());
	afterEach(() => h.redshift.faults.reset());

	const unchanged = async () =>
		expect(await h.rows('SELECT id, name, amount FROM target ORDER BY id')).toEqual([
			{ id: 100, name: 'keep', amount: '1.00' },
		]);

	it.each(['insert', 'copy'])(
		'a missing table says to create it or turn on Create Table If Missing (%s)',
		async (writeMode) => {
			const error = await failure(
				h.run(transport, { writeMode, table: locator('no_such_table') }, asItems([{ id: 1 }])),
			);
			expect(error.message).toMatch(/The table "public"\."no_such_table" does not exist/);
			expect(error.description).toBe(
				'Create the table first, or turn on *Create Table If Missing*.',
			);
		},
	);

	it.each(['insert', 'copy'])(
		'a field without a column names the item and the field, and the fix (%s)',
		async (writeMode) => {
			const error = await failure(
				h.run(
					transport,
					{ writeMode, table: locator('target') },
					asItems([
						{ id: 1, name: 'a' },
						{ id: 2, colour: 'red' },
					]),
				),
			);
			expect(error.message).toMatch(
				/Item 1: the field "colour" has no column in "public"\."target"/,
			);
			expect(error.context.itemIndex).toBe(1);
			expect(error.description).toMatch(/Ignore Extra Fields/);
			await unchanged();
		},
	);

	it('a mapped column the table lacks is named', async () => {
		const error = await failure(
			h.run(
				transport,
				{
					writeMode: 'insert',
					table: locator('target'),
					columns: {
						mappingMode: 'defineBelow',
						value: { id: 1, nmae: 'typo' },
						matchingColumns: [],
					},
				},
				asItems([{}]),
			),
		);
		expect(error.message).toMatch(/"nmae" has no column in "public"\."target"/);
		await unchanged();
	});

	it('ignores extra fields when asked to', async () => {
		await h.exec('CREATE TABLE extra_ok (id INTEGER)');
		const { output } = await h.run(
			transport,
			{ writeMode: 'insert', table: locator('extra_ok'), options: { ignoreExtraFields: true } },
			asItems([{ id: 1, other: 'x' }]),
		);
		expect(output[0].json.rowsLoaded).toBe(1);
	});

	it('a bad value in insert mode names the item and the column before anything is sent', async () => {
		const error = await failure(
			h.run(
				transport,
				{ writeMode: 'insert', table: locator('target') },
				asItems([
					{ id: 1, amount: '2.50' },
					{ id: 'two', amount: '1' },
				]),
			),
		);
		expect(error.message).toMatch(/[Ii]tem 1/);
		expect(error.message).toMatch(/"id"/);
		expect(error.context.itemIndex).toBe(1);
		expect(error.description).toMatch(/Correct the value of "id"/);
		await unchanged();
	});

	it('a bad value in copy mode quotes the stl_load_errors detail with the item, column and value', async () => {
		const error = await failure(
			// A value COPY refuses (a value too long for its column widens it before the load).
			h.run(
				transport,
				{ table: locator('target'), copyAuthorization: 'stagingCredentials' },
				asItems([
					{ id: 1, name: 'ok' },
					{ id: 'two', name: 'ok' },
				]),
			),
		);
		expect(error.message).toMatch(/item 1, column "id"/);
		expect(error.message).toMatch(/Redshift load error 1207/);
		expect(error.message).toMatch(/"two"/);
		expect(error.context.itemIndex).toBe(1);
		expect(error.description).toMatch(/Truncate Columns/);
		for (const secret of [...secrets(), testServers().s3.secretAccessKey])
			expect(`${error.message} ${error.description}`).not.toContain(secret);
		await unchanged();
	});

	it('a COPY that fails in the middle of an overwrite leaves the table unchanged and no staged files', async () => {
		h.redshift.faults.failCopy(1);
		const prefix = `sink-fault-${transport}`;
		const error = await failure(
			h.run(
				transport,
				{
					operation: 'overwrite',
					overwriteMethod: 'delete',
					table: locator('target'),
					copyOptions: { prefix },
				},
				asItems([{ id: 1, name: 'new' }]),
			),
		);
		expect(error.message).toMatch(/nothing was changed/);
		expect(error.message).toMatch(/Injected failure of COPY/);
		await unchanged();
		expect(await h.stagedKeys(`${prefix}/`)).toEqual([]);
	});

	it('a connection lost before COMMIT leaves the table unchanged', async () => {
		h.redshift.faults.dropConnectionAt(/^INSERT INTO "public"\."target"/);
		const error = await failure(
			h.run(
				transport,
				{ writeMode: 'insert', operation: 'overwrite', table: locator('target') },
				asItems([{ id: 1, name: 'new' }]),
			),
		);
		expect(error.message.length).toBeGreaterThan(0);
		if (transport === 'wire')
			expect(error.description).toBe('Check the table, then run the load again.');
		await unchanged();
	});

	it('with "continue on fail" in insert mode, failed items come out with their errors and the rest load', async () => {
		await h.exec('CREATE TABLE partial (id INTEGER, name VARCHAR(5))');
		const { output } = await h.run(
			transport,
			{ writeMode: 'insert', table: locator('partial') },
			asItems([
				{ id: 1, name: 'a' },
				{ id: 'x', name: 'b' },
				{ id: 3, name: 'c' },
				{ id: 4, colour: 'red' },
				{ id: 5, name: 'e' },
			]),
			{ continueOnFail: true },
		);
		// The summary comes first: n8n's Retry On Fail re-runs the node when the FIRST output item
		// has json.error, which would insert the committed rows 0, 2 and 4 a second time.
		const [summary, ...errors] = output;
		expect(summary.error).toBeUndefined();
		expect(summary.json.error).toBeUndefined();
		expect(summary.json).toMatchObject({ rowsLoaded: 3, failedItems: 2 });
		expect(summary.pairedItem).toEqual([{ item: 0 }, { item: 2 }, { item: 4 }]);
		expect(errors.map((item) => item.pairedItem)).toEqual([[{ item: 1 }], [{ item: 3 }]]);
		expect(errors.every((item) => item.error !== undefined)).toBe(true);
		expect(errors[0].json.itemIndex).toBe(1);
		expect(String(errors[1].json.error)).toMatch(/Item 3: the field "colour"/);
		expect(await h.rows('SELECT id FROM partial ORDER BY id')).toEqual([
			{ id: 1 },
			{ id: 3 },
			{ id: 5 },
		]);
	});

	it('upsert in insert mode names the item and column of a bad value, before anything is sent', async () => {
		const error = await failure(
			h.run(
				transport,
				{
					operation: 'upsert',
					writeMode: 'insert',
					table: locator('target'),
					columns: { mappingMode: 'autoMapInputData', value: null, matchingColumns: ['id'] },
					options: { longValues: 'fail' },
				},
				asItems([
					{ id: 100, name: 'fine' },
					{ id: 1, name: 'too long' },
				]),
			),
		);
		expect(error.message).toMatch(/Item 1, column "name" of "public"."target" \(VARCHAR\(5\)\)/);
		await unchanged();
	});

	it('wrong S3 keys say which keys to check and never show them', async () => {
		const wrong = { ...h.s3Credential, accessKeyId: WRONG_KEY_ID, secretAccessKey: WRONG_SECRET };
		const error = await failure(
			h.run(transport, { table: locator('target') }, asItems([{ id: 1 }]), { s3Credential: wrong }),
		);
		expect(error.message).toMatch(/InvalidAccessKeyId|access key/i);
		expect(error.description).toMatch(/Check the access keys of the S3 staging credential/);
		expect(`${error.message} ${error.description ?? ''}`).not.toContain(WRONG_SECRET);
		await unchanged();
	});
});

describe('Redshift Sink bad Redshift credentials', () => {
	let h: SinkHarness;
	beforeAll(async () => {
		h = await startSinkHarness('sink_err_cred');
		await h.exec('CREATE TABLE target (id INTEGER)');
	});
	afterAll(async () => await h.stop());

	it('a wrong password says to check the user and password, without showing it', async () => {
		const error = await failure(
			h.run('wire', { writeMode: 'insert', table: locator('target') }, asItems([{ id: 1 }]), {
				redshiftCredential: { ...h.credentials.wire, password: WRONG_PASSWORD },
			}),
		);
		expect(error.message).toMatch(
			/Redshift refused the login at .*check the user and password of the Redshift credential/,
		);
		expect(error.message).not.toContain(WRONG_PASSWORD);
	});

	it('a closed port says what to check', async () => {
		const error = await failure(
			h.run('wire', { writeMode: 'insert', table: locator('target') }, asItems([{ id: 1 }]), {
				redshiftCredential: { ...h.credentials.wire, port: 1 },
			}),
		);
		expect(error.message).toMatch(/Nothing accepts connections at 127\.0\.0\.1:1\//);
	});

	it('a Data API credential without keys or cluster says which field to fill', async () => {
		const noCluster = await failure(
			h.run('dataApi', { writeMode: 'insert', table: locator('target') }, asItems([{ id: 1 }]), {
				redshiftCredential: { ...h.credentials.dataApi, clusterIdentifier: '' },
			}),
		);
		expect(noCluster.message).toMatch(/no cluster identifier/);
		const noKeys = await failure(
			h.run('dataApi', { writeMode: 'insert', table: locator('target') }, asItems([{ id: 1 }]), {
				redshiftCredential: { ...h.credentials.dataApi, secretAccessKey: '' },
			}),
		);
		expect(noKeys.message).toMatch(/needs both the access key ID and the secret access key/);
	});

	it('a Data API database that does not exist is reported with the database', async () => {
		const error = await failure(
			h.run('dataApi', { writeMode: 'insert', table: locator('target') }, asItems([{ id: 1 }]), {
				redshiftCredential: { ...h.credentials.dataApi, database: 'no_such_db' },
			}),
		);
		expect(error.message).toMatch(/no_such_db/);
		expect(error.message).not.toContain(DATA_API_SECRET);
	});
});
