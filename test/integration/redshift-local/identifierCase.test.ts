import { ExecuteStatementCommand, GetStatementResultCommand } from '@aws-sdk/client-redshift-data';
import { Client } from 'pg';

import { foldQuotedIdentifiers } from '../../../redshift-local/engine/identifiers/foldIdentifiers';
import { startLocalRedshift, type LocalRedshiftForTests } from '../../support/localRedshift';
import { startHarness, waitForStatement, type DataApiHarness } from './dataapiHarness';

/** DG r_names.md and r_enable_case_sensitive_identifier.md: quoted names fold to lower case unless the setting is on. */
describe('identifier case on the local Redshift', () => {
	it('folds only the ASCII letters of quoted identifiers, never strings, dollar quotes or comments', () => {
		expect(
			foldQuotedIdentifiers(
				`SELECT "MixedCase"."ÉtéCol", 'KeepMe "X"', $q$"Body"$q$, E'\\'"Q"' /* "C" */ FROM "S"."T" -- "Z"`,
			),
		).toBe(
			`SELECT "mixedcase"."Étécol", 'KeepMe "X"', $q$"Body"$q$, E'\\'"Q"' /* "C" */ FROM "s"."t" -- "Z"`,
		);
		expect(foldQuotedIdentifiers(`SELECT 'unterminated`)).toBe(`SELECT 'unterminated`);
	});

	it('keeps the case of user names: after USER, AUTHORIZATION, OWNER TO and in the grantees of GRANT and REVOKE', () => {
		expect(foldQuotedIdentifiers(`CREATE USER "Bob" PASSWORD 'x'`)).toBe(
			`CREATE USER "Bob" PASSWORD 'x'`,
		);
		expect(foldQuotedIdentifiers(`ALTER TABLE "T" OWNER TO "IAM:Bob"`)).toBe(
			`ALTER TABLE "t" OWNER TO "IAM:Bob"`,
		);
		expect(foldQuotedIdentifiers(`GRANT SELECT ON "S"."T" TO "IAM:Bob", GROUP "Ops"`)).toBe(
			`GRANT SELECT ON "s"."t" TO "IAM:Bob", GROUP "Ops"`,
		);
		expect(foldQuotedIdentifiers(`REVOKE ALL ON "T" FROM "Bob"`)).toBe(
			`REVOKE ALL ON "t" FROM "Bob"`,
		);
	});

	describe('over the wire', () => {
		let local: LocalRedshiftForTests;
		const clients: Client[] = [];
		const connect = async (): Promise<Client> => {
			const client = new Client(local.pgConfig);
			clients.push(client);
			await client.connect();
			return client;
		};

		beforeAll(async () => {
			local = await startLocalRedshift('identifier_case', { dataApi: false });
		});
		afterAll(async () => {
			await Promise.all(clients.map(async (client) => await client.end()));
			await local.stop();
		});

		it('creates "MixedCase" as mixedcase, readable under either name, and reports lower-case columns', async () => {
			const client = await connect();
			await client.query('CREATE TABLE "MixedCase" ("OrderId" INT, "Note" VARCHAR(10))');
			await client.query(`INSERT INTO mixedcase VALUES (1, 'a')`);
			await client.query({
				text: 'INSERT INTO "MIXEDCASE" ("ORDERID", "NOTE") VALUES ($1, $2)',
				values: [2, 'b'],
			});
			const result = await client.query(
				'SELECT "OrderId", "Note" AS "Label" FROM "MixedCase" ORDER BY 1',
			);
			expect(result.fields.map((field) => field.name)).toEqual(['orderid', 'label']);
			expect(result.rows).toEqual([
				{ orderid: 1, label: 'a' },
				{ orderid: 2, label: 'b' },
			]);
			expect(
				(await client.query(`SELECT tablename FROM pg_tables WHERE tablename ILIKE 'mixedcase'`))
					.rows,
			).toEqual([{ tablename: 'mixedcase' }]);
		});

		it('keeps the case once the session sets enable_case_sensitive_identifier, and only in that session', async () => {
			const sensitive = await connect();
			expect((await sensitive.query('SHOW enable_case_sensitive_identifier')).rows).toEqual([
				{ enable_case_sensitive_identifier: 'off' },
			]);
			await sensitive.query('SET enable_case_sensitive_identifier TO true');
			expect((await sensitive.query('SHOW enable_case_sensitive_identifier')).rows).toEqual([
				{ enable_case_sensitive_identifier: 'on' },
			]);
			await sensitive.query('CREATE TABLE "KeptCase" ("Id" INT)');
			await sensitive.query('INSERT INTO "KeptCase" VALUES (7)');
			await expect(sensitive.query('SELECT * FROM keptcase')).rejects.toThrow(/does not exist/);
			expect((await sensitive.query('SELECT "Id" FROM "KeptCase"')).rows).toEqual([{ Id: 7 }]);

			const other = await connect();
			await expect(other.query('SELECT * FROM "KeptCase"')).rejects.toThrow(
				/"keptcase" does not exist/,
			);

			await sensitive.query('RESET enable_case_sensitive_identifier');
			await expect(sensitive.query('SELECT * FROM "KeptCase"')).rejects.toThrow(/does not exist/);
		});

		it('reads each statement of one Query with the setting as the statements before it left it', async () => {
			const client = await connect();
			await client.query(
				'SET enable_case_sensitive_identifier TO true; CREATE TABLE "SameQuery" (id INT); RESET enable_case_sensitive_identifier; CREATE TABLE "SameQuery" (id INT)',
			);
			expect(
				(
					await client.query(
						`SELECT tablename FROM pg_tables WHERE tablename ILIKE 'samequery' ORDER BY 1`,
					)
				).rows,
			).toEqual([{ tablename: 'SameQuery' }, { tablename: 'samequery' }]);
		});

		it('refuses a value that is not a Boolean', async () => {
			const client = await connect();
			await expect(client.query('SET enable_case_sensitive_identifier TO maybe')).rejects.toThrow(
				/requires a Boolean value/,
			);
		});
	});

	it('follows the cluster default when the parameter group turns it on', async () => {
		const local = await startLocalRedshift('identifier_case_cluster', {
			dataApi: false,
			caseSensitiveIdentifiers: true,
		});
		const client = new Client(local.pgConfig);
		try {
			await client.connect();
			expect((await client.query('SHOW enable_case_sensitive_identifier')).rows[0]).toEqual({
				enable_case_sensitive_identifier: 'on',
			});
			await client.query('CREATE TABLE "Upper" (id INT)');
			await expect(client.query('SELECT * FROM upper')).rejects.toThrow(/does not exist/);
		} finally {
			await client.end();
			await local.stop();
		}
	});

	describe('through the Data API', () => {
		let h: DataApiHarness;
		beforeAll(async () => {
			h = await startHarness('identifier_case_api');
		});
		afterAll(async () => await h.stop());

		it('folds quoted identifiers in ExecuteStatement', async () => {
			const run = async (Sql: string) => {
				const { Id } = await h.client.send(new ExecuteStatementCommand({ ...h.target, Sql }));
				const { description } = await waitForStatement(h.client, Id!);
				expect(description.Error).toBeUndefined();
				return Id!;
			};
			await run('CREATE TABLE "ApiTable" ("Value" INT)');
			await run('INSERT INTO apitable VALUES (5)');
			const id = await run('SELECT "Value" FROM "APITABLE"');
			const result = await h.client.send(new GetStatementResultCommand({ Id: id }));
			expect(result.ColumnMetadata?.map((column) => column.name)).toEqual(['value']);
			expect(result.Records).toEqual([[{ longValue: 5 }]]);
		});
	});
});
