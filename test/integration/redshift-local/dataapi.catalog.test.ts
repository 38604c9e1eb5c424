import {
	DescribeTableCommand,
	ExecuteStatementCommand,
	ListDatabasesCommand,
	ListSchemasCommand,
	ListSessionsCommand,
	ListTablesCommand,
} from '@aws-sdk/client-redshift-data';

import { startHarness, waitForStatement, type DataApiHarness } from './dataapiHarness';

describe('Data API: catalog operations and ListSessions', () => {
	let harness: DataApiHarness;

	beforeAll(async () => {
		harness = await startHarness('dataapi_catalog');
		for (const Sql of [
			'CREATE SCHEMA sales',
			'CREATE TABLE sales.orders (id int4 NOT NULL DEFAULT 1, note varchar(30), amount numeric(10,2))',
			'CREATE VIEW sales.recent AS SELECT id, amount FROM sales.orders',
		]) {
			const { Id } = await harness.client.send(
				new ExecuteStatementCommand({ ...harness.target, Sql }),
			);
			expect((await waitForStatement(harness.client, Id ?? '')).description.Status).toBe(
				'FINISHED',
			);
		}
	});
	afterAll(async () => await harness.stop());

	it('lists databases and schemas, without the local system schema', async () => {
		const databases = await harness.client.send(new ListDatabasesCommand({ ...harness.target }));
		expect(databases.Databases).toContain(harness.database);
		const all = await harness.client.send(new ListSchemasCommand({ ...harness.target }));
		expect(all.Schemas).toEqual(
			expect.arrayContaining(['information_schema', 'pg_catalog', 'public', 'sales']),
		);
		expect(all.Schemas).not.toContain('redshift_system');
		const sales = await harness.client.send(
			new ListSchemasCommand({ ...harness.target, SchemaPattern: 'sal%' }),
		);
		expect(sales.Schemas).toEqual(['sales']);
	});

	it('lists tables with their types, page by page', async () => {
		const tables = await harness.client.send(
			new ListTablesCommand({ ...harness.target, SchemaPattern: 'sales' }),
		);
		expect(tables.Tables).toEqual([
			{ name: 'orders', schema: 'sales', type: 'TABLE' },
			{ name: 'recent', schema: 'sales', type: 'VIEW' },
		]);
		const first = await harness.client.send(
			new ListTablesCommand({ ...harness.target, SchemaPattern: 'sales', MaxResults: 1 }),
		);
		expect(first.Tables?.map((table) => table.name)).toEqual(['orders']);
		const second = await harness.client.send(
			new ListTablesCommand({
				...harness.target,
				SchemaPattern: 'sales',
				MaxResults: 1,
				NextToken: first.NextToken,
			}),
		);
		expect(second.Tables?.map((table) => table.name)).toEqual(['recent']);
		expect(second.NextToken).toBeUndefined();
		const system = await harness.client.send(
			new ListTablesCommand({
				...harness.target,
				SchemaPattern: 'information_schema',
				TablePattern: 'sql_features',
			}),
		);
		expect(system.Tables).toEqual([
			{ name: 'sql_features', schema: 'information_schema', type: 'SYSTEM TABLE' },
		]);
	});

	it('describes a table with Redshift column metadata', async () => {
		const described = await harness.client.send(
			new DescribeTableCommand({ ...harness.target, Schema: 'sales', Table: 'orders' }),
		);
		expect(described.TableName).toBe('orders');
		expect(
			described.ColumnList?.map((column) => [
				column.name,
				column.typeName,
				column.precision,
				column.scale,
				column.length,
				column.nullable,
				column.columnDefault,
			]),
		).toEqual([
			['id', 'int4', 10, 0, 0, 0, '1'],
			['note', 'varchar', 30, 0, 30, 1, undefined],
			['amount', 'numeric', 10, 2, 0, 1, undefined],
		]);
		expect(described.ColumnList?.[0]).toMatchObject({
			schemaName: 'sales',
			tableName: 'orders',
			isSigned: true,
		});
	});

	it('lists kept-alive sessions with their status', async () => {
		const output = await harness.client.send(
			new ExecuteStatementCommand({
				...harness.target,
				Sql: 'SELECT 1',
				SessionKeepAliveSeconds: 120,
			}),
		);
		await waitForStatement(harness.client, output.Id ?? '');
		const listed = await harness.client.send(
			new ListSessionsCommand({ SessionId: output.SessionId }),
		);
		expect(listed.Sessions).toHaveLength(1);
		expect(listed.Sessions?.[0]).toMatchObject({
			SessionId: output.SessionId,
			Status: 'AVAILABLE',
			Database: harness.database,
			ClusterIdentifier: 'local',
			DbUser: 'awsuser',
			SessionAliveSeconds: 120,
		});
		expect(listed.Sessions?.[0].SessionTtl).toBeInstanceOf(Date);
		const busy = await harness.client.send(new ListSessionsCommand({ Status: 'BUSY' }));
		expect(busy.Sessions).toEqual([]);
	});
});
