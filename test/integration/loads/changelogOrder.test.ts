import {
	changelogLoad,
	ROW_POSITION_COLUMN,
	type ChangeEvent,
	type ChangelogOptions,
} from '../../../nodes/shared/loads';
import { change, startLoadHarness, TRANSPORTS, type LoadHarness } from './loadHarness';

type Fill = 'csv' | 'parquet' | 'insert';
const FILLS: Fill[] = ['csv', 'parquet', 'insert'];

/**
 * Batches reach the Sink in any order, in part, or twice (runs finishing out of order, an IF before
 * two Sinks, replays after crashes): the apply is last-writer-wins by position, so the table ends the
 * same whatever the order, and nothing is lost or applied twice.
 */
describe.each(TRANSPORTS)('changelog in any order over %s', (transport) => {
	let harness: LoadHarness;
	beforeAll(async () => {
		harness = await startLoadHarness(`loads_order_${transport.toLowerCase()}`);
	});
	afterAll(async () => await harness.stop());

	let runs = 0;
	const apply = async (fill: Fill, table: string, events: ChangeEvent[]) => {
		const how: Partial<ChangelogOptions> =
			fill === 'insert'
				? { writeMode: 'insert', insert: { batchSize: 50 } }
				: {
						staging: harness.staging(
							`${table}-${++runs}`,
							fill === 'parquet' ? { format: 'parquet' } : {},
						),
					};
		return await changelogLoad({
			connection: harness.connections[transport],
			table: { name: table },
			events,
			...how,
		});
	};
	const rows = async (table: string) =>
		await harness.rows(`SELECT id, name FROM ${table} ORDER BY id`);

	// Two transactions: the first inserts 1, 2 and 4; the second updates 1, deletes 2 and inserts 3.
	const first = [
		change('c', '0/100', 0, { id: 1, name: 'one' }),
		change('c', '0/100', 1, { id: 2, name: 'two' }),
		change('c', '0/100', 2, { id: 4, name: 'four' }),
	];
	const second = [
		change('u', '0/200', 0, { id: 1, name: 'one v2' }),
		change('d', '0/200', 1, { id: 2 }),
		change('c', '0/200', 2, { id: 3, name: 'three' }),
	];
	const expected = [
		{ id: '1', name: 'one v2' },
		{ id: '3', name: 'three' },
		{ id: '4', name: 'four' },
	];

	it.each(FILLS)(
		'ends the same when the later batch commits first, and replays change nothing (%s)',
		async (fill) => {
			const table = `ord_rev_${fill}`;
			await harness.reader.query({ text: `CREATE TABLE ${table} (id BIGINT, name VARCHAR(20))` });
			await apply(fill, table, second);
			const late = await apply(fill, table, first);
			// The late batch inserts only 4: 1 was updated later and 2 was deleted later (its tombstone holds).
			expect(late.rowsLoaded).toBe(1);
			expect(await rows(table)).toEqual(expected);
			for (const batch of [second, first, second])
				expect((await apply(fill, table, batch)).rowsLoaded).toBe(0);
			expect(await rows(table)).toEqual(expected);
			// Every row keeps the position of the change that wrote it.
			expect(
				await harness.rows(
					`SELECT id, CAST(${ROW_POSITION_COLUMN} AS VARCHAR(40)) AS p FROM ${table} ORDER BY id`,
				),
			).toEqual([
				{ id: '1', p: String(0x200n << 32n) },
				{ id: '3', p: String((0x200n << 32n) + 2n) },
				{ id: '4', p: String((0x100n << 32n) + 2n) },
			]);
		},
	);

	it.each(FILLS)(
		'applies the rest of a partly delivered transaction after newer batches (%s)',
		async (fill) => {
			const table = `ord_part_${fill}`;
			await harness.reader.query({ text: `CREATE TABLE ${table} (id BIGINT, name VARCHAR(20))` });
			// Only part of the first transaction reaches this Sink at first (e.g. an IF let half of it through).
			await apply(fill, table, [first[1]]);
			await apply(fill, table, second);
			await apply(fill, table, [first[0], first[2]]);
			expect(await rows(table)).toEqual(expected);
			// The whole transaction again, as after a crash: nothing changes.
			expect((await apply(fill, table, first)).rowsLoaded).toBe(0);
			expect(await rows(table)).toEqual(expected);
		},
	);

	it('applies overlapping runs to one table, each with its own staging, to the same end', async () => {
		const table = 'ord_overlap';
		await harness.reader.query({ text: `CREATE TABLE ${table} (id BIGINT, name VARCHAR(20))` });
		const third = [
			change('u', '0/300', 0, { id: 4, name: 'four v3' }),
			change('c', '0/300', 1, { id: 2, name: 'two again' }),
		];
		await Promise.all([
			apply('csv', table, third),
			apply('insert', table, second),
			apply('csv', table, first),
			apply('parquet', table, second),
		]);
		expect(await rows(table)).toEqual([
			{ id: '1', name: 'one v2' },
			{ id: '2', name: 'two again' },
			{ id: '3', name: 'three' },
			{ id: '4', name: 'four v3' },
		]);
	});

	it('applies a truncate that arrives late only to the rows written before it', async () => {
		const table = 'ord_trunc';
		await harness.reader.query({ text: `CREATE TABLE ${table} (id BIGINT, name VARCHAR(20))` });
		await apply('csv', table, first);
		await apply('csv', table, [change('c', '0/300', 0, { id: 7, name: 'after' })]);
		await apply('csv', table, [
			change('t', '0/250', 0, null),
			change('c', '0/250', 1, { id: 5, name: 'five' }),
		]);
		expect(await rows(table)).toEqual([
			{ id: '5', name: 'five' },
			{ id: '7', name: 'after' },
		]);
		// A batch from before the truncate, arriving even later, stays truncated away.
		await apply('csv', table, second);
		expect(await rows(table)).toEqual([
			{ id: '5', name: 'five' },
			{ id: '7', name: 'after' },
		]);
	});

	it('keeps tombstones outside the target and prunes them after the retention', async () => {
		const table = 'ord_tomb';
		await harness.reader.query({ text: `CREATE TABLE ${table} (id BIGINT, name VARCHAR(20))` });
		await apply('csv', table, [...first, ...second]);
		expect(
			await harness.rows(
				`SELECT id, CAST(${ROW_POSITION_COLUMN} AS VARCHAR(40)) AS p FROM _n8n_cdc_deleted_${table}`,
			),
		).toEqual([{ id: '2', p: String((0x200n << 32n) + 1n) }]);
		const later = new Date(Date.now() + 15 * 86_400_000);
		await changelogLoad({
			connection: harness.connections[transport],
			table: { name: table },
			events: [change('c', '0/400', 0, { id: 8, name: 'eight' })],
			writeMode: 'insert',
			now: () => later,
		});
		expect(await harness.rows(`SELECT count(*)::int AS n FROM _n8n_cdc_deleted_${table}`)).toEqual([
			{ n: 0 },
		]);
	});
});
