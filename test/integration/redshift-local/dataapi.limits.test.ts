import {
	ActiveStatementsExceededException,
	ExecuteStatementCommand,
	GetStatementResultCommand,
	ResourceNotFoundException,
} from '@aws-sdk/client-redshift-data';

import { startHarness, waitForStatement, type DataApiHarness } from './dataapiHarness';

/** Ten rows of 100 characters: about 1.2 KB of serialised records. */
const TEN_WIDE_ROWS = "SELECT repeat('x', 100) AS wide FROM generate_series(1, 10)";

describe('Data API: limits, placeholders and connection failures', () => {
	let harness: DataApiHarness;

	async function submit(Sql: string, Parameters?: Array<{ name: string; value: string }>) {
		const { Id } = await harness.client.send(
			new ExecuteStatementCommand({ ...harness.target, Sql, Parameters }),
		);
		return Id ?? '';
	}

	async function run(Sql: string, Parameters?: Array<{ name: string; value: string }>) {
		return (await waitForStatement(harness.client, await submit(Sql, Parameters))).description;
	}

	beforeAll(async () => {
		harness = await startHarness('dataapi_limits', {
			pageRows: 2,
			maxResultBytes: 2000,
			maxRetainedResultBytes: 5000,
			maxActiveStatements: 1,
		});
	});
	afterAll(async () => await harness.stop());

	it('pages by the configured row count', async () => {
		const description = await run('SELECT n FROM generate_series(1, 5) AS n ORDER BY n');
		const pages: number[][] = [];
		let NextToken: string | undefined;
		do {
			const page = await harness.client.send(
				new GetStatementResultCommand({ Id: description.Id, NextToken }),
			);
			expect(page.TotalNumRows).toBe(5);
			pages.push((page.Records ?? []).map((record) => record[0].longValue ?? 0));
			NextToken = page.NextToken;
		} while (NextToken);
		expect(pages).toEqual([[1, 2], [3, 4], [5]]);
	});

	it('fails a statement whose result is larger than the result size limit', async () => {
		const description = await run("SELECT repeat('x', 100) FROM generate_series(1, 100)");
		expect(description.Status).toBe('FAILED');
		expect(description.Error).toBe(
			'ERROR: the result is larger than the Data API limit of 2000 bytes; use UNLOAD for large results',
		);
	});

	it('drops the oldest results beyond the memory bound and says so', async () => {
		const oldest = await run(TEN_WIDE_ROWS);
		for (let index = 0; index < 4; index++) await run(TEN_WIDE_ROWS);
		const newest = await run(TEN_WIDE_ROWS);
		await expect(
			harness.client.send(new GetStatementResultCommand({ Id: oldest.Id })),
		).rejects.toBeInstanceOf(ResourceNotFoundException);
		const kept = await harness.client.send(
			new GetStatementResultCommand({ Id: newest.Id, NextToken: undefined }),
		);
		expect(kept.TotalNumRows).toBe(10);
	});

	it('refuses statements beyond the active statement quota', async () => {
		const sleeping = await submit('SELECT pg_sleep(0.5)');
		await expect(submit('SELECT 1')).rejects.toBeInstanceOf(ActiveStatementsExceededException);
		await waitForStatement(harness.client, sleeping);
		expect((await run('SELECT 1')).Status).toBe('FINISHED');
	});

	it('leaves literals, quoted identifiers, dollar quotes, comments and casts alone', async () => {
		const description = await run(
			`SELECT ':a' AS "col:a", $$:a$$ AS dollar, :a::int4 + 1 AS plus, :a AS again /* :b */ -- :c`,
			[{ name: 'a', value: '41' }],
		);
		expect(description.Error).toBeUndefined();
		const result = await harness.client.send(new GetStatementResultCommand({ Id: description.Id }));
		expect(result.ColumnMetadata?.map((column) => column.name)).toEqual([
			'col:a',
			'dollar',
			'plus',
			'again',
		]);
		expect(result.Records).toEqual([
			[{ stringValue: ':a' }, { stringValue: ':a' }, { longValue: 42 }, { stringValue: '41' }],
		]);
	});

	it('fails a statement on a database that does not exist', async () => {
		const { Id } = await harness.client.send(
			new ExecuteStatementCommand({
				ClusterIdentifier: 'local',
				Database: 'no_such_database',
				Sql: 'SELECT 1',
			}),
		);
		const { description } = await waitForStatement(harness.client, Id ?? '');
		expect(description.Status).toBe('FAILED');
		expect(description.Error).toBe('FATAL: database "no_such_database" does not exist');
	});
});
