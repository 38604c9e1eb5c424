import { appendLoad, LoadFailedError, upsertLoad } from '../../../nodes/shared/loads';
import { startLoadHarness, TRANSPORTS, type LoadHarness } from './loadHarness';

const fastRetry = { baseDelayMs: 1, maxDelayMs: 5 };

describe.each(TRANSPORTS)('load atomicity under injected faults over %s', (transport) => {
	let harness: LoadHarness;
	beforeAll(async () => {
		harness = await startLoadHarness(`loads_faults_${transport.toLowerCase()}`);
	});
	afterAll(async () => await harness.stop());
	afterEach(() => harness.redshift.faults.reset());

	async function table(name: string) {
		await harness.reader.query({ text: `CREATE TABLE ${name} (id BIGINT, name VARCHAR(20))` });
		await harness.reader.query({ text: `INSERT INTO ${name} VALUES (1, 'one')` });
	}

	it('re-runs the whole transaction after a 1023 conflict, staging once, loading once', async () => {
		await table('f_retry');
		const staging = harness.staging('f-retry');
		const logged: string[] = [];
		harness.redshift.faults.serializableViolationOn(/^COPY "f_retry"/, 1);
		const result = await appendLoad({
			connection: harness.connections[transport],
			table: { name: 'f_retry' },
			items: [{ id: 2, name: 'two' }],
			staging,
			retry: fastRetry,
			log: (message) => logged.push(message),
		});
		expect(result.attempts).toBe(2);
		expect(logged.filter((line) => line.startsWith('Staged '))).toHaveLength(1);
		expect(
			logged.some((line) => /conflict with a concurrent transaction, retrying/.test(line)),
		).toBe(true);
		expect(await harness.rows('SELECT id FROM f_retry ORDER BY id')).toEqual([
			{ id: '1' },
			{ id: '2' },
		]);
		expect(await harness.stagedKeys(staging)).toEqual([]);
	});

	it('retries an upsert whose DELETE conflicts and applies it once', async () => {
		await table('f_upsert');
		const staging = harness.staging('f-upsert');
		harness.redshift.faults.serializableViolationOn(/^DELETE FROM "f_upsert" USING/, 2);
		const result = await upsertLoad({
			connection: harness.connections[transport],
			table: { name: 'f_upsert' },
			items: [
				{ id: 1, name: 'one v2' },
				{ id: 3, name: 'three' },
			],
			keys: ['id'],
			staging,
			retry: fastRetry,
		});
		expect(result.attempts).toBe(3);
		expect(await harness.rows('SELECT id, name FROM f_upsert ORDER BY id')).toEqual([
			{ id: '1', name: 'one v2' },
			{ id: '3', name: 'three' },
		]);
		expect(await harness.stagedKeys(staging)).toEqual([]);
	});

	it('gives up after the retries are used, leaving the table unchanged and no files behind', async () => {
		await table('f_exhausted');
		const staging = harness.staging('f-exhausted');
		harness.redshift.faults.serializableViolationOn(/^COPY "f_exhausted"/, 10);
		const failure = await appendLoad({
			connection: harness.connections[transport],
			table: { name: 'f_exhausted' },
			items: [{ id: 2, name: 'two' }],
			staging,
			retry: { ...fastRetry, attempts: 3 },
		}).catch((error: unknown) => error);
		expect(failure).toBeInstanceOf(LoadFailedError);
		expect((failure as Error).message).toMatch(
			/failed after 3 attempt\(s\), each in conflict with a concurrent transaction; nothing was changed/,
		);
		expect(await harness.rows('SELECT id FROM f_exhausted')).toEqual([{ id: '1' }]);
		expect(await harness.stagedKeys(staging)).toEqual([]);
	});

	it('leaves the table unchanged when the connection drops before COMMIT', async () => {
		await table('f_drop');
		const staging = harness.staging('f-drop');
		// The wire sends COMMIT; a Data API batch commits after its last statement.
		harness.redshift.faults.dropConnectionAt(transport === 'wire' ? /^COMMIT/i : /pg_last_copy_id/);
		const failure = await appendLoad({
			connection: harness.connections[transport],
			table: { name: 'f_drop' },
			items: [{ id: 2, name: 'two' }],
			staging,
		}).catch((error: unknown) => error);
		expect(failure).toBeInstanceOf(LoadFailedError);
		expect((failure as Error).message).toMatch(/connection to Redshift was lost/);
		expect(await harness.rows('SELECT id FROM f_drop')).toEqual([{ id: '1' }]);
		expect(await harness.stagedKeys(staging)).toEqual([]);
		// The connection is usable again afterwards.
		await appendLoad({
			connection: harness.connections[transport],
			table: { name: 'f_drop' },
			items: [{ id: 3, name: 'three' }],
			staging: harness.staging('f-drop-2'),
		});
		expect(await harness.rows('SELECT id FROM f_drop ORDER BY id')).toEqual([
			{ id: '1' },
			{ id: '3' },
		]);
	});

	it('stops a cancelled load before it commits, leaving no files', async () => {
		await table('f_abort');
		const staging = harness.staging('f-abort');
		const controller = new AbortController();
		controller.abort();
		await expect(
			appendLoad({
				connection: harness.connections[transport],
				table: { name: 'f_abort' },
				items: [{ id: 2, name: 'two' }],
				staging,
				signal: controller.signal,
			}),
		).rejects.toThrow();
		expect(await harness.rows('SELECT id FROM f_abort')).toEqual([{ id: '1' }]);
		expect(await harness.stagedKeys(staging)).toEqual([]);
	});
});
