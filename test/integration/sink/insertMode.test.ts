import type { INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { locator } from '../../support/n8n/fakeExecuteFunctions';
import { asItems, startSinkHarness, TRANSPORTS, type SinkHarness } from './sinkHarness';

/** A change event as the Postgres CDC Trigger emits it, for one table. */
function cdcItem(
	op: 'c' | 'u' | 'd',
	commitLsn: string,
	eventIndex: number,
	row: Record<string, unknown>,
	unchangedToastColumns?: string[],
): INodeExecutionData {
	return {
		json: {
			op,
			before: op === 'd' ? row : null,
			after: op === 'd' ? null : row,
			key: { id: row.id } as INodeExecutionData['json'],
			source: {
				lsn: commitLsn,
				commitLsn,
				txId: 900 + eventIndex,
				ts_ms: 1_795_000_000_000,
				schema: 'public',
				table: 'cl_insert',
				snapshot: false,
				eventIndex,
			},
			...(unchangedToastColumns ? { unchangedToastColumns } : {}),
		},
	};
}

/** Write mode Insert for upsert, changelog and swap overwrite: no S3 at all (the bucket does not even exist). */
describe.each(TRANSPORTS)(
	'Redshift Sink write mode Insert for every table action over %s',
	(transport) => {
		let h: SinkHarness;
		beforeAll(async () => {
			h = await startSinkHarness(`sink_insmode_${transport.toLowerCase()}`);
		});
		afterAll(async () => await h.stop());

		const noS3 = { writeMode: 'insert', bucket: 'no-such-bucket-insert-mode' };

		it.each(['deleteInsert', 'merge'])(
			'upserts by the match columns without S3 (%s); the last item of a key wins',
			async (strategy) => {
				const table = `ins_upsert_${strategy.toLowerCase()}`;
				await h.exec(`CREATE TABLE ${table} (id BIGINT, name VARCHAR(20), score NUMERIC(10,2))`);
				await h.exec(`INSERT INTO ${table} VALUES (1, 'old one', 1), (5, 'untouched', 5)`);
				const { output } = await h.run(
					transport,
					{
						...noS3,
						options: { batchSize: 2 },
						operation: 'upsert',
						upsertStrategy: strategy,
						table: locator(table),
						columns: { mappingMode: 'autoMapInputData', value: null, matchingColumns: ['id'] },
					},
					asItems([
						{ id: 1, name: 'new one', score: '1.5' },
						{ id: 2, name: 'two', score: '2' },
						{ id: 2, name: 'two again', score: '2.5' },
					]),
				);
				expect(output).toHaveLength(1);
				expect(output[0].json).toMatchObject({
					operation: 'upsert',
					writeMode: 'insert',
					transport,
					itemsRead: 3,
					files: 0,
					bytes: 0,
					queryIds: [],
					stagedFilesKept: false,
				});
				expect(output[0].json.manifestUrl).toBeUndefined();
				expect(output[0].pairedItem).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
				expect(await h.rows(`SELECT id, name, score FROM ${table} ORDER BY id`)).toEqual([
					{ id: '1', name: 'new one', score: '1.50' },
					{ id: '2', name: 'two again', score: '2.50' },
					{ id: '5', name: 'untouched', score: '5.00' },
				]);
			},
		);

		it('runs the SQL before and after an upsert in its transaction, and rolls all back when the SQL after fails', async () => {
			await h.exec('CREATE TABLE ins_upsert_hooks (id BIGINT, name VARCHAR(20))');
			await h.exec('CREATE TABLE ins_upsert_hooks_audit (note VARCHAR(20))');
			const parameters = (sqlAfter: string) => ({
				...noS3,
				operation: 'upsert',
				table: locator('ins_upsert_hooks'),
				columns: { mappingMode: 'autoMapInputData', value: null, matchingColumns: ['id'] },
				options: { sqlBefore: "INSERT INTO ins_upsert_hooks_audit VALUES ('before')", sqlAfter },
			});
			await h.run(
				transport,
				parameters('UPDATE ins_upsert_hooks SET name = upper(name)'),
				asItems([{ id: 1, name: 'a' }]),
			);
			expect(await h.rows('SELECT id, name FROM ins_upsert_hooks')).toEqual([
				{ id: '1', name: 'A' },
			]);
			await expect(
				h.run(
					transport,
					parameters('SELECT 1/0'),
					asItems([
						{ id: 1, name: 'b' },
						{ id: 2, name: 'c' },
					]),
				),
			).rejects.toThrow(/division by zero/);
			expect(await h.rows('SELECT id, name FROM ins_upsert_hooks')).toEqual([
				{ id: '1', name: 'A' },
			]);
			expect(await h.rows('SELECT count(*)::int AS n FROM ins_upsert_hooks_audit')).toEqual([
				{ n: 1 },
			]);
		});

		it('names the item and column of a bad value in an upsert, and with "continue on fail" loads the others', async () => {
			await h.exec('CREATE TABLE ins_upsert_bad (id BIGINT, name VARCHAR(5))');
			const parameters = {
				...noS3,
				operation: 'upsert',
				table: locator('ins_upsert_bad'),
				columns: { mappingMode: 'autoMapInputData', value: null, matchingColumns: ['id'] },
				options: { longValues: 'fail' },
			};
			const items = asItems([
				{ id: 1, name: 'a' },
				{ id: 2, name: 'far too long' },
				{ id: 3, name: 'c' },
			]);
			await expect(h.run(transport, parameters, items)).rejects.toThrow(
				/Item 1, column "name" of "public"."ins_upsert_bad" \(VARCHAR\(5\)\)/,
			);
			expect(await h.rows('SELECT count(*)::int AS n FROM ins_upsert_bad')).toEqual([{ n: 0 }]);
			const { output } = await h.run(transport, parameters, items, { continueOnFail: true });
			expect(output.filter((item) => item.error).map((item) => item.pairedItem)).toEqual([
				[{ item: 1 }],
			]);
			expect(output.find((item) => !item.error)?.json).toMatchObject({
				rowsLoaded: 2,
				failedItems: 1,
			});
			expect(await h.rows('SELECT id FROM ins_upsert_bad ORDER BY id')).toEqual([
				{ id: '1' },
				{ id: '3' },
			]);
		});

		it('with "continue on fail", summarizes the Data API groups that committed before a failed one, first', async () => {
			await h.exec('CREATE TABLE ins_groups (id BIGINT, name VARCHAR(10))');
			// Invisible to the Sink's checks: only the server refuses item 42, in the second group of 40 INSERTs.
			await h.exec('ALTER TABLE ins_groups ADD CONSTRAINT no_142 CHECK (id <> 142)');
			const items = asItems(Array.from({ length: 45 }, (_, index) => ({ id: 100 + index })));
			const { output } = await h.run(
				transport,
				{ ...noS3, table: locator('ins_groups'), options: { batchSize: 1 } },
				items,
				{ continueOnFail: true },
			);
			if (transport === 'wire') {
				// One transaction: nothing was loaded, every item failed (a retry inserts nothing twice).
				expect(output).toHaveLength(45);
				expect(output.every((item) => item.error !== undefined)).toBe(true);
				expect(await h.rows('SELECT count(*)::int AS n FROM ins_groups')).toEqual([{ n: 0 }]);
				return;
			}
			// Items 0-39 committed in the first Data API transaction: the summary says so, FIRST, so
			// that Retry On Fail does not run the node again and insert them twice.
			const [summary, ...errors] = output;
			expect(summary.json.error).toBeUndefined();
			expect(summary.json).toMatchObject({ rowsLoaded: 40, itemsRead: 40, failedItems: 5 });
			expect(summary.pairedItem).toEqual(Array.from({ length: 40 }, (_, item) => ({ item })));
			expect(errors.map((item) => item.pairedItem)).toEqual(
				[40, 41, 42, 43, 44].map((item) => [{ item }]),
			);
			expect(String(errors[0].json.error)).toMatch(
				/items 40 to 44 were not inserted; items 0 to 39 were committed earlier/,
			);
			expect(await h.rows('SELECT count(*)::int AS n FROM ins_groups')).toEqual([{ n: 40 }]);
		});

		it('shows the load warnings (values cut to their column) as execution hints too', async () => {
			await h.exec('CREATE TABLE ins_cut (id BIGINT, name VARCHAR(5))');
			const { output, execution } = await h.run(
				transport,
				{ ...noS3, table: locator('ins_cut'), options: { longValues: 'truncate' } },
				asItems([
					{ id: 1, name: 'much too long' },
					{ id: 2, name: 'ok' },
				]),
			);
			const warnings = output[0].json.warnings as string[];
			expect(warnings).toEqual([expect.stringMatching(/"name"/)]);
			expect(execution.hints).toEqual(
				warnings.map((message) => ({ message, type: 'warning', location: 'outputPane' })),
			);
		});

		it("applies the trigger's changes exactly once without S3; a replayed batch changes nothing", async () => {
			await h.exec('CREATE TABLE cl_insert (id INTEGER, name VARCHAR(40), note VARCHAR(200))');
			await h.exec("INSERT INTO cl_insert VALUES (1, 'old', 'long text kept'), (2, 'two', 'x')");
			const batch = [
				cdcItem('c', '0/1000', 0, { id: 3, name: 'Cy', note: null }),
				cdcItem('u', '0/1000', 1, { id: 1, name: 'renamed', note: '__n8n_unchanged_toast__' }, [
					'note',
				]),
				cdcItem('d', '0/2000', 0, { id: 2 }),
				cdcItem('u', '0/2000', 1, { id: 3, name: 'Cy v2', note: 'n' }),
			];
			const parameters = {
				...noS3,
				options: { batchSize: 1 },
				operation: 'changelog',
				changelogTarget: 'sourceTable',
				changelogKeys: [],
			};
			const { output } = await h.run(transport, parameters, batch);
			expect(output).toHaveLength(1);
			expect(output[0].json).toMatchObject({
				table: 'public.cl_insert',
				operation: 'changelog',
				writeMode: 'insert',
				changes: 4,
				files: 0,
				columnsAdded: [],
			});
			expect(output[0].pairedItem).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }]);
			const expected = [
				{ id: 1, name: 'renamed', note: 'long text kept' },
				{ id: 3, name: 'Cy v2', note: 'n' },
			];
			expect(await h.rows('SELECT id, name, note FROM cl_insert ORDER BY id')).toEqual(expected);
			const position = output[0].json.position as string;
			expect(
				await h.rows(
					"SELECT CAST(position AS VARCHAR(40)) AS position FROM _n8n_cdc_positions WHERE target_table = 'public.cl_insert'",
				),
			).toEqual([{ position }]);

			const replay = await h.run(transport, parameters, batch);
			expect(replay.output[0].json.rowsLoaded).toBe(0);
			expect(await h.rows('SELECT id, name, note FROM cl_insert ORDER BY id')).toEqual(expected);
		});

		it('overwrites by swapping in a table filled by INSERTs', async () => {
			await h.exec('CREATE TABLE ins_swap (id BIGINT, name VARCHAR(20))');
			await h.exec("INSERT INTO ins_swap VALUES (99, 'old')");
			const { output } = await h.run(
				transport,
				{ ...noS3, operation: 'overwrite', overwriteMethod: 'swap', table: locator('ins_swap') },
				asItems([
					{ id: 1, name: 'a' },
					{ id: 2, name: 'b' },
				]),
			);
			expect(output[0].json).toMatchObject({
				operation: 'overwrite',
				writeMode: 'insert',
				rowsLoaded: 2,
				files: 0,
			});
			expect(await h.rows('SELECT id, name FROM ins_swap ORDER BY id')).toEqual([
				{ id: '1', name: 'a' },
				{ id: '2', name: 'b' },
			]);
		});

		it('loads as many rows as one transaction holds: any number on the wire; on the Data API refuses the rest before anything runs', async () => {
			await h.exec('CREATE TABLE ins_limit (id BIGINT, name VARCHAR(20))');
			await h.exec("INSERT INTO ins_limit VALUES (0, 'kept')");
			const rows = Array.from({ length: 50 }, (_, index) => ({
				id: index + 1,
				name: `n${index + 1}`,
			}));
			const run = h.run(
				transport,
				{
					...noS3,
					operation: 'upsert',
					table: locator('ins_limit'),
					columns: { mappingMode: 'autoMapInputData', value: null, matchingColumns: ['id'] },
					options: { batchSize: 1, sqlAfter: 'SELECT 1' },
				},
				asItems(rows),
			);
			if (transport === 'wire') {
				expect((await run).output[0].json).toMatchObject({ rowsLoaded: 50, attempts: 1 });
				expect(await h.rows('SELECT count(*)::int AS n FROM ins_limit')).toEqual([{ n: 51 }]);
				return;
			}
			const error = await run.then(
				() => undefined,
				(thrown: unknown) => thrown,
			);
			expect(error).toBeInstanceOf(NodeOperationError);
			// Upsert: CREATE stage, dedup, DELETE, INSERT, DROP around the 50 one-row INSERTs, and the SQL after.
			expect((error as NodeOperationError).message).toBe(
				'Loading into "public"."ins_limit" over the Data API must be one transaction (its staging table lives only inside the transaction), and a Data API transaction runs at most 40 statements. ' +
					'These 50 items need 50 INSERT statement(s) of up to 1 rows plus 6 other statement(s) (1 of them the SQL before/after the load), so at most 34 items fit. ' +
					'Nothing was sent. To load it, use write mode Copy (stage in S3), set a larger Batch Size (up to 2000 rows fit one INSERT here), or use a direct connection (no statement limit).',
			);
			expect(await h.rows('SELECT id, name FROM ins_limit')).toEqual([{ id: '0', name: 'kept' }]);
		});
	},
);
