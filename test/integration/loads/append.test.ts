import { appendLoad, LoadFailedError } from '../../../nodes/shared/loads';
import { startLoadHarness, TRANSPORTS, type LoadHarness } from './loadHarness';

describe.each(TRANSPORTS)('append over %s', (transport) => {
	let harness: LoadHarness;
	beforeAll(async () => {
		harness = await startLoadHarness(`loads_append_${transport.toLowerCase()}`);
	});
	afterAll(async () => await harness.stop());

	it('copies the items into the table in one transaction and removes the staged files', async () => {
		const connection = harness.connections[transport];
		await harness.reader.query({
			text: 'CREATE TABLE people (id BIGINT, name VARCHAR(20), note VARCHAR(100))',
		});
		const staging = harness.staging('append');
		const logged: string[] = [];
		const result = await appendLoad({
			connection,
			table: { name: 'people' },
			items: [
				{ id: 1, name: 'Ada', note: 'a,b "c"\nd' },
				{ id: '2', name: '', note: null },
			],
			staging,
			log: (message) => logged.push(message),
		});
		expect(result).toMatchObject({
			table: 'people',
			action: 'append',
			rowsLoaded: 2,
			itemsRead: 2,
			files: 1,
			attempts: 1,
			tableCreated: false,
			stagedFilesKept: false,
			warnings: [],
		});
		expect(result.queryIds).toHaveLength(1);
		expect(await harness.rows('SELECT id, name, note FROM people ORDER BY id')).toEqual([
			{ id: '1', name: 'Ada', note: 'a,b "c"\nd' },
			{ id: '2', name: '', note: null },
		]);
		expect(await harness.stagedKeys(staging)).toEqual([]);
		expect(logged.some((line) => line.startsWith('SQL: COPY "people"'))).toBe(true);
		expect(logged.join('\n')).not.toContain(
			staging.authorization && 'secretAccessKey' in staging.authorization
				? staging.authorization.secretAccessKey
				: 'never',
		);
	});

	it('reports the load error and leaves the table unchanged when a value does not fit', async () => {
		const connection = harness.connections[transport];
		await harness.reader.query({ text: 'CREATE TABLE short_names (id BIGINT, name VARCHAR(5))' });
		await harness.reader.query({ text: "INSERT INTO short_names VALUES (0, 'keep')" });
		const staging = harness.staging('append-fail');
		const failure = await appendLoad({
			connection,
			table: { name: 'short_names' },
			// A value COPY refuses (values too long for their column widen it before the load).
			items: [
				{ id: 1, name: 'ok' },
				{ id: 'two', name: 'much' },
			],
			staging,
		}).catch((error: unknown) => error);
		expect(failure).toBeInstanceOf(LoadFailedError);
		const error = failure as LoadFailedError;
		expect(error.message).toMatch(
			/^Loading into "short_names" failed, nothing was changed \(the transaction was rolled back\): item 1, column "id" \(int8\): Invalid digit, Value 't', Pos 0, Type: Long \[Redshift load error 1207 at line 2 of s3:\/\/[^\]]+\/part-00000\.csv\.gz; value "two"\]\. The value has a character that is not a digit \(Redshift error 1207, "Invalid digit"\): give the number without separators, currency signs or spaces\.$/,
		);
		expect(error.itemIndex).toBe(1);
		expect(error.column).toBe('id');
		expect(error.details.loadErrors?.[0]).toMatchObject({ line: 2, column: 'id', code: 1207 });
		expect(await harness.rows('SELECT id, name FROM short_names')).toEqual([
			{ id: '0', name: 'keep' },
		]);
		expect(await harness.stagedKeys(staging)).toEqual([]);
	});

	it('maps a bad row in a later file of a multi-file load back to its item', async () => {
		const connection = harness.connections[transport];
		await harness.reader.query({ text: 'CREATE TABLE many_files (id BIGINT, note VARCHAR(30))' });
		const items = Array.from({ length: 60 }, (_, id) => ({
			id,
			note: id % 7 === 0 ? `line ${id}\nsecond line` : `note ${id}`,
		}));
		// A value COPY refuses (values too long for their column widen it before the load).
		(items[47] as Record<string, unknown>).id = 'forty-seven';
		const staging = harness.staging('many-files', { targetFileBytes: 128, compression: 'none' });
		const failure = await appendLoad({
			connection,
			table: { name: 'many_files' },
			items,
			staging,
		}).catch((error: unknown) => error);
		expect(failure).toBeInstanceOf(LoadFailedError);
		expect(failure).toMatchObject({ itemIndex: 47, column: 'id' });
		expect((failure as LoadFailedError).details.loadErrors?.[0].file).toMatch(
			/part-000[0-9][1-9]\.csv$/,
		);
		expect(await harness.rows('SELECT count(*) AS n FROM many_files')).toEqual([{ n: '0' }]);
		expect(await harness.stagedKeys(staging)).toEqual([]);

		(items[47] as Record<string, unknown>).id = 47;
		const result = await appendLoad({
			connection,
			table: { name: 'many_files' },
			items,
			staging: { ...staging, keepFiles: true },
		});
		expect(result.files).toBeGreaterThan(3);
		expect(result.rowsLoaded).toBe(60);
		expect(result.stagedFilesKept).toBe(true);
		expect((await harness.stagedKeys(staging)).length).toBe(result.files + 1);
		expect(await harness.rows('SELECT count(*) AS n FROM many_files')).toEqual([{ n: '60' }]);
	});

	it('creates nothing and copies nothing for an empty input', async () => {
		const connection = harness.connections[transport];
		await harness.reader.query({ text: 'CREATE TABLE empty_input (id BIGINT)' });
		const staging = harness.staging('empty');
		const result = await appendLoad({
			connection,
			table: { name: 'empty_input' },
			items: [],
			staging,
		});
		expect(result).toMatchObject({ rowsLoaded: 0, itemsRead: 0, files: 0, queryIds: [] });
		expect(await harness.stagedKeys(staging)).toEqual([]);
	});

	it('streams items from an async source into every column, missing fields as NULL', async () => {
		const connection = harness.connections[transport];
		await harness.reader.query({
			text: 'CREATE TABLE streamed (id BIGINT, a VARCHAR(10), b BIGINT)',
		});
		async function* items() {
			for (let id = 0; id < 2500; id++)
				yield id % 2 === 0 ? { id, a: `a${id}` } : { ID: id, B: id * 2 };
		}
		const staging = harness.staging('streamed', { targetFileBytes: 4096, compression: 'none' });
		const result = await appendLoad({
			connection,
			table: { name: 'streamed' },
			items: items(),
			staging,
		});
		expect(result.itemsRead).toBe(2500);
		expect(result.files).toBeGreaterThan(1);
		expect(
			await harness.rows('SELECT count(*) AS n, count(a) AS with_a, sum(b) AS sum_b FROM streamed'),
		).toEqual([{ n: '2500', with_a: '1250', sum_b: String(2 * (1250 * 1250)) }]);
		expect(await harness.stagedKeys(staging)).toEqual([]);
	});
});
