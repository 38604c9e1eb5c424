import {
	BatchExecuteStatementCommand,
	ExecuteStatementCommand,
	GetStatementResultCommand,
	ListStatementsCommand,
	paginateGetStatementResult,
	ValidationException,
	type Field,
} from '@aws-sdk/client-redshift-data';

import { startHarness, waitForStatement, type DataApiHarness } from './dataapiHarness';

describe('Data API: result paging and ListStatements', () => {
	let harness: DataApiHarness;

	async function run(Sql: string, StatementName?: string) {
		const { Id } = await harness.client.send(
			new ExecuteStatementCommand({ ...harness.target, Sql, StatementName }),
		);
		return (await waitForStatement(harness.client, Id ?? '')).description;
	}

	beforeAll(async () => {
		harness = await startHarness('dataapi_paging');
	});
	afterAll(async () => await harness.stop());

	it('pages a large result with NextToken, 1000 rows a page, and serves a page again', async () => {
		const description = await run(
			"SELECT n, 'row ' || n AS label FROM generate_series(1, 2500) AS n ORDER BY n",
		);
		expect(description.ResultRows).toBe(2500);

		const first = await harness.client.send(new GetStatementResultCommand({ Id: description.Id }));
		expect(first.TotalNumRows).toBe(2500);
		expect(first.Records).toHaveLength(1000);
		expect(first.NextToken).toBeDefined();
		const second = await harness.client.send(
			new GetStatementResultCommand({ Id: description.Id, NextToken: first.NextToken }),
		);
		expect(second.Records?.[0]).toEqual([{ longValue: 1001 }, { stringValue: 'row 1001' }]);
		const again = await harness.client.send(
			new GetStatementResultCommand({ Id: description.Id, NextToken: first.NextToken }),
		);
		expect(again.Records).toEqual(second.Records);

		const all: Field[][] = [];
		let pages = 0;
		for await (const page of paginateGetStatementResult(
			{ client: harness.client },
			{ Id: description.Id },
		)) {
			pages++;
			all.push(...(page.Records ?? []));
			expect(page.ColumnMetadata?.map((column) => column.name)).toEqual(['n', 'label']);
		}
		expect(pages).toBe(3);
		expect(all.map((record) => record[0].longValue)).toEqual(
			Array.from({ length: 2500 }, (_, index) => index + 1),
		);
	});

	it('rejects a NextToken of another statement', async () => {
		const big = await run('SELECT n FROM generate_series(1, 1500) AS n');
		const other = await run('SELECT 1');
		const { NextToken } = await harness.client.send(new GetStatementResultCommand({ Id: big.Id }));
		await expect(
			harness.client.send(new GetStatementResultCommand({ Id: other.Id, NextToken })),
		).rejects.toBeInstanceOf(ValidationException);
	});

	it('lists statements newest first, filtered by name prefix and status, page by page', async () => {
		const alphaOne = await run('SELECT 1', 'alpha-1');
		const alphaTwo = await run('SELECT 2', 'alpha-2');
		const failed = await run('SELECT * FROM nowhere', 'beta-1');
		const { Id: batchId } = await harness.client.send(
			new BatchExecuteStatementCommand({
				...harness.target,
				Sqls: ['SELECT 3', 'SELECT 4'],
				StatementName: 'alpha-batch',
			}),
		);
		await waitForStatement(harness.client, batchId ?? '');

		const alpha = await harness.client.send(new ListStatementsCommand({ StatementName: 'alpha' }));
		expect(alpha.Statements?.map((statement) => statement.Id)).toEqual([
			batchId,
			alphaTwo.Id,
			alphaOne.Id,
		]);
		expect(alpha.Statements?.[0]).toMatchObject({
			IsBatchStatement: true,
			QueryStrings: ['SELECT 3', 'SELECT 4'],
		});
		expect(alpha.Statements?.[1]).toMatchObject({
			IsBatchStatement: false,
			QueryString: 'SELECT 2',
			StatementName: 'alpha-2',
			Status: 'FINISHED',
		});
		// The name filter is a case-sensitive prefix.
		expect(
			(await harness.client.send(new ListStatementsCommand({ StatementName: 'Alpha' }))).Statements,
		).toEqual([]);

		const failures = await harness.client.send(new ListStatementsCommand({ Status: 'FAILED' }));
		expect(failures.Statements?.map((statement) => statement.Id)).toEqual([failed.Id]);

		const seen: string[] = [];
		let NextToken: string | undefined;
		do {
			const page = await harness.client.send(
				new ListStatementsCommand({ StatementName: 'alpha', MaxResults: 2, NextToken }),
			);
			expect(page.Statements?.length).toBeLessThanOrEqual(2);
			seen.push(...(page.Statements ?? []).map((statement) => statement.Id ?? ''));
			NextToken = page.NextToken;
		} while (NextToken);
		expect(seen).toEqual([batchId, alphaTwo.Id, alphaOne.Id]);

		const byDatabase = await harness.client.send(
			new ListStatementsCommand({ Database: 'another_database', Status: 'ALL' }),
		);
		expect(byDatabase.Statements).toEqual([]);
	});
});
