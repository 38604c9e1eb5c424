import {
	BatchExecuteStatementCommand,
	CancelStatementCommand,
	DescribeStatementCommand,
	type DescribeStatementCommandOutput,
	ExecuteStatementCommand,
	GetStatementResultCommand,
	RedshiftDataClient,
} from '@aws-sdk/client-redshift-data';

import type {
	DataApiConnectionOptions,
	QueryOptions,
	RedshiftConnection,
	SqlColumn,
	SqlResult,
	SqlRow,
	SqlStatement,
} from '../types';
import { addExactLongValues } from './exactLongValues';
import { columnsOf, rowsOf } from './fields';
import { toNamedStatement } from './namedParameters';

const sleep = async (ms: number, signal?: AbortSignal) =>
	await new Promise<void>((resolve) => {
		const timer = setTimeout(resolve, ms);
		signal?.addEventListener(
			'abort',
			() => {
				clearTimeout(timer);
				resolve();
			},
			{ once: true },
		);
	});

/** Redshift's Data API: statements are submitted, polled until they finish, then their results paged. */
export class DataApiConnection implements RedshiftConnection {
	readonly transport = 'dataApi' as const;
	private readonly client: RedshiftDataClient;

	constructor(private readonly options: DataApiConnectionOptions) {
		if (!options.clusterIdentifier === !options.workgroupName) {
			throw new Error(
				'Give either a cluster identifier or a Serverless workgroup name for the Data API.',
			);
		}
		const credentials =
			options.accessKeyId && options.secretAccessKey
				? {
						accessKeyId: options.accessKeyId,
						secretAccessKey: options.secretAccessKey,
						sessionToken: options.sessionToken,
					}
				: undefined; // default credential chain
		this.client = new RedshiftDataClient({
			region: options.region,
			endpoint: options.endpoint,
			credentials,
		});
		addExactLongValues(this.client);
	}

	private target() {
		const { database, clusterIdentifier, workgroupName, secretArn, dbUser } = this.options;
		return {
			Database: database,
			ClusterIdentifier: clusterIdentifier,
			WorkgroupName: workgroupName,
			SecretArn: secretArn,
			DbUser: secretArn ? undefined : dbUser,
		};
	}

	/** Polls with a growing interval; an abort cancels the statement on the server. */
	private async waitFor(id: string, signal?: AbortSignal): Promise<DescribeStatementCommandOutput> {
		const interval = this.options.pollIntervalMs ?? { first: 50, max: 1000 };
		let wait = interval.first;
		for (;;) {
			if (signal?.aborted) {
				await this.client.send(new CancelStatementCommand({ Id: id })).catch(() => undefined);
				throw new Error('The statement was cancelled because the execution was stopped.');
			}
			const described = await this.client.send(new DescribeStatementCommand({ Id: id }));
			if (described.Status === 'FINISHED') return described;
			if (described.Status === 'FAILED' || described.Status === 'ABORTED') {
				throw Object.assign(
					new Error(described.Error ?? `The statement ended as ${described.Status}.`),
					{
						statementId: id,
					},
				);
			}
			await sleep(wait, signal);
			wait = Math.min(interval.max, Math.ceil(wait * 1.5));
		}
	}

	private async *pages(id: string): AsyncIterable<{ columns: SqlColumn[]; rows: SqlRow[] }> {
		let token: string | undefined;
		let columns: SqlColumn[] = [];
		do {
			const page = await this.client.send(
				new GetStatementResultCommand({ Id: id, NextToken: token }),
			);
			if (page.ColumnMetadata) columns = columnsOf(page.ColumnMetadata);
			yield { columns, rows: rowsOf(page.Records, columns) };
			token = page.NextToken;
		} while (token);
	}

	private async resultOf(
		id: string,
		hasResultSet: boolean | undefined,
		affected?: number,
	): Promise<SqlResult> {
		if (!hasResultSet)
			return { columns: [], rows: [], rowCount: affected ?? null, statementId: id };
		const rows: SqlRow[] = [];
		let columns: SqlColumn[] = [];
		for await (const page of this.pages(id)) {
			columns = page.columns;
			rows.push(...page.rows);
		}
		return { columns, rows, rowCount: rows.length, statementId: id };
	}

	async query(statement: SqlStatement, options?: QueryOptions): Promise<SqlResult> {
		const id = await this.submit(statement);
		const described = await this.waitFor(id, options?.signal);
		return await this.resultOf(id, described.HasResultSet, described.ResultRows);
	}

	private async submit(statement: SqlStatement): Promise<string> {
		const named = toNamedStatement(statement);
		const submitted = await this.client.send(
			new ExecuteStatementCommand({
				...this.target(),
				Sql: named.sql,
				Parameters: named.parameters.length > 0 ? named.parameters : undefined,
			}),
		);
		if (!submitted.Id)
			throw new Error('The Data API accepted the statement but returned no statement id.');
		return submitted.Id;
	}

	async transaction(
		statements: readonly SqlStatement[],
		options?: QueryOptions,
	): Promise<SqlResult[]> {
		if (statements.length === 0) return [];
		// Parameters are shared by all statements of a batch: give each statement its own names.
		const named = statements.map((statement, index) =>
			toNamedStatement(statement, `s${index + 1}p`),
		);
		const parameters = named.flatMap((statement) => statement.parameters);
		const submitted = await this.client.send(
			new BatchExecuteStatementCommand({
				...this.target(),
				Sqls: named.map((statement) => statement.sql),
				Parameters: parameters.length > 0 ? parameters : undefined,
			}),
		);
		if (!submitted.Id)
			throw new Error('The Data API accepted the batch but returned no statement id.');
		const described = await this.waitFor(submitted.Id, options?.signal);
		const results: SqlResult[] = [];
		for (const sub of described.SubStatements ?? []) {
			results.push(await this.resultOf(sub.Id ?? '', sub.HasResultSet, sub.ResultRows));
		}
		return results;
	}

	/** Result pages come as the Data API cuts them (by size); they are re-cut to `pageSize` rows. */
	async *stream(
		statement: SqlStatement,
		pageSize: number,
		options?: QueryOptions,
	): AsyncIterable<SqlRow[]> {
		const id = await this.submit(statement);
		const described = await this.waitFor(id, options?.signal);
		if (!described.HasResultSet) return;
		let buffer: SqlRow[] = [];
		for await (const page of this.pages(id)) {
			buffer.push(...page.rows);
			while (buffer.length >= pageSize) {
				yield buffer.slice(0, pageSize);
				buffer = buffer.slice(pageSize);
			}
		}
		if (buffer.length > 0) yield buffer;
	}

	async close(): Promise<void> {
		this.client.destroy();
	}
}
