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
		await harness.reader.query({ text: 'CREATE TABLE people (id BIGINT, name VARCHAR(20), note VARCHAR(100))' });
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
		expect(result).toMatchObject({ table: 'people', action: 'append', rowsLoaded: 2, itemsRead: 2, files: 1, attempts: 1, tableCreated: false, stagedFilesKept: false, warnings: [] });
		expect(result.queryIds).toHaveLength(1);
		expect(await harness.rows('SELECT id, name, note FROM people ORDER BY id')).toEqual([
			{ id: '1', name: 'Ada', note: 'a,b "c"\nd' },
			{ id: '2', name: '', note: null },
		]);
		expect(await harness.stagedKeys(staging)).toEqual([]);
		expect(logged.some((line) => line.startsWith('SQL: COPY "people"'))).toBe(true);
		expect(logged.join('\n')).not.toContain(staging.authorization && 'secretAccessKey' in staging.authorization ? staging.authorization.secretAccessKey : 'never');
	});

	it('reports the load error and leaves the table unchanged when a value does not fit', async () => {
		const connection = harness.connections[transport];
		await harness.reader.query({ text: 'CREATE TABLE short_names (id BIGINT, name VARCHAR(5))' });
		await harness.reader.query({ text: "INSERT INTO short_names VALUES (0, 'keep')" });
		const staging = harness.staging('append-fail');
		const failure = await appendLoad({
			connection,
			table: { name: 'short_names' },
			items: [{ id: 1, name: 'ok' }, { id: 2, name: 'much too long' }],
			staging,
		}).catch((error: unknown) => error);
		expect(failure).toBeInstanceOf(LoadFailedError);
		const error = failure as LoadFailedError;
		expect(error.message).toMatch(/Loading into "short_names" failed, nothing was changed/);
		expect(error.itemIndex).toBe(1);
		expect(error.column).toBe('name');
		expect(error.details.loadErrors?.[0]).toMatchObject({ line: 2, column: 'name', code: 1204 });
		expect(await harness.rows('SELECT id, name FROM short_names')).toEqual([{ id: '0', name: 'keep' }]);
		expect(await harness.stagedKeys(staging)).toEqual([]);
	});
});
