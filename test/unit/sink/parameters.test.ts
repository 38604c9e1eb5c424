import { NodeOperationError, type INode } from 'n8n-workflow';

import { RedshiftApi } from '../../../credentials/RedshiftApi.credentials';
import { RedshiftS3StagingApi } from '../../../credentials/RedshiftS3StagingApi.credentials';
import { RedshiftSink } from '../../../nodes/RedshiftSink/RedshiftSink.node';
import { groupChangeEvents } from '../../../nodes/RedshiftSink/helpers/changeEvents';
import { toNodeError } from '../../../nodes/RedshiftSink/helpers/nodeErrors';
import {
	createTableSpec,
	readSettings,
	SettingsError,
} from '../../../nodes/RedshiftSink/helpers/settings';
import { splitSqlStatements } from '../../../nodes/common/helpers/splitSql';
import {
	fitsOneDataApiTransaction,
	withHookStatements,
} from '../../../nodes/RedshiftSink/helpers/transactionHooks';
import { fieldTypeOf } from '../../../nodes/RedshiftSink/methods/resourceMapping';
import { redshiftConnectionOptions } from '../../../nodes/common/transport/redshiftCredential';
import { readS3StagingCredential } from '../../../nodes/common/transport/s3Credential';
import { ItemValueError, LoadSetupError } from '../../../nodes/shared/loads';
import type {
	RedshiftConnection,
	SqlStatement,
} from '../../../nodes/shared/redshift/connection/types';
import { FakeExecution, locator } from '../../support/n8n/fakeExecuteFunctions';

const node: INode = {
	id: 'n',
	name: 'Redshift Sink',
	type: 'redshiftSink',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

describe('splitSqlStatements', () => {
	it('splits at semicolons outside quotes, identifiers, dollar quotes and comments', () => {
		expect(
			splitSqlStatements(`INSERT INTO a VALUES ('x;y'); -- a comment; still comment
UPDATE "we;ird" SET b = $$c;d$$ /* block; comment */ ;;
  DELETE FROM t WHERE s = 'it''s;'`),
		).toEqual([
			"INSERT INTO a VALUES ('x;y')",
			'-- a comment; still comment\nUPDATE "we;ird" SET b = $$c;d$$ /* block; comment */',
			"DELETE FROM t WHERE s = 'it''s;'",
		]);
	});

	it('gives nothing for blank text or comments only', () => {
		expect(splitSqlStatements('')).toEqual([]);
		expect(splitSqlStatements('  ;\n -- just a note\n')).toEqual([]);
	});
});

describe('createTableSpec', () => {
	it('turns listed columns into the whole table, with encodings, NOT NULL and comments', () => {
		expect(
			createTableSpec(
				[
					{ name: 'id', type: 'BIGINT', nullable: false, encoding: 'AZ64' },
					{ name: 'note', type: 'VARCHAR(10)', comment: 'free text' },
					{ name: '  ' },
				],
				'listed',
				{
					distStyle: 'KEY',
					distKey: 'id',
					sortKeyStyle: 'INTERLEAVED',
					sortKeyColumns: 'id, note',
					primaryKey: 'id',
					comment: 'orders',
				},
			),
		).toEqual({
			columns: [
				{ name: 'id', type: 'BIGINT', nullable: false, encoding: 'AZ64' },
				{ name: 'note', type: 'VARCHAR(10)', nullable: true, comment: 'free text' },
			],
			distKey: 'id',
			distStyle: 'KEY',
			sortKey: { style: 'INTERLEAVED', columns: ['id', 'note'] },
			primaryKey: ['id'],
			comment: 'orders',
		});
	});

	it('turns column settings into overrides of inferred columns', () => {
		expect(
			createTableSpec(
				[
					{ name: 'Name', type: 'VARCHAR(64)', encoding: 'ZSTD', comment: 'who' },
					{ name: 'id', encoding: 'RAW' },
				],
				'infer',
				{ sortKeyStyle: 'AUTO' },
			),
		).toEqual({
			types: { Name: 'VARCHAR(64)' },
			encodings: { Name: 'ZSTD', id: 'RAW' },
			columnComments: { Name: 'who' },
			sortKey: { style: 'AUTO' },
		});
	});

	it('refuses a listed column without a type and a KEY dist style without a key', () => {
		expect(() => createTableSpec([{ name: 'id' }], 'listed', {})).toThrow(/"id" has no type/);
		expect(() => createTableSpec([], 'listed', {})).toThrow(/no column is listed/);
		expect(() => createTableSpec([], 'infer', { distStyle: 'KEY' })).toThrow(/no Dist Key column/);
	});
});

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
				authentication: 'accessKeys',
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
			readS3StagingCredential({ region: 'eu-west-1', authentication: 'defaultChain' }),
		).toEqual({ connection: { region: 'eu-west-1' }, keys: undefined, testBucket: '' });
		expect(() =>
			readS3StagingCredential({
				region: 'eu-west-1',
				authentication: 'accessKeys',
				accessKeyId: 'A',
			}),
		).toThrow(/both the access key ID and the secret access key/);
	});
});

describe('readSettings', () => {
	const settingsFor = (parameters: Record<string, unknown>) =>
		readSettings(
			new FakeExecution({
				parameters: { schema: locator('public'), table: locator('t'), ...parameters },
			}).context,
		);

	it('reads upsert keys from the mapper, or the override', () => {
		expect(
			settingsFor({ tableAction: 'upsert', columns: { matchingColumns: ['id'] } }).keys,
		).toEqual(['id']);
		expect(
			settingsFor({
				tableAction: 'upsert',
				columns: { matchingColumns: ['id'] },
				options: { keyColumns: 'a, b' },
			}).keys,
		).toEqual(['a', 'b']);
		expect(() => settingsFor({ tableAction: 'upsert', columns: { matchingColumns: [] } })).toThrow(
			SettingsError,
		);
	});

	it('reads COPY options, hooks and file size', () => {
		const settings = settingsFor({
			tableAction: 'append',
			writeMode: 'copy',
			copyOptions: {
				maxError: 3,
				truncateColumns: true,
				timeFormat: 'epochsecs',
				emptyAsNull: true,
				acceptInvChars: false,
				targetFileSizeMb: 2,
				region: 'eu-west-1',
			},
			options: { sqlBefore: 'DELETE FROM t; SELECT 1', ignoreExtraFields: true, stripNul: true },
		});
		expect(settings.copy).toEqual({
			maxError: 3,
			truncateColumns: true,
			timeFormat: 'epochsecs',
			emptyAsNull: true,
		});
		expect(settings).toMatchObject({
			targetFileBytes: 2 * 1024 * 1024,
			bucketRegion: 'eu-west-1',
			extraFields: 'ignore',
			nulBytes: 'strip',
			table: { schema: 'public', name: 't' },
		});
		expect(settings.hooks.before).toEqual([{ text: 'DELETE FROM t' }, { text: 'SELECT 1' }]);
	});

	it('needs no table for a changelog to the source tables, and takes upsert or changelog in insert mode', () => {
		const settings = readSettings(
			new FakeExecution({
				parameters: {
					tableAction: 'changelog',
					changelogTarget: 'sourceTable',
					changelogSchema: 'replica',
					changelogKeys: 'id',
				},
			}).context,
		);
		expect(settings).toMatchObject({ table: undefined, changelogSchema: 'replica', keys: ['id'] });
		expect(settingsFor({ tableAction: 'changelog', writeMode: 'insert' })).toMatchObject({
			tableAction: 'changelog',
			writeMode: 'insert',
		});
		expect(
			settingsFor({ tableAction: 'upsert', writeMode: 'insert', options: { keyColumns: 'id' } }),
		).toMatchObject({ tableAction: 'upsert', writeMode: 'insert', keys: ['id'] });
		expect(() => settingsFor({ tableAction: 'append', table: locator('') })).toThrow(
			/No table is chosen/,
		);
	});
});

describe('column fit options', () => {
	const settingsFor = (parameters: Record<string, unknown>) =>
		readSettings(
			new FakeExecution({
				parameters: {
					schema: locator('public'),
					table: locator('t'),
					tableAction: 'append',
					...parameters,
				},
			}).context,
		);

	it('default to widening long values and failing values over 65,535 bytes, in both write modes', () => {
		expect(settingsFor({}).columnFit).toEqual({ longValues: 'widen', oversizeValues: 'fail' });
		expect(
			settingsFor({ writeMode: 'insert', copyOptions: { truncateColumns: true } }).columnFit,
		).toEqual({ longValues: 'widen', oversizeValues: 'fail' });
	});

	it('read the two policies from Options, and Truncate Columns when the first is not set', () => {
		expect(
			settingsFor({
				writeMode: 'insert',
				options: { longValues: 'fail', oversizeValues: 'truncate' },
			}).columnFit,
		).toEqual({ longValues: 'fail', oversizeValues: 'truncate' });
		expect(settingsFor({ copyOptions: { truncateColumns: true } }).columnFit).toEqual({
			longValues: 'truncate',
			oversizeValues: 'fail',
		});
		expect(
			settingsFor({ copyOptions: { truncateColumns: true }, options: { longValues: 'widen' } })
				.columnFit.longValues,
		).toBe('widen');
		expect(() => settingsFor({ options: { longValues: 'stretch' } })).toThrow(
			/choose Widen the Column, Fail or Truncate/,
		);
	});

	it('are options of the node with safe defaults', () => {
		const options =
			new RedshiftSink().description.properties.find((property) => property.name === 'options')
				?.options ?? [];
		const byName = new Map(
			options.map((option) => [
				option.name,
				option as { displayName: string; default: unknown; options?: { value: string }[] },
			]),
		);
		expect(byName.get('longValues')).toMatchObject({
			displayName: 'Values Longer Than the Column',
			default: 'widen',
		});
		expect(byName.get('longValues')?.options?.map((option) => option.value)).toEqual([
			'widen',
			'fail',
			'truncate',
		]);
		expect(byName.get('oversizeValues')).toMatchObject({
			displayName: 'Values Over 65,535 Bytes',
			default: 'fail',
		});
		expect(byName.get('oversizeValues')?.options?.map((option) => option.value)).toEqual([
			'fail',
			'truncate',
		]);
	});
});

describe('groupChangeEvents', () => {
	const event = (op: string, table: string | null, schema = 'public') => ({
		json: {
			op,
			before: null,
			after: { id: 1 },
			key: { id: 1 },
			source: { lsn: '0/1', commitLsn: '0/1', schema, table, eventIndex: 0 },
		},
	});

	it('groups by source table in input order, applies a schema override and skips messages', () => {
		const { groups, skipped } = groupChangeEvents(
			[event('c', 'a'), event('m', null), event('u', 'b', 'other'), event('d', 'a')],
			{ schemaOverride: 'replica' },
		);
		expect(skipped).toBe(1);
		expect(groups.map((group) => ({ table: group.table, items: group.itemIndexes }))).toEqual([
			{ table: { schema: 'replica', name: 'a' }, items: [0, 3] },
			{ table: { schema: 'replica', name: 'b' }, items: [2] },
		]);
	});

	it('names the item that is not a change event', () => {
		expect(() => groupChangeEvents([event('c', 'a'), { json: { id: 5 } } as never], {})).toThrow(
			/Item 1: null is not a change operation/,
		);
		expect(() => groupChangeEvents([event('c', null)], {})).toThrow(
			/Item 0: the change has no source.table/,
		);
	});
});

describe('withHookStatements', () => {
	const recording = () => {
		const sent: SqlStatement[][] = [];
		const connection: RedshiftConnection = {
			transport: 'dataApi',
			query: async () => ({ columns: [], rows: [], rowCount: 0 }),
			transaction: async (statements) => {
				sent.push([...statements]);
				return statements.map((statement) => ({
					columns: [],
					rows: [{ text: statement.text }],
					rowCount: 1,
				}));
			},
			stream: () => (async function* () {})(),
			close: async () => undefined,
		};
		return { sent, connection };
	};

	it("puts the hooks around the load's statements and hands back only the load's results", async () => {
		const { sent, connection } = recording();
		const wrapped = withHookStatements(connection, {
			before: [{ text: 'B' }],
			after: [{ text: 'A1' }, { text: 'A2' }],
		});
		const load = [{ text: 'COPY' }, { text: 'SELECT id' }];
		const results = await wrapped.transaction(load);
		expect(sent).toEqual([
			[{ text: 'B' }, { text: 'COPY' }, { text: 'SELECT id' }, { text: 'A1' }, { text: 'A2' }],
		]);
		expect(results.map((result) => result.rows[0].text)).toEqual(['COPY', 'SELECT id']);
		// A conflict retry re-sends the same statements: allowed. Another transaction is not (Data API).
		await wrapped.transaction(load);
		await expect(wrapped.transaction([{ text: 'INSERT more' }])).rejects.toThrow(
			/more than one Data API transaction/,
		);
	});

	it('estimates whether an insert fits one Data API transaction', () => {
		const rows = Array.from({ length: 1000 }, (_, id) => ({ id, name: 'n' }));
		expect(fitsOneDataApiTransaction(rows, 500, 2)).toBe(true);
		expect(fitsOneDataApiTransaction(rows, 10, 2)).toBe(false);
	});
});

describe('toNodeError', () => {
	it('keeps the item and column, adds the fix, and scrubs secrets', () => {
		const error = toNodeError(
			node,
			new ItemValueError(
				'Item 2: value "hunter2-secret" is not a number for "amount"',
				2,
				'amount',
			),
			{ secrets: ['hunter2-secret'], target: 'x' },
		);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe('Item 2: value "***" is not a number for "amount"');
		expect(error.context.itemIndex).toBe(2);
		expect(error.description).toMatch(/Correct the value of "amount"/);
	});

	it('maps an index within a group to the input item', () => {
		const error = toNodeError(
			node,
			new ItemValueError('Item 1: the key column "id" is empty', 1, 'id'),
			{ secrets: [], target: 'x', itemIndexOf: (index) => [4, 7][index] },
		);
		expect(error.message).toBe('Item 7: the key column "id" is empty');
		expect(error.context.itemIndex).toBe(7);
	});

	it('says what to do about a missing table and a refused login', () => {
		expect(
			toNodeError(
				node,
				new LoadSetupError(
					'The table "public"."t" does not exist. Create it first, or turn on creating the table when it is missing.',
				),
				{ secrets: [], target: 'x' },
			).description,
		).toBe('Create the table first, or turn on "Create Table If Missing".');
		const login = toNodeError(
			node,
			Object.assign(new Error('password authentication failed for user "awsuser"'), {
				code: '28P01',
			}),
			{ secrets: [], target: 'h:5439/dev' },
		);
		expect(login.message).toBe(
			'Redshift refused the login at h:5439/dev: check the user and password of the Redshift credential.',
		);
	});
});

describe('node and credential descriptions', () => {
	const sink = new RedshiftSink();

	it('tests every credential with a method the node has', () => {
		for (const credential of sink.description.credentials ?? []) {
			expect(Object.keys(sink.methods.credentialTest)).toContain(credential.testedBy);
		}
		expect(sink.description.credentials?.map((credential) => credential.name)).toEqual([
			new RedshiftApi().name,
			new RedshiftS3StagingApi().name,
		]);
	});

	it('points every list, mapper and options method at one the node has', () => {
		const json = JSON.stringify(sink.description.properties);
		for (const [, method] of json.matchAll(/"searchListMethod":"(\w+)"/g))
			expect(Object.keys(sink.methods.listSearch)).toContain(method);
		for (const [, method] of json.matchAll(/"resourceMapperMethod":"(\w+)"/g))
			expect(Object.keys(sink.methods.resourceMapping)).toContain(method);
		for (const [, method] of json.matchAll(/"loadOptionsMethod":"(\w+)"/g))
			expect(Object.keys(sink.methods.loadOptions)).toContain(method);
		expect(json).toContain('"loadOptionsMethod":"getColumns"');
	});

	it("maps Redshift types to the editor's field types", () => {
		expect(
			[
				'bigint',
				'numeric',
				'double precision',
				'boolean',
				'timestamp with time zone',
				'date',
				'time without time zone',
				'super',
				'character varying',
			].map(fieldTypeOf),
		).toEqual([
			'number',
			'number',
			'number',
			'boolean',
			'dateTime',
			'dateTime',
			'time',
			'object',
			'string',
		]);
	});
});
