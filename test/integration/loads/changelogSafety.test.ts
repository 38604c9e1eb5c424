import { changelogLoad, type ChangeEvent } from '../../../nodes/shared/loads';
import { UNCHANGED_TOAST } from '../../../nodes/shared/cdc/changeEvent';
import { change, startLoadHarness, TRANSPORTS, type LoadHarness } from './loadHarness';

const TOAST = UNCHANGED_TOAST;

/** An update that changed the key from `from` to the after row's id. */
const moved = (
	commitLsn: string,
	eventIndex: number,
	from: number,
	after: Record<string, unknown>,
	extra: Partial<ChangeEvent> = {},
): ChangeEvent => ({
	op: 'u',
	before: { id: from },
	after,
	key: { id: after.id },
	source: { lsn: commitLsn, commitLsn, eventIndex },
	...extra,
});

const snapshotEnd = (commitLsn: string): ChangeEvent => ({
	op: 'snapshotEnd',
	before: null,
	after: null,
	key: null,
	source: { lsn: commitLsn, commitLsn, eventIndex: 0 },
	snapshotEnd: { rows: 2 },
});

describe.each(TRANSPORTS)('changelog safety over %s', (transport) => {
	let harness: LoadHarness;
	beforeAll(async () => {
		harness = await startLoadHarness(`loads_safe_${transport.toLowerCase()}`);
	});
	afterAll(async () => await harness.stop());

	let runs = 0;
	const apply = async (table: string, events: ChangeEvent[], keys?: string[]) =>
		await changelogLoad({
			connection: harness.connections[transport],
			table: { name: table },
			events,
			staging: harness.staging(`${table}-${++runs}`),
			...(keys ? { keys } : {}),
		});

	describe('unchanged TOAST values', () => {
		it("fills them from the old key's row when an update changed the key", async () => {
			await harness.reader.query({
				text: 'CREATE TABLE toast_rekey (id BIGINT, name VARCHAR(20), body VARCHAR(1000))',
			});
			await apply('toast_rekey', [
				change('c', '0/100', 0, { id: 1, name: 'one', body: 'long body one' }),
			]);
			await apply('toast_rekey', [
				moved(
					'0/200',
					0,
					1,
					{ id: 10, name: 'moved', body: TOAST },
					{ unchangedToastColumns: ['body'] },
				),
			]);
			expect(await harness.rows('SELECT id, name, body FROM toast_rekey ORDER BY id')).toEqual([
				{ id: '10', name: 'moved', body: 'long body one' },
			]);
		});

		it('folds an insert and a later key-changing update of one batch into one row', async () => {
			await harness.reader.query({
				text: 'CREATE TABLE toast_fold (id BIGINT, name VARCHAR(20), body VARCHAR(1000))',
			});
			await apply('toast_fold', [
				change('c', '0/300', 0, { id: 3, name: 'three', body: 'long body three' }),
				moved(
					'0/300',
					1,
					3,
					{ id: 30, name: 'moved', body: TOAST },
					{ unchangedToastColumns: ['body'] },
				),
				change(
					'u',
					'0/300',
					2,
					{ id: 30, name: 'moved again', body: TOAST },
					{ unchangedToastColumns: ['body'] },
				),
			]);
			expect(await harness.rows('SELECT id, name, body FROM toast_fold ORDER BY id')).toEqual([
				{ id: '30', name: 'moved again', body: 'long body three' },
			]);
		});

		it('follows a key change into a later update of the same batch, while the old key is used again', async () => {
			await harness.reader.query({
				text: 'CREATE TABLE toast_chain (id BIGINT, name VARCHAR(20), body VARCHAR(1000))',
			});
			await apply('toast_chain', [
				change('c', '0/100', 0, { id: 1, name: 'one', body: 'long body one' }),
			]);
			await apply('toast_chain', [
				moved(
					'0/500',
					0,
					1,
					{ id: 5, name: 'moved', body: TOAST },
					{ unchangedToastColumns: ['body'] },
				),
				change('c', '0/500', 1, { id: 1, name: 'new one', body: 'new body' }),
				change(
					'u',
					'0/700',
					0,
					{ id: 5, name: 'moved v2', body: TOAST },
					{ unchangedToastColumns: ['body'] },
				),
			]);
			expect(await harness.rows('SELECT id, name, body FROM toast_chain ORDER BY id')).toEqual([
				{ id: '1', name: 'new one', body: 'new body' },
				{ id: '5', name: 'moved v2', body: 'long body one' },
			]);
		});

		it('sets a value an earlier update wrote even when it arrives after a later update that left it unchanged', async () => {
			await harness.reader.query({
				text: 'CREATE TABLE toast_late (id BIGINT, name VARCHAR(20), body VARCHAR(1000))',
			});
			await apply('toast_late', [
				change('c', '0/100', 0, { id: 1, name: 'one', body: 'a' }),
				change('c', '0/100', 1, { id: 2, name: 'two', body: 'x' }),
			]);
			// 0/300 and 0/400 leave body unchanged; 0/200 changed it, and its run finishes last.
			await apply('toast_late', [
				change(
					'u',
					'0/400',
					0,
					{ id: 1, name: 'one v4', body: TOAST },
					{ unchangedToastColumns: ['body'] },
				),
			]);
			await apply('toast_late', [
				change(
					'u',
					'0/300',
					0,
					{ id: 1, name: 'one v3', body: TOAST },
					{ unchangedToastColumns: ['body'] },
				),
				moved(
					'0/300',
					1,
					2,
					{ id: 20, name: 'two moved', body: TOAST },
					{ unchangedToastColumns: ['body'] },
				),
			]);
			expect(await harness.rows('SELECT id, name, body FROM toast_late ORDER BY id')).toEqual([
				{ id: '1', name: 'one v4', body: 'a' },
				{ id: '20', name: 'two moved', body: 'x' },
			]);
			await apply('toast_late', [
				change('u', '0/200', 0, { id: 1, name: 'one v2', body: 'b' }),
				change('u', '0/200', 1, { id: 2, name: 'two v2', body: 'y' }),
			]);
			// 2's change from before its key change carries into the row under the new key.
			expect(await harness.rows('SELECT id, name, body FROM toast_late ORDER BY id')).toEqual([
				{ id: '1', name: 'one v4', body: 'b' },
				{ id: '20', name: 'two moved', body: 'y' },
			]);
			// A replay of an even older change does not go back; a later full update ends the records.
			await apply('toast_late', [change('u', '0/150', 0, { id: 1, name: 'one v1', body: 'old' })]);
			expect(await harness.rows('SELECT body FROM toast_late WHERE id = 1')).toEqual([
				{ body: 'b' },
			]);
			await apply('toast_late', [change('u', '0/500', 0, { id: 1, name: 'one v5', body: 'c' })]);
			expect(
				await harness.rows('SELECT id, _n8n_column FROM _n8n_cdc_toast_toast_late ORDER BY id'),
			).toEqual([{ id: '20', _n8n_column: 'body' }]);
		});

		it('applies many unchanged TOAST columns over the wire, and says up front when a Data API transaction cannot hold them', async () => {
			const columns = ['a', 'b', 'c', 'd', 'e', 'f'];
			const kept = columns.slice(1);
			const row = (id: number, a: string, rest: (name: string) => unknown) => ({
				id,
				a,
				...Object.fromEntries(kept.map((name) => [name, rest(name)])),
			});
			await harness.reader.query({
				text: `CREATE TABLE toast_wide (id BIGINT, ${columns.map((name) => `${name} VARCHAR(100)`).join(', ')})`,
			});
			await apply('toast_wide', [
				change(
					'c',
					'0/100',
					0,
					row(1, 'a1', (name) => `${name}1`),
				),
			]);
			const update = change(
				'u',
				'0/200',
				0,
				row(1, 'a2', () => TOAST),
				{ unchangedToastColumns: kept },
			);
			const moving = moved(
				'0/200',
				1,
				1,
				row(2, 'a3', () => TOAST),
				{ unchangedToastColumns: kept },
			);
			const attempt = apply('toast_wide', [update, moving]);
			if (transport === 'dataApi') {
				await expect(attempt).rejects.toThrow(
					/must be one transaction .*at most 40 statements\. It needs \d+ statements\. Nothing was sent\. To load it, set REPLICA IDENTITY FULL on the source table .* 5 column\(s\) with an unchanged TOAST value .*, or use a direct connection/,
				);
				expect(await harness.rows('SELECT id, a FROM toast_wide')).toEqual([{ id: '1', a: 'a1' }]);
			} else {
				await attempt;
				expect(await harness.rows('SELECT id, a, b, f FROM toast_wide')).toEqual([
					{ id: '2', a: 'a3', b: 'b1', f: 'f1' },
				]);
			}
		});

		it('fails naming the table, key and column when there is no row to take the value from, and writes nothing', async () => {
			await harness.reader.query({
				text: 'CREATE TABLE toast_none (id BIGINT, name VARCHAR(20), body VARCHAR(1000))',
			});
			await apply('toast_none', [change('c', '0/400', 0, { id: 1, name: 'one', body: 'kept' })]);
			const attempt = apply('toast_none', [
				change('c', '0/500', 0, { id: 2, name: 'two', body: 'b' }),
				change(
					'u',
					'0/500',
					1,
					{ id: 9, name: 'nine', body: TOAST },
					{ unchangedToastColumns: ['body'] },
				),
			]);
			await expect(attempt).rejects.toThrow(
				/Item 1: the update of "toast_none" with key \{"id":9\} leaves column "body" unchanged .* no earlier row .* REPLICA IDENTITY FULL/,
			);
			expect(await harness.rows('SELECT id, body FROM toast_none ORDER BY id')).toEqual([
				{ id: '1', body: 'kept' },
			]);
		});
	});

	describe('a completed snapshot (op snapshotEnd)', () => {
		it('removes rows an earlier snapshot or stream wrote that the new snapshot did not, in any order', async () => {
			await harness.reader.query({ text: 'CREATE TABLE snap_end (id BIGINT, name VARCHAR(20))' });
			// An interrupted first snapshot and some streaming: rows 1, 2 and 3.
			await apply('snap_end', [
				change('r', '0/100', 0, { id: 1, name: 'old' }),
				change('r', '0/100', 1, { id: 2, name: 'old' }),
				change('c', '0/150', 0, { id: 3, name: 'old' }),
			]);
			// The new snapshot at 0/500: the source deleted 2 meanwhile. Its marker and a later stream change land before its rows.
			await apply('snap_end', [
				change('u', '0/600', 0, { id: 4, name: 'streamed' }),
				change('d', '0/600', 1, { id: 3 }),
			]);
			await apply('snap_end', [snapshotEnd('0/500')]);
			expect(await harness.rows('SELECT id, name FROM snap_end ORDER BY id')).toEqual([
				{ id: '4', name: 'streamed' },
			]);
			await apply('snap_end', [
				change('r', '0/500', 0, { id: 1, name: 'snap' }),
				change('r', '0/500', 1, { id: 3, name: 'snap' }),
				change('r', '0/500', 2, { id: 4, name: 'snap' }),
			]);
			// 1 from the snapshot; 3's later delete and 4's later update win over the snapshot rows.
			expect(await harness.rows('SELECT id, name FROM snap_end ORDER BY id')).toEqual([
				{ id: '1', name: 'snap' },
				{ id: '4', name: 'streamed' },
			]);
			// Changes from before the snapshot arriving late stay out.
			await apply('snap_end', [change('c', '0/160', 0, { id: 5, name: 'stale' })]);
			expect(await harness.rows('SELECT count(*)::int AS n FROM snap_end WHERE id = 5')).toEqual([
				{ n: 0 },
			]);
		});
	});

	describe('keys', () => {
		it('applies a truncate-only batch to a table whose events carry no key', async () => {
			await harness.reader.query({
				text: 'CREATE TABLE nokey_trunc (id BIGINT, name VARCHAR(20))',
			});
			await harness.reader.query({ text: "INSERT INTO nokey_trunc VALUES (1, 'x')" });
			await apply('nokey_trunc', [
				{
					op: 't',
					before: null,
					after: null,
					key: null,
					source: { lsn: '0/700', commitLsn: '0/700', eventIndex: 0 },
				},
			]);
			expect(await harness.rows('SELECT count(*)::int AS n FROM nokey_trunc')).toEqual([{ n: 0 }]);
		});

		it('refuses rows of a table without any key, naming the table and the fix', async () => {
			await harness.reader.query({ text: 'CREATE TABLE nokey_rows (id BIGINT, name VARCHAR(20))' });
			const events = [{ ...change('c', '0/800', 0, { id: 1, name: 'x' }), key: null }];
			await expect(apply('nokey_rows', events)).rejects.toThrow(
				/"nokey_rows" has changes to apply but no key columns.*Add a primary key to the table in PostgreSQL, or set Key Columns for this table/,
			);
			await apply('nokey_rows', events, ['id']);
			expect(await harness.rows('SELECT id, name FROM nokey_rows')).toEqual([
				{ id: '1', name: 'x' },
			]);
		});
	});

	describe('upgrade from the one-position state', () => {
		it('keeps skipping what the older version applied, and applies what comes after', async () => {
			await harness.reader.query({ text: 'CREATE SCHEMA legacy' });
			await harness.reader.query({ text: 'CREATE TABLE legacy.t (id BIGINT, name VARCHAR(20))' });
			await harness.reader.query({ text: "INSERT INTO legacy.t VALUES (1, 'one v2')" });
			await harness.reader.query({
				text: 'CREATE TABLE legacy._n8n_cdc_positions (target_table VARCHAR(512) NOT NULL, position NUMERIC(38,0) NOT NULL)',
			});
			await harness.reader.query({
				text: `INSERT INTO legacy._n8n_cdc_positions VALUES ('legacy.t', ${String(0x200n << 32n)})`,
			});
			const table = { schema: 'legacy', name: 't' };
			const load = async (events: ChangeEvent[]) =>
				await changelogLoad({
					connection: harness.connections[transport],
					table,
					events,
					staging: harness.staging(`legacy-${++runs}`),
				});
			// Already applied by the older version (1 was updated at 0/200, 2 deleted): a redelivery changes nothing.
			await load([
				change('c', '0/100', 0, { id: 1, name: 'one' }),
				change('c', '0/100', 1, { id: 2, name: 'two' }),
			]);
			expect(await harness.rows('SELECT id, name FROM legacy.t ORDER BY id')).toEqual([
				{ id: '1', name: 'one v2' },
			]);
			await load([change('u', '0/300', 0, { id: 1, name: 'one v3' })]);
			expect(await harness.rows('SELECT id, name FROM legacy.t ORDER BY id')).toEqual([
				{ id: '1', name: 'one v3' },
			]);
		});
	});

	describe('source server', () => {
		const from = (systemId: string | undefined, commitLsn: string, id: number): ChangeEvent => {
			const event = change('c', commitLsn, 0, { id, name: 'x' });
			return {
				...event,
				source: { ...event.source, ...(systemId ? { systemId, timeline: 1 } : {}) },
			};
		};

		it('records the system identifier and refuses a batch from another server with how to reset', async () => {
			await harness.reader.query({ text: 'CREATE TABLE sys_id (id BIGINT, name VARCHAR(20))' });
			await apply('sys_id', [from('7400000000000000001', '0/900', 1)]);
			expect(
				await harness.rows(
					"SELECT system_id, timeline FROM _n8n_cdc_positions WHERE target_table = 'sys_id'",
				),
			).toEqual([{ system_id: '7400000000000000001', timeline: '1' }]);
			await expect(apply('sys_id', [from('7400000000000000002', '0/10', 2)])).rejects.toThrow(
				/holds changes from PostgreSQL server 7400000000000000001, but this batch comes from server 7400000000000000002.*TRUNCATE "sys_id".*new initial snapshot/,
			);
			// Items without a system identifier (not from the trigger) are applied as before.
			await apply('sys_id', [from(undefined, '0/A00', 3)]);
			expect(await harness.rows('SELECT id FROM sys_id ORDER BY id')).toEqual([
				{ id: '1' },
				{ id: '3' },
			]);
		});
	});
});
