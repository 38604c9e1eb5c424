import {
	DescribeStatementCommand,
	ExecuteStatementCommand,
	GetStatementResultCommand,
	ResourceNotFoundException,
	ValidationException,
} from '@aws-sdk/client-redshift-data';

import { startHarness, waitForStatement, type DataApiHarness } from './dataapiHarness';

describe('Data API: ExecuteStatement, DescribeStatement and GetStatementResult', () => {
	let harness: DataApiHarness;

	async function run(Sql: string, Parameters?: Array<{ name: string; value: string }>) {
		const { Id } = await harness.client.send(
			new ExecuteStatementCommand({ ...harness.target, Sql, Parameters }),
		);
		return await waitForStatement(harness.client, Id ?? '');
	}

	beforeAll(async () => {
		harness = await startHarness('dataapi');
	});
	afterAll(async () => await harness.stop());

	it('runs DDL and DML and reports what they did', async () => {
		const created = await run(
			'CREATE TABLE event (eventid int4 NOT NULL, venueid int2, total int8, price numeric(12,2), ratio float8, ' +
				'paid bool, eventname varchar(200), starttime timestamp, at timestamptz, day date, doc jsonb)',
		);
		expect(created.description.Status).toBe('FINISHED');
		expect(created.description.HasResultSet).toBe(false);

		const inserted = await run(
			'INSERT INTO event VALUES (:id, :id::smallint, :total, :price, :ratio, :paid, :name, :start, :at, :day, :doc), ' +
				"(2, NULL, NULL, NULL, NULL, NULL, NULL, '2024-01-02 03:04:05.25', NULL, NULL, NULL)",
			[
				{ name: 'id', value: '1' },
				{ name: 'total', value: '9223372036854775807' },
				{ name: 'price', value: '12.50' },
				{ name: 'ratio', value: '0.25' },
				{ name: 'paid', value: 'true' },
				{ name: 'name', value: "it's :not a parameter" },
				{ name: 'start', value: '2022-02-22' },
				{ name: 'at', value: '2022-02-22 10:00:00+02' },
				{ name: 'day', value: '2022-02-22' },
				{ name: 'doc', value: '{"a": [1, 2], "b": "x y"}' },
			],
		);
		expect(inserted.description).toMatchObject({
			Status: 'FINISHED',
			HasResultSet: false,
			ResultRows: 2,
		});
		expect(inserted.description.QueryParameters).toHaveLength(10);
		expect((await harness.direct.query('SELECT count(*) FROM event')).rows).toEqual([['2']]);
	});

	it('returns typed fields, NULLs and Redshift column metadata', async () => {
		const { description } = await run(
			'SELECT eventid, venueid, total, price, ratio, paid, eventname, starttime, at, day, doc, ' +
				"eventid + 1 AS next, 'x' || eventname AS label FROM event ORDER BY eventid",
		);
		expect(description).toMatchObject({ Status: 'FINISHED', HasResultSet: true, ResultRows: 2 });
		expect(description.ResultSize).toBeGreaterThan(0);
		const result = await harness.client.send(new GetStatementResultCommand({ Id: description.Id }));
		expect(result.TotalNumRows).toBe(2);
		expect(result.NextToken).toBeUndefined();
		expect(result.Records?.[0]).toEqual([
			{ longValue: 1 },
			{ longValue: 1 },
			// int8 9223372036854775807 travels as the exact JSON integer; JavaScript's number rounds it to 2^63.
			{ longValue: 2 ** 63 },
			{ stringValue: '12.50' },
			{ doubleValue: 0.25 },
			{ booleanValue: true },
			{ stringValue: "it's :not a parameter" },
			// Redshift's Data API prints TIMESTAMP like java.sql.Timestamp: at least one fractional digit.
			{ stringValue: '2022-02-22 00:00:00.0' },
			{ stringValue: '2022-02-22 08:00:00+00' },
			{ stringValue: '2022-02-22' },
			{ stringValue: '{"a":[1,2],"b":"x y"}' },
			{ longValue: 2 },
			{ stringValue: "xit's :not a parameter" },
		]);
		expect(result.Records?.[1]).toEqual([
			{ longValue: 2 },
			{ isNull: true },
			{ isNull: true },
			{ isNull: true },
			{ isNull: true },
			{ isNull: true },
			{ isNull: true },
			{ stringValue: '2024-01-02 03:04:05.25' },
			{ isNull: true },
			{ isNull: true },
			{ isNull: true },
			{ longValue: 3 },
			{ isNull: true },
		]);
		const columns = result.ColumnMetadata ?? [];
		expect(
			columns.map((column) => [column.name, column.typeName, column.precision, column.scale]),
		).toEqual([
			['eventid', 'int4', 10, 0],
			['venueid', 'int2', 5, 0],
			['total', 'int8', 19, 0],
			['price', 'numeric', 12, 2],
			['ratio', 'float8', 17, 17],
			['paid', 'bool', 1, 0],
			['eventname', 'varchar', 200, 0],
			['starttime', 'timestamp', 29, 6],
			['at', 'timestamptz', 35, 6],
			['day', 'date', 13, 0],
			['doc', 'super', 0, 0],
			['next', 'int4', 10, 0],
			['label', 'varchar', 2147483647, 0],
		]);
		expect(columns[0]).toMatchObject({
			label: 'eventid',
			nullable: 0,
			schemaName: 'public',
			tableName: 'event',
			isSigned: true,
			isCaseSensitive: false,
			isCurrency: false,
		});
		expect(columns[6]).toMatchObject({
			nullable: 1,
			tableName: 'event',
			isCaseSensitive: true,
			isSigned: false,
		});
		expect(columns[11]).toMatchObject({ nullable: 1, tableName: '', schemaName: '' });
	});

	it('sends int8 digits exactly on the wire, which the JavaScript SDK then rounds', async () => {
		const { description } = await run('SELECT total FROM event WHERE eventid = 1');
		const response = await fetch(harness.api.endpoint, {
			method: 'POST',
			headers: {
				'content-type': 'application/x-amz-json-1.1',
				'x-amz-target': 'RedshiftData.GetStatementResult',
			},
			body: JSON.stringify({ Id: description.Id }),
		});
		const wire = await response.text();
		expect(wire).toContain('"Records":[[{"longValue":9223372036854775807}]]');
		const parsed = await harness.client.send(new GetStatementResultCommand({ Id: description.Id }));
		expect(parsed.Records?.[0][0].longValue).toBe(2 ** 63);
		const asText = await run('SELECT total::varchar FROM event WHERE eventid = 1');
		const exact = await harness.client.send(
			new GetStatementResultCommand({ Id: asText.description.Id }),
		);
		expect(exact.Records?.[0][0]).toEqual({ stringValue: '9223372036854775807' });
	});

	it('reports a failed statement with Redshift error text', async () => {
		const { description, seen } = await run('SELECT * FROM no_such_table');
		expect(seen[seen.length - 1]).toBe('FAILED');
		expect(description.Error).toBe('ERROR: relation "no_such_table" does not exist');
		expect(description.HasResultSet).toBe(false);
		await expect(
			harness.client.send(new GetStatementResultCommand({ Id: description.Id })),
		).rejects.toThrow(
			new ValidationException({
				message: 'Query does not have result. Please check query status with DescribeStatement.',
				$metadata: {},
			}),
		);
	});

	it('describes a statement with the fields Redshift fills in', async () => {
		const { description } = await run('SELECT 1 AS one');
		expect(description).toMatchObject({
			ClusterIdentifier: 'local',
			Database: harness.database,
			DbUser: 'awsuser',
			QueryString: 'SELECT 1 AS one',
			HasResultSet: true,
			ResultRows: 1,
		});
		expect(description.RedshiftPid).toBeGreaterThan(0);
		expect(description.RedshiftQueryId).toBeGreaterThan(0);
		expect(description.Duration).toBeGreaterThan(0);
		expect(description.CreatedAt).toBeInstanceOf(Date);
		expect((description.UpdatedAt?.getTime() ?? 0) >= (description.CreatedAt?.getTime() ?? 0)).toBe(
			true,
		);
		// The result can be fetched again and again while it is kept.
		const first = await harness.client.send(new GetStatementResultCommand({ Id: description.Id }));
		const second = await harness.client.send(new GetStatementResultCommand({ Id: description.Id }));
		expect(second.Records).toEqual(first.Records);
	});

	it('runs a statement once for a repeated ClientToken and answers with the same id', async () => {
		await run('CREATE TABLE idempotent (id int4)');
		const request = {
			...harness.target,
			Sql: 'INSERT INTO idempotent VALUES (1)',
			ClientToken: 'retry-token-1',
		};
		const first = await harness.client.send(new ExecuteStatementCommand(request));
		const second = await harness.client.send(new ExecuteStatementCommand(request));
		expect(second.Id).toBe(first.Id);
		await waitForStatement(harness.client, first.Id ?? '');
		expect((await harness.direct.query('SELECT count(*) FROM idempotent')).rows).toEqual([['1']]);
	});

	it('validates requests as the service does', async () => {
		const missingTarget = harness.client.send(
			new ExecuteStatementCommand({ Database: harness.database, Sql: 'SELECT 1' }),
		);
		await expect(missingTarget).rejects.toBeInstanceOf(ValidationException);
		await expect(missingTarget).rejects.toThrow(
			'Either ClusterIdentifier or WorkgroupName needs to be specified.',
		);
		await expect(
			harness.client.send(
				new ExecuteStatementCommand({
					...harness.target,
					SecretArn: 'arn:aws:secretsmanager:x',
					Sql: 'SELECT 1',
				}),
			),
		).rejects.toThrow('DbUser and SecretArn cannot both be specified.');
		await expect(
			harness.client.send(
				new ExecuteStatementCommand({
					...harness.target,
					Sql: 'SELECT :a',
					Parameters: [{ name: 'b', value: '1' }],
				}),
			),
		).rejects.toThrow('The SQL references parameter :a, but no value was provided for it.');
		await expect(
			harness.client.send(
				new ExecuteStatementCommand({
					...harness.target,
					Sql: 'SELECT :a',
					Parameters: [{ name: 'a', value: '' }],
				}),
			),
		).rejects.toThrow('value must have length greater than or equal to 1.');
		await expect(
			harness.client.send(
				new ExecuteStatementCommand({ ...harness.target, Sql: 'SELECT 1; SELECT 2' }),
			),
		).rejects.toThrow(
			'ExecuteStatement runs a single SQL statement; use BatchExecuteStatement for several.',
		);
		await expect(
			harness.client.send(new DescribeStatementCommand({ Id: 'not-an-id' })),
		).rejects.toThrow(
			'id must satisfy regex pattern: ^[a-z0-9]{8}(-[a-z0-9]{4}){3}-[a-z0-9]{12}(:\\d+)?$',
		);
		const unknown = harness.client.send(
			new DescribeStatementCommand({ Id: '70662acc-f334-46f8-b953-3a9546796d7a' }),
		);
		await expect(unknown).rejects.toBeInstanceOf(ResourceNotFoundException);
		await expect(unknown).rejects.toThrow('Query does not exist.');
	});

	it('accepts a serverless workgroup with Secrets Manager and echoes the target', async () => {
		const output = await harness.client.send(
			new ExecuteStatementCommand({
				WorkgroupName: 'local-workgroup',
				Database: harness.database,
				SecretArn: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:local',
				Sql: 'SELECT current_database()',
				StatementName: 'workgroup-check',
				WithEvent: true,
			}),
		);
		expect(output).toMatchObject({ WorkgroupName: 'local-workgroup', Database: harness.database });
		expect(output.ClusterIdentifier).toBeUndefined();
		const { description } = await waitForStatement(harness.client, output.Id ?? '');
		const result = await harness.client.send(new GetStatementResultCommand({ Id: description.Id }));
		expect(result.Records).toEqual([[{ stringValue: harness.database }]]);
	});
});
